// SafeTensorsLayout: checks that a safetensors header's byte ranges fit the shapes and tile the data exactly.

enum SafeTensorsLayout {
    struct Entry {
        let name: String
        let shape: [Int]
        /// Byte offsets into the data section.
        let begin: Int
        let end: Int
    }

    /// Returns the entries in data order after checking, as the reference implementation does, that each range
    /// is 4 bytes per element of its shape, and that the ranges sorted by offset cover the data exactly once.
    static func check(_ entries: [Entry], dataLength: Int, file: String) throws(ModelFileError) -> [Entry] {
        func malformed(_ entry: Entry, _ reason: String) -> ModelFileError {
            .malformedTensor(file: file, tensor: entry.name, reason: reason)
        }
        for entry in entries {
            guard entry.begin <= entry.end else {
                throw malformed(entry, "data_offsets [\(entry.begin), \(entry.end)] end before they begin")
            }
            var byteCount = 4
            for size in entry.shape {
                let (product, overflow) = byteCount.multipliedReportingOverflow(by: size)
                guard !overflow else { throw malformed(entry, "shape \(entry.shape) is too large") }
                byteCount = product
            }
            guard byteCount == entry.end - entry.begin else {
                throw malformed(entry, "shape \(entry.shape) needs \(byteCount) bytes of float32 but data_offsets "
                    + "[\(entry.begin), \(entry.end)] span \(entry.end - entry.begin)")
            }
        }
        let sorted = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var previous: Entry?
        for entry in sorted {
            guard entry.end <= dataLength else {
                throw malformed(entry, "data_offsets [\(entry.begin), \(entry.end)] reach past the \(dataLength) "
                    + "bytes of data; the file is truncated or its header is wrong")
            }
            guard entry.begin >= covered else {
                throw malformed(entry, "data_offsets [\(entry.begin), \(entry.end)] overlap tensor '\(previous?.name ?? "")'")
            }
            guard entry.begin == covered else {
                throw malformed(entry, "bytes \(covered)..<\(entry.begin) before it belong to no tensor")
            }
            covered = entry.end
            previous = entry
        }
        guard covered == dataLength else {
            throw .malformedHeader(file: file, reason: "the last \(dataLength - covered) bytes of data belong to no tensor")
        }
        return sorted
    }
}
