// SafeTensorsFile: reads and writes the safetensors format (float32 tensors only), validating like the reference.
import Foundation

/// safetensors: an 8-byte little-endian header length N, N bytes of JSON
/// `{"__metadata__": {…}, "name": {"dtype": "F32", "shape": […], "data_offsets": [begin, end]}, …}`
/// padded with spaces to a multiple of 8, then the tensors' bytes back to back.
public enum SafeTensorsFile {
    public static func read(contentsOf url: URL) throws(ModelFileError) -> StateDict {
        try decode(try FileBytes.read(url), file: url.path)
    }

    /// Writes atomically: on failure the destination is untouched and no temporary file remains.
    public static func write(_ stateDict: StateDict, to url: URL) throws(ModelFileError) {
        try FileBytes.writeAtomically(try encode(stateDict, file: url.path), to: url)
    }

    /// Tensors come back in data order (for files written here: sorted by name). `file` names the source in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws(ModelFileError) -> StateDict {
        var cursor = ByteCursor(bytes: bytes[...], file: file, context: "the 8-byte header length")
        let headerLength = try cursor.readUInt64()
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw .malformedHeader(file: file, reason: "it claims \(headerLength) bytes but only \(bytes.count - 8) "
                + "follow; the file is truncated or not safetensors")
        }
        let dataStart = 8 + Int(headerLength)
        let header = try parseHeader(Array(bytes[8..<dataStart]), file: file)
        let entries = try SafeTensorsLayout.check(header.entries, dataLength: bytes.count - dataStart, file: file)
        let tensors = entries.map { entry in
            let data = bytes[(dataStart + entry.begin)..<(dataStart + entry.end)]
            let values = data.withUnsafeBytes { raw in
                (0..<(raw.count / 4)).map { index in
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                }
            }
            return NamedTensor(name: entry.name, shape: entry.shape, values: values)
        }
        return StateDict(tensors: tensors, metadata: header.metadata)
    }

    /// The file's bytes, tensors sorted by name as the reference implementation writes them
    /// (it sorts by dtype, then name; here every dtype is F32). `file` names the destination in errors.
    public static func encode(_ stateDict: StateDict, file: String) throws(ModelFileError) -> [UInt8] {
        let sorted = stateDict.tensors.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var members: [String] = []
        if !stateDict.metadata.isEmpty {
            let pairs = stateDict.metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                .map { JSONText.quoted($0.key) + ":" + JSONText.quoted($0.value) }
            members.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for tensor in sorted {
            guard tensor.name != metadataKey else {
                throw .malformedTensor(file: file, tensor: tensor.name, reason: "the name is reserved by safetensors")
            }
            let end = offset + tensor.elementCount * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            members.append(JSONText.quoted(tensor.name)
                + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + members.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for tensor in sorted {
            for value in tensor.values {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    static let metadataKey = "__metadata__"

    private static func parseHeader(_ headerBytes: [UInt8], file: String)
        throws(ModelFileError) -> (entries: [SafeTensorsLayout.Entry], metadata: [String: String]) {
        func malformed(_ reason: String) -> ModelFileError { .malformedHeader(file: file, reason: reason) }
        let json: JSONValue
        do {
            json = try JSONParser.parse(headerBytes)
        } catch {
            throw malformed("not valid JSON: \(error.reason)")
        }
        guard case let .object(members) = json else { throw malformed("the JSON is not an object") }
        var entries: [SafeTensorsLayout.Entry] = []
        var metadata: [String: String] = [:]
        for (name, value) in members {
            if name == metadataKey {
                guard case let .object(pairs) = value else { throw malformed("__metadata__ is not an object") }
                for (key, value) in pairs {
                    guard case let .string(text) = value else {
                        throw malformed("__metadata__ value of '\(key)' is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            guard case let .object(fields) = value,
                  let dtypeField = fields.first(where: { $0.key == "dtype" })?.value,
                  case let .string(dtype) = dtypeField,
                  let shape = counts(fields.first(where: { $0.key == "shape" })?.value),
                  let offsets = counts(fields.first(where: { $0.key == "data_offsets" })?.value), offsets.count == 2
            else {
                throw malformed("tensor '\(name)' needs \"dtype\": string, \"shape\": [counts], "
                    + "\"data_offsets\": [begin, end]")
            }
            guard dtype == "F32" else { throw .unsupportedDtype(file: file, tensor: name, dtype: dtype) }
            entries.append(SafeTensorsLayout.Entry(name: name, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        return (entries, metadata)
    }

    /// A JSON array of non-negative integers, or nil.
    private static func counts(_ value: JSONValue?) -> [Int]? {
        guard case let .array(elements) = value else { return nil }
        var counts: [Int] = []
        for element in elements {
            guard case let .number(text) = element, let count = Int(text), count >= 0 else { return nil }
            counts.append(count)
        }
        return counts
    }
}
