// PyTorchCheckpointTests: reading hand-built .pth archives: layouts, strided views, and refused content.
import Testing
@testable import ModelFiles

@Suite struct PyTorchCheckpointTests {
    let weight = FixtureTensor.contiguous("layer.weight", key: "7", shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
    let bias = FixtureTensor.contiguous("layer.bias", key: "3", shape: [2], values: [-0.5, 0.25])

    @Test(arguments: ["archive", "FNet_model"])
    func readsAStateDictInFileOrder(folder: String) throws {
        let stateDict = try PyTorchCheckpoint.decode(TorchFixture.archive([weight, bias], folder: folder), file: "m.pth")
        #expect(stateDict.names == ["layer.weight", "layer.bias"])
        #expect(stateDict["layer.weight"] == NamedTensor(name: "layer.weight", shape: [2, 3], values: [1, 2, 3, 4, 5, 6]))
        #expect(stateDict["layer.bias"]?.values == [-0.5, 0.25])
        #expect(stateDict.metadata.isEmpty)
    }

    /// Storage 0, 1, …, 11; each view gathered row-major.
    @Test(arguments: [
        (shape: [3, 2], strides: [1, 3], offset: 0, expected: [0, 3, 1, 4, 2, 5] as [Float]),  // transpose
        (shape: [2, 2], strides: [1, 4], offset: 1, expected: [1, 5, 2, 6]),
        (shape: [2, 3], strides: [6, 2], offset: 0, expected: [0, 2, 4, 6, 8, 10]),  // every other column
        (shape: [2, 2], strides: [0, 1], offset: 3, expected: [3, 4, 3, 4]),  // expanded rows
        (shape: [], strides: [], offset: 11, expected: [11]),  // scalar
        (shape: [0, 5], strides: [5, 1], offset: 0, expected: []),
    ])
    func honoursStridesAndOffset(shape: [Int], strides: [Int], offset: Int, expected: [Float]) throws {
        let view = FixtureTensor(name: "view", storageKey: "0", storage: (0..<12).map(Float.init),
                                 offset: offset, shape: shape, strides: strides)
        let stateDict = try PyTorchCheckpoint.decode(TorchFixture.archive([view]), file: "m.pth")
        #expect(stateDict["view"] == NamedTensor(name: "view", shape: shape, values: expected))
    }

    @Test(arguments: [(shape: [4, 4], strides: [4, 1], offset: 0), (shape: [3], strides: [1], offset: 10),
                      (shape: [2], strides: [Int.max / 2], offset: 0)])
    func refusesAViewOutsideItsStorage(shape: [Int], strides: [Int], offset: Int) {
        let view = FixtureTensor(name: "view", storageKey: "0", storage: (0..<12).map(Float.init),
                                 offset: offset, shape: shape, strides: strides)
        expectModelFileError("malformedTensor", containing: ["'view'"]) {
            _ = try PyTorchCheckpoint.decode(TorchFixture.archive([view]), file: "m.pth")
        }
    }

    @Test func refusesABroadcastLargerThanItsStorage() {
        let view = FixtureTensor(name: "view", storageKey: "0", storage: [1, 2], shape: [1000, 2], strides: [0, 1])
        expectModelFileError("malformedTensor", containing: [".contiguous()"]) {
            _ = try PyTorchCheckpoint.decode(TorchFixture.archive([view]), file: "m.pth")
        }
    }

    @Test(arguments: [("DoubleStorage", "torch.DoubleStorage (float64)"), ("HalfStorage", "torch.HalfStorage (float16)"),
                      ("ComplexFloatStorage", "torch.ComplexFloatStorage")])
    func refusesOtherElementTypes(storageType: String, dtype: String) {
        var tensor = bias
        tensor.storageType = storageType
        #expect(throws: ModelFileError.unsupportedDtype(file: "m.pth", tensor: "layer.bias", dtype: dtype)) {
            _ = try PyTorchCheckpoint.decode(TorchFixture.archive([tensor]), file: "m.pth")
        }
    }

