// SafeTensorsFileTests: round trips, the reference implementation's exact bytes, and every header check.
import Foundation
import Testing
@testable import ModelFiles

@Suite struct SafeTensorsFileTests {
    /// A file from a raw header (padded with spaces to a multiple of 8) and data bytes.
    private func file(header: String, data: [UInt8] = []) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        headerBytes += Array(repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt64(headerBytes.count))
        return bytes + headerBytes + data
    }

    private func entry(_ name: String, shape: [Int], _ begin: Int, _ end: Int, dtype: String = "F32") -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(end)]}"
    }

    private func decode(_ bytes: [UInt8]) throws(ModelFileError) {
        _ = try SafeTensorsFile.decode(bytes, file: "m.safetensors")
    }

    @Test func roundTripsBitsShapesAndMetadata() throws {
        let special: [Float] = [.nan, Float(bitPattern: 0x7FC0_1234), -0.0, .infinity, -.infinity,
                                .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.0 / 3.0]
        let original = StateDict(tensors: [
            NamedTensor(name: "z.weight", shape: [2, 4], values: special),
            NamedTensor(name: "a.bias", shape: [3], values: [1, -2, 3.5]),
            NamedTensor(name: "scalar", shape: [], values: [42]),
            NamedTensor(name: "empty", shape: [0, 3], values: []),
            NamedTensor(name: "naïve \"quoted\"\n☃", shape: [1], values: [7]),
        ], metadata: ["format": "pt", "note": "tab\there, quote \" backslash \\ é 🚀 \u{01}"])
        let decoded = try SafeTensorsFile.decode(try SafeTensorsFile.encode(original, file: "m"), file: "m")
        #expect(decoded.names == ["a.bias", "empty", "naïve \"quoted\"\n☃", "scalar", "z.weight"])
        #expect(decoded.metadata == original.metadata)
        for tensor in original.tensors {
            let copy = try #require(decoded[tensor.name])
            #expect(copy.shape == tensor.shape)
            #expect(copy.values.map(\.bitPattern) == tensor.values.map(\.bitPattern))
        }
    }

    /// Expected header printed by safetensors 0.8.0 (Python) for
    /// save({"b": arange(3), "a.x": ones(2, 2), "A": zeros(1)}, metadata={"k": "é☃\u0001"}).
    @Test func writesTheReferenceBytes() throws {
        let stateDict = StateDict(tensors: [
            NamedTensor(name: "b", shape: [3], values: [0, 1, 2]),
            NamedTensor(name: "a.x", shape: [2, 2], values: [1, 1, 1, 1]),
            NamedTensor(name: "A", shape: [1], values: [0]),
        ], metadata: ["k": "é☃\u{01}"])
        let bytes = try SafeTensorsFile.encode(stateDict, file: "m")
        let header = #"{"__metadata__":{"k":"é☃\u0001"},"A":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""a.x":{"dtype":"F32","shape":[2,2],"data_offsets":[4,20]},"#
            + #""b":{"dtype":"F32","shape":[3],"data_offsets":[20,32]}}      "#
        #expect(Array(bytes.prefix(8)) == [208, 0, 0, 0, 0, 0, 0, 0])
        #expect(String(decoding: bytes[8..<216], as: UTF8.self) == header)
        #expect(Array(bytes[216...]) == TorchFixture.floatBytes([0, 1, 1, 1, 1, 0, 1, 2]))
    }

    @Test func readsTensorsInDataOrderWhateverTheKeyOrder() throws {
        let bytes = file(header: "{" + entry("second", shape: [1], 4, 8) + "," + entry("first", shape: [1], 0, 4) + "}",
                         data: TorchFixture.floatBytes([1, 2]))
        let stateDict = try SafeTensorsFile.decode(bytes, file: "m")
        #expect(stateDict.names == ["first", "second"])
        #expect(stateDict["second"]?.values == [2])
    }

    @Test func readsEscapedNames() throws {
        let name = #"caf\u00e9 \ud83d\ude80 \"q\" \/ \t"#
        let bytes = file(header: "{" + entry(name, shape: [1], 0, 4) + "}", data: TorchFixture.floatBytes([9]))
        #expect(try SafeTensorsFile.decode(bytes, file: "m").names == ["café 🚀 \"q\" / \t"])
    }

    @Test func reportsAHeaderLongerThanTheFile() {
        var bytes = file(header: "{}")
        bytes[0] = 200
        expectModelFileError("malformedHeader", containing: ["claims 200 bytes", "truncated"]) { try decode(bytes) }
        expectModelFileError("truncated", containing: ["header length"]) { try decode([8, 0, 0]) }
    }

    @Test(arguments: [
        "", "[]", "{\"a\":", "{\"a\":1}", "{} x", "{\"a\":{\"dtype\":\"F32\"}}",
        "{\"__metadata__\":{\"epoch\":3}}", "{\"__metadata__\":[]}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}",
        "{\"a\":{},\"a\":{}}", "{\"bad\\q\":1}", "{\"\\ud800\":1}", "{\"\\u+abc\":1}",
        String(repeating: "[", count: 100_000),
    ])
    func reportsMalformedHeaders(header: String) {
        expectModelFileError("malformedHeader", containing: ["m.safetensors"]) { try decode(file(header: header)) }
    }

    @Test(arguments: ["F16", "BF16", "F64", "I64", "U8"])
    func refusesOtherDtypes(dtype: String) {
        let bytes = file(header: "{" + entry("w", shape: [2], 0, 4, dtype: dtype) + "}", data: [0, 0, 0, 0])
        #expect(throws: ModelFileError.unsupportedDtype(file: "m.safetensors", tensor: "w", dtype: dtype)) {
            try decode(bytes)
        }
    }

    @Test(arguments: [
        (entries: [(shape: [3], 0, 8)], data: 8, problem: "needs 12 bytes"),  // shape vs offsets
        (entries: [(shape: [2], 0, 8)], data: 4, problem: "reach past"),  // out of bounds
        (entries: [(shape: [1], 8, 4)], data: 8, problem: "end before they begin"),
        (entries: [(shape: [2], 0, 8), (shape: [1], 4, 8)], data: 8, problem: "overlap"),
        (entries: [(shape: [1], 4, 8)], data: 8, problem: "belong to no tensor"),  // gap
    ] as [(entries: [(shape: [Int], Int, Int)], data: Int, problem: String)])
    func reportsBadOffsets(entries: [(shape: [Int], Int, Int)], data: Int, problem: String) {
        let members = entries.enumerated().map { entry("t\($0)", shape: $1.shape, $1.1, $1.2) }
        let bytes = file(header: "{" + members.joined(separator: ",") + "}", data: Array(repeating: 0, count: data))
        expectModelFileError("malformedTensor", containing: [problem]) { try decode(bytes) }
    }

    @Test func reportsDataNoTensorOwns() {
        let bytes = file(header: "{" + entry("t", shape: [1], 0, 4) + "}", data: Array(repeating: 0, count: 12))
        expectModelFileError("malformedHeader", containing: ["last 8 bytes"]) { try decode(bytes) }
    }

    @Test func refusesTheReservedName() {
        let stateDict = StateDict(tensors: [NamedTensor(name: "__metadata__", shape: [1], values: [0])])
        expectModelFileError("malformedTensor", containing: ["reserved"]) {
            _ = try SafeTensorsFile.encode(stateDict, file: "m")
        }
    }
}
