// MalformedInputTests: every truncation and thousands of seeded random byte changes end in a result or a typed error.
import Testing
@testable import ModelFiles

/// SplitMix64: a small seeded generator so every run mutates the same bytes.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

@Suite struct MalformedInputTests {
    let tensors = [
        FixtureTensor.contiguous("conv.weight", key: "0", shape: [2, 1, 2, 2], values: (0..<8).map(Float.init)),
        FixtureTensor(name: "view", storageKey: "1", storage: (0..<6).map(Float.init), offset: 1, shape: [2, 2],
                      strides: [1, 2]),
    ]

    private var safetensors: [UInt8] {
        get throws {
            try SafeTensorsFile.encode(StateDict(tensors: [NamedTensor(name: "w", shape: [2, 2], values: [1, 2, 3, 4]),
                                                           NamedTensor(name: "b", shape: [2], values: [5, 6])],
                                                 metadata: ["epoch": "7"]), file: "m")
        }
    }

    /// Flips up to three random bytes to random values.
    private func mutated(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var copy = bytes
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            copy[Int.random(in: copy.indices, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
        }
        return copy
    }

    @Test func everyTruncationIsReported() throws {
        let pth = TorchFixture.archive(tensors)
        #expect(try PyTorchCheckpoint.decode(pth, file: "m.pth").names == ["conv.weight", "view"])
        for length in 0..<pth.count {
            #expect(throws: ModelFileError.self, "\(length) bytes") {
                _ = try PyTorchCheckpoint.decode(Array(pth.prefix(length)), file: "m.pth")
            }
        }
        let safetensors = try safetensors
        for length in 0..<safetensors.count {
            #expect(throws: ModelFileError.self, "\(length) bytes") {
                _ = try SafeTensorsFile.decode(Array(safetensors.prefix(length)), file: "m.safetensors")
            }
        }
    }

    /// Damage anywhere in the archive, then damage only the pickle (re-zipped with a valid CRC,
    /// so the pickle machine itself meets the bad bytes).
    @Test func randomDamageToPyTorchFilesNeverCrashes() {
        var generator = SplitMix64(state: 2024)
        let pth = TorchFixture.archive(tensors)
        let pickle = TorchFixture.statePickle(tensors)
        for _ in 0..<2000 {
            _ = try? PyTorchCheckpoint.decode(mutated(pth, using: &generator), file: "m.pth")
            let archive = TorchFixture.archive(pickle: mutated(pickle, using: &generator), tensors: tensors)
            _ = try? PyTorchCheckpoint.decode(archive, file: "m.pth")
        }
    }

    @Test func randomDamageToSafetensorsNeverCrashes() throws {
        var generator = SplitMix64(state: 7)
        let bytes = try safetensors
        for _ in 0..<3000 {
            _ = try? SafeTensorsFile.decode(mutated(bytes, using: &generator), file: "m.safetensors")
        }
    }
}
