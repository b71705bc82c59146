// PickleMachineTests: malformed and hostile pickle programs end in typed errors, never a crash.
import Testing
@testable import ModelFiles

@Suite struct PickleMachineTests {
    private func unpickle(_ bytes: [UInt8]) throws(ModelFileError) {
        _ = try PickleMachine.unpickleDict(bytes[...], file: "p.pkl")
    }

    @Test func refusesAnUnsupportedOpcode() {
        // PROTO 2, FLOAT (text) "1.0\n"
        #expect(throws: ModelFileError.unsupportedPickleOpcode(file: "p.pkl", opcode: 0x46, offset: 2)) {
            try unpickle([0x80, 2, 0x46] + Array("1.0\n".utf8) + [0x2E])
        }
    }

    @Test(arguments: [
        [0x80, 2, 0x52, 0x2E],  // REDUCE on an empty stack
        [0x80, 2, 0x68, 9, 0x2E],  // BINGET of a slot never stored
        [0x80, 2, 0x74, 0x2E],  // TUPLE without MARK
        [0x80, 2, 0x7D, 0x4B, 1, 0x4B, 2, 0x73, 0x2E],  // int dict key
        [0x80, 2, 0x29, 0x4B, 1, 0x61, 0x2E],  // APPEND to a tuple
        [0x80, 2, 0x58, 2, 0, 0, 0, 0xC3, 0x28, 0x2E],  // invalid UTF-8
        [0x80, 2, 0x8A, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0x2E],  // 9-byte LONG1
    ] as [[UInt8]])
    func reportsMalformedPrograms(bytes: [UInt8]) {
        expectModelFileError("malformedPickle", containing: ["p.pkl", "data.pkl"]) { try unpickle(bytes) }
    }

    @Test(arguments: [[0x80, 2, 0x7D], [0x80, 2, 0x58, 200, 0, 0, 0, 0x41], [0x80, 2, 0x63] + Array("os".utf8)]
          as [[UInt8]])
    func reportsATruncatedPickle(bytes: [UInt8]) {
        expectModelFileError("truncated", containing: ["data.pkl"]) { try unpickle(bytes) }
    }

    @Test func refusesARootThatIsNotADict() {
        expectModelFileError("notAStateDict", containing: ["a list"]) { try unpickle([0x80, 2, 0x5D, 0x2E]) }
    }

    @Test func refusesValuesThatAreNotTensors() {
        var pickle = PickleBuilder()
        pickle.emptyDict()
        pickle.mark()
        pickle.string("epoch")
        pickle.int(3)
        pickle.setItems()
        pickle.stop()
        expectModelFileError("notAStateDict", containing: ["'epoch' is an int", "model.state_dict()"]) {
            _ = try PyTorchCheckpoint.decode(TorchFixture.archive(pickle: pickle.bytes, tensors: []), file: "p.pth")
        }
    }

    @Test func readsLong1Integers() throws {
        var pickle = PickleBuilder()
        pickle.emptyDict()
        pickle.mark()
        for (key, bytes) in [("small", [5]), ("negative", [0xFE, 0xFF]), ("zero", [])] as [(String, [UInt8])] {
            pickle.string(key)
            pickle.opcode(0x8A)
            pickle.opcode(UInt8(bytes.count))
            bytes.forEach { pickle.opcode($0) }
        }
        pickle.setItems()
        pickle.stop()
        let items = try PickleMachine.unpickleDict(pickle.bytes[...], file: "p.pkl")
        let ints = items.map { item -> Int? in if case let .int(value) = item.value { value } else { nil } }
        #expect(ints == [5, -2, 0])
    }

    /// Deep nesting must neither overflow the stack while parsing nor while freeing what was built.
    @Test func survivesDeepNesting() {
        let depth = 200_000
        let tuples: [UInt8] = [0x80, 2, 0x29] + Array(repeating: 0x85, count: depth) + [0x2E]
        expectModelFileError("malformedPickle", containing: ["nested"]) { try unpickle(tuples) }
        let lists: [UInt8] = [0x80, 2] + Array(repeating: 0x5D, count: depth) + Array(repeating: 0x61, count: depth - 1)
            + [0x2E]
        expectModelFileError("notAStateDict") { try unpickle(lists) }
        let marks: [UInt8] = [0x80, 2] + Array(repeating: 0x28, count: depth) + [0x2E]
        expectModelFileError("malformedPickle") { try unpickle(marks) }
    }
}
