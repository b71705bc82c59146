// TorchFixture: hand-assembled pickles and .pth archives laid out as torch.save writes a state_dict.
@testable import ModelFiles

/// Appends pickle opcodes; each method is one opcode (or the opcode and its operands).
struct PickleBuilder {
    private(set) var bytes: [UInt8] = [0x80, 2]  // PROTO 2

    mutating func opcode(_ code: UInt8) { bytes.append(code) }
    mutating func mark() { opcode(0x28) }
    mutating func emptyTuple() { opcode(0x29) }
    mutating func emptyDict() { opcode(0x7D) }
    mutating func emptyList() { opcode(0x5D) }
    mutating func tuple() { opcode(0x74) }
    mutating func tuple1() { opcode(0x85) }
    mutating func reduce() { opcode(0x52) }
    mutating func persistentID() { opcode(0x51) }
    mutating func setItems() { opcode(0x75) }
    mutating func append() { opcode(0x61) }
    mutating func newFalse() { opcode(0x89) }
    mutating func stop() { opcode(0x2E) }
    mutating func put(_ index: UInt8) { bytes += [0x71, index] }
    mutating func get(_ index: UInt8) { bytes += [0x68, index] }

    mutating func global(_ module: String, _ name: String) {
        opcode(0x63)
        bytes += Array("\(module)\n\(name)\n".utf8)
    }

    mutating func string(_ text: String) {
        opcode(0x58)
        bytes.appendLittleEndian(UInt32(text.utf8.count))
        bytes += Array(text.utf8)
    }

    mutating func int(_ value: Int) {
        switch value {
        case 0..<256: bytes += [0x4B, UInt8(value)]
        case 0..<65536: opcode(0x4D); bytes.appendLittleEndian(UInt16(value))
        case Int(Int32.min)...Int(Int32.max): opcode(0x4A); bytes.appendLittleEndian(Int32(value))
        default: bytes += [0x8A, 8]; bytes.appendLittleEndian(Int64(value))  // LONG1
        }
    }

    mutating func intTuple(_ values: [Int]) {
        mark()
        values.forEach { int($0) }
        tuple()
    }
}

/// One tensor of a fixture state_dict: a view of the storage `data/<storageKey>`.
struct FixtureTensor {
    var name: String
    var storageKey: String
    var storageType = "FloatStorage"
    var storage: [Float]
    var offset = 0
    var shape: [Int]
    var strides: [Int]

    /// A contiguous tensor with its own storage.
    static func contiguous(_ name: String, key: String, shape: [Int], values: [Float]) -> FixtureTensor {
        var strides = [Int](repeating: 1, count: shape.count)
        for dimension in shape.indices.dropLast().reversed() {
            strides[dimension] = strides[dimension + 1] * shape[dimension + 1]
        }
        return FixtureTensor(name: name, storageKey: key, storage: values, shape: shape, strides: strides)
    }
}

enum TorchFixture {
    /// `OrderedDict` of `_rebuild_tensor_v2(...)` entries, as torch.save pickles `model.state_dict()`.
    static func statePickle(_ tensors: [FixtureTensor]) -> [UInt8] {
        var pickle = PickleBuilder()
        pickle.global("collections", "OrderedDict")
        pickle.emptyTuple()
        pickle.reduce()
        pickle.mark()
        for tensor in tensors {
            pickle.string(tensor.name)
            rebuildTensor(tensor, into: &pickle)
        }
        pickle.setItems()
        pickle.stop()
        return pickle.bytes
    }

    static func rebuildTensor(_ tensor: FixtureTensor, into pickle: inout PickleBuilder) {
        pickle.global("torch._utils", "_rebuild_tensor_v2")
        pickle.mark()
        pickle.mark()
        pickle.string("storage")
        pickle.global("torch", tensor.storageType)
        pickle.string(tensor.storageKey)
        pickle.string("cuda:0")
        pickle.int(tensor.storage.count)
        pickle.tuple()
        pickle.persistentID()
        pickle.int(tensor.offset)
        pickle.intTuple(tensor.shape)
        pickle.intTuple(tensor.strides)
        pickle.newFalse()
        pickle.global("collections", "OrderedDict")
        pickle.emptyTuple()
        pickle.reduce()
        pickle.tuple()
        pickle.reduce()
    }

    /// A .pth archive: `<folder>/data.pkl`, one storage entry per distinct key, `<folder>/version`.
    static func archive(pickle: [UInt8], tensors: [FixtureTensor], folder: String = "archive",
                        extraEntries: [TestZipEntry] = []) -> [UInt8] {
        var entries = [TestZipEntry(name: "\(folder)/data.pkl", contents: pickle)]
        var seenKeys: Set<String> = []
        for tensor in tensors where seenKeys.insert(tensor.storageKey).inserted {
            entries.append(TestZipEntry(name: "\(folder)/data/\(tensor.storageKey)", contents: floatBytes(tensor.storage)))
        }
        entries.append(TestZipEntry(name: "\(folder)/version", contents: Array("3\n".utf8)))
        return TestZipWriter.archive(entries + extraEntries)
    }

    static func archive(_ tensors: [FixtureTensor], folder: String = "archive") -> [UInt8] {
        archive(pickle: statePickle(tensors), tensors: tensors, folder: folder)
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        values.forEach { bytes.appendLittleEndian($0.bitPattern) }
        return bytes
    }
}