    @Test(arguments: [("os", "system"), ("builtins", "eval"), ("__builtin__", "exec"), ("torch", "load"),
                      ("subprocess", "Popen")])
    func refusesForbiddenGlobals(module: String, name: String) {
        var pickle = PickleBuilder()
        pickle.global(module, name)
        pickle.string("echo owned")
        pickle.tuple1()
        pickle.reduce()
        pickle.stop()
        let bytes = TorchFixture.archive(pickle: pickle.bytes, tensors: [])
        #expect(throws: ModelFileError.forbiddenGlobal(file: "evil.pth", module: module, name: name)) {
            _ = try PyTorchCheckpoint.decode(bytes, file: "evil.pth")
        }
    }

    @Test func unwrapsParameters() throws {
        var pickle = PickleBuilder()
        pickle.global("collections", "OrderedDict")
        pickle.emptyTuple()
        pickle.reduce()
        pickle.mark()
        pickle.string(bias.name)
        pickle.global("torch._utils", "_rebuild_parameter")
        pickle.mark()
        TorchFixture.rebuildTensor(bias, into: &pickle)
        pickle.opcode(0x88)  // NEWTRUE: requires_grad
        pickle.emptyDict()
        pickle.tuple()
        pickle.reduce()
        pickle.setItems()
        pickle.stop()
        let stateDict = try PyTorchCheckpoint.decode(TorchFixture.archive(pickle: pickle.bytes, tensors: [bias]),
                                                     file: "m.pth")
        #expect(stateDict["layer.bias"]?.values == [-0.5, 0.25])
    }

    /// A dict stored in the memo and filled afterwards shows its items when fetched back from the memo.
    @Test func sharesMemoizedContainers() throws {
        var pickle = PickleBuilder()
        pickle.emptyList()
        pickle.emptyDict()
        pickle.put(0)
        pickle.mark()
        pickle.string(bias.name)
        TorchFixture.rebuildTensor(bias, into: &pickle)
        pickle.setItems()
        pickle.append()
        pickle.get(0)
        pickle.stop()
        let stateDict = try PyTorchCheckpoint.decode(TorchFixture.archive(pickle: pickle.bytes, tensors: [bias]),
                                                     file: "m.pth")
        #expect(stateDict.names == ["layer.bias"])
    }

    @Test func reportsMissingAndDamagedEntries() {
        let noStorage = TorchFixture.archive(pickle: TorchFixture.statePickle([bias]), tensors: [])
        #expect(throws: ModelFileError.missingEntry(file: "m.pth", entry: "archive/data/3")) {
            _ = try PyTorchCheckpoint.decode(noStorage, file: "m.pth")
        }
        let noPickle = TestZipWriter.archive([TestZipEntry(name: "archive/version", contents: [0x33])])
        expectModelFileError("missingEntry", containing: ["data.pkl"]) {
            _ = try PyTorchCheckpoint.decode(noPickle, file: "m.pth")
        }
        var shortStorage = bias
        shortStorage.storage = [1]
        let mismatched = TorchFixture.archive(pickle: TorchFixture.statePickle([bias]), tensors: [shortStorage])
        expectModelFileError("malformedTensor", containing: ["4 bytes"]) {
            _ = try PyTorchCheckpoint.decode(mismatched, file: "m.pth")
        }
    }

    @Test func namesACompressedStorage() {
        let entries = [
            TestZipEntry(name: "archive/data.pkl", contents: TorchFixture.statePickle([bias])),
            TestZipEntry(name: "archive/data/3", contents: TorchFixture.floatBytes(bias.storage), method: 8),
        ]
        #expect(throws: ModelFileError.compressedEntry(file: "m.pth", entry: "archive/data/3", method: 8)) {
            _ = try PyTorchCheckpoint.decode(TestZipWriter.archive(entries), file: "m.pth")
        }
    }

    @Test(arguments: [("big", true), ("little", false)])
    func checksTheByteOrder(byteOrder: String, refused: Bool) throws {
        let bytes = TorchFixture.archive(pickle: TorchFixture.statePickle([bias]), tensors: [bias],
                                         extraEntries: [TestZipEntry(name: "archive/byteorder",
                                                                     contents: Array(byteOrder.utf8))])
        if refused {
            #expect(throws: ModelFileError.bigEndianStorage(file: "m.pth")) {
                _ = try PyTorchCheckpoint.decode(bytes, file: "m.pth")
            }
        } else {
            #expect(try PyTorchCheckpoint.decode(bytes, file: "m.pth").names == ["layer.bias"])
        }
    }
}
