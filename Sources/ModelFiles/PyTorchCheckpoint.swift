// PyTorchCheckpoint: reads a state_dict saved by torch.save (zip of data.pkl + raw storages) into a StateDict.
import Foundation

/// Reader for PyTorch `.pth` files in the zip format (PyTorch ≥ 1.6) holding `model.state_dict()`
/// of float32 tensors. Nothing in the file is executed; tensors saved from CUDA are read to the CPU.
public enum PyTorchCheckpoint {
    public static func read(contentsOf url: URL) throws(ModelFileError) -> StateDict {
        try decode(try FileBytes.read(url), file: url.path)
    }

    /// `file` names the source in error messages.
    public static func decode(_ bytes: [UInt8], file: String) throws(ModelFileError) -> StateDict {
        let archive = try ZipArchive(bytes: bytes, file: file)
        // torch.save puts everything in one folder (`archive/` or the file's stem).
        guard let pickleEntry = archive.entries.first(where: { entry in
            entry.name.hasSuffix("/data.pkl") && entry.name.dropLast("/data.pkl".count).allSatisfy { $0 != "/" }
        }) else { throw .missingEntry(file: file, entry: "<folder>/data.pkl") }
        let folder = String(pickleEntry.name.dropLast("data.pkl".count))

        if let byteOrderEntry = archive.entry(named: folder + "byteorder"),
           try archive.contents(of: byteOrderEntry).elementsEqual("big".utf8) {
            throw .bigEndianStorage(file: file)
        }
        let items = try PickleMachine.unpickleDict(try archive.contents(of: pickleEntry), file: file)
        var tensors: [NamedTensor] = []
        for (name, value) in items {
            guard case let .tensor(reference) = value else {
                throw .notAStateDict(file: file, reason: "'\(name)' is \(value.kindName), not a tensor")
            }
            let storageName = folder + "data/" + reference.storage.key
            guard let storageEntry = archive.entry(named: storageName) else {
                throw .missingEntry(file: file, entry: storageName)
            }
            let storage = try archive.contents(of: storageEntry)
            tensors.append(try materialize(reference, name: name, storage: storage, file: file))
        }
        return StateDict(tensors: tensors)
    }

    /// Gathers the strided view `reference` of little-endian float32 `storage` into a contiguous tensor.
    private static func materialize(_ reference: TensorReference, name: String, storage: ArraySlice<UInt8>,
                            file: String) throws(ModelFileError) -> NamedTensor {
        func malformed(_ reason: String) -> ModelFileError {
            .malformedTensor(file: file, tensor: name, reason: reason)
        }
        guard reference.storage.typeName == "FloatStorage" else {
            throw .unsupportedDtype(file: file, tensor: name, dtype: dtypeName(reference.storage.typeName))
        }
        let storageElements = reference.storage.elementCount
        guard storage.count == storageElements * 4 else {
            throw malformed("its storage holds \(storage.count) bytes, not \(storageElements) float32 values")
        }
        var elementCount = 1
        var lastIndex = reference.storageOffset
        for (size, stride) in zip(reference.shape, reference.strides) {
            let (count, countOverflow) = elementCount.multipliedReportingOverflow(by: size)
            let (span, spanOverflow) = (size - 1).multipliedReportingOverflow(by: stride)
            let (sum, sumOverflow) = lastIndex.addingReportingOverflow(span)
            guard !countOverflow, !spanOverflow, !sumOverflow else { throw malformed("its size overflows") }
            elementCount = count
            lastIndex = size == 0 ? lastIndex : sum
        }
        guard elementCount == 0 || lastIndex < storageElements else {
            throw malformed("shape \(reference.shape), strides \(reference.strides) and offset "
                + "\(reference.storageOffset) reach element \(lastIndex) of a storage of \(storageElements)")
        }
        // Only stride-0 (expanded) views can have more elements than their storage; refusing them
        // also bounds the allocation by the file's size.
        guard elementCount <= storageElements else {
            throw malformed("a broadcast view with more elements than its storage; save it with .contiguous()")
        }
        let values = storage.withUnsafeBytes { raw in
            gather(from: raw, shape: reference.shape, strides: reference.strides,
                   offset: reference.storageOffset, count: elementCount)
        }
        return NamedTensor(name: name, shape: reference.shape, values: values)
    }

    /// Row-major walk over the view; the caller has checked every index against `raw`.
    private static func gather(from raw: UnsafeRawBufferPointer, shape: [Int], strides: [Int],
                               offset: Int, count: Int) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        var storageIndex = offset
        for _ in 0..<count {
            let bits = raw.loadUnaligned(fromByteOffset: storageIndex * 4, as: UInt32.self)
            values.append(Float(bitPattern: UInt32(littleEndian: bits)))
            var dimension = shape.count - 1
            while dimension >= 0 {
                index[dimension] += 1
                storageIndex += strides[dimension]
                if index[dimension] < shape[dimension] { break }
                storageIndex -= strides[dimension] * shape[dimension]
                index[dimension] = 0
                dimension -= 1
            }
        }
        return values
    }

    private static func dtypeName(_ storageType: String) -> String {
        let dtypes = ["DoubleStorage": "float64", "HalfStorage": "float16", "BFloat16Storage": "bfloat16",
                      "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16",
                      "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool"]
        return "torch.\(storageType)" + (dtypes[storageType].map { " (\($0))" } ?? "")
    }
}
