// SeedWeightsTests: the seed's real .pth files (saved from CUDA by PyTorch) read with the expected keys and values.
import Foundation
import Testing
@testable import ModelFiles

/// `../shared/seed-weights` beside the package root (this file is Tests/ModelFilesTests/…).
private let seedWeights = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/seed-weights")

private func seedFileExists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: seedWeights.appendingPathComponent(name).path)
}

/// Per tensor: shape, first and last value, and the float64 sum of all values, printed once with
/// /tmp/torch/bin/python: torch.load(path, map_location="cpu"), then for each key
/// np.float32(v.flatten()[0]), np.float32(v.flatten()[-1]), v.double().sum() (torch 2.15.0).
struct SeedTensorExpectation: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    let shape: [Int]
    let first: Float
    let last: Float
    let sum: Double

    var testDescription: String { "\(file) \(name)" }
}

private let expectations: [SeedTensorExpectation] = [
    .init(file: "FNet_model.pth", name: "fc1.weight", shape: [512, 784], first: -0.07196939, last: 0.0065917177,
          sum: -12151.360352256053),
    .init(file: "FNet_model.pth", name: "fc1.bias", shape: [512], first: -0.02209826, last: -0.02661454,
          sum: 9.199609485280234),
    .init(file: "FNet_model.pth", name: "fc2.weight", shape: [256, 512], first: 0.0071073496, last: 0.15117495,
          sum: 632.4452627688083),
    .init(file: "FNet_model.pth", name: "fc2.bias", shape: [256], first: -0.4928346, last: -0.4237631,
          sum: -57.26400593924336),
    .init(file: "FNet_model.pth", name: "out.weight", shape: [10, 256], first: 0.037817582, last: -0.33577523,
          sum: -656.2462502531707),
    .init(file: "FNet_model.pth", name: "out.bias", shape: [10], first: -0.17475902, last: -0.2939496,
          sum: -1.4253651546314359),
    .init(file: "convNet_model.pth", name: "conv1.weight", shape: [16, 1, 3, 3], first: 0.13323589,
          last: -0.68179214, sum: -17.857275812886655),
    .init(file: "convNet_model.pth", name: "conv1.bias", shape: [16], first: -0.027764373, last: -0.037980348,
          sum: -0.3656209232285619),
    .init(file: "convNet_model.pth", name: "conv2.weight", shape: [32, 16, 3, 3], first: -0.03753052,
          last: -0.44487727, sum: -314.3622431511103),
    .init(file: "convNet_model.pth", name: "conv2.bias", shape: [32], first: -0.11680905, last: 0.1501858,
          sum: -1.7005531257018447),
    .init(file: "convNet_model.pth", name: "fc1.weight", shape: [512, 1568], first: -0.011934008,
          last: -0.21750236, sum: -13913.092249525516),
    .init(file: "convNet_model.pth", name: "fc1.bias", shape: [512], first: -0.10892904, last: -0.017303085,
          sum: -113.75139668630436),
    .init(file: "convNet_model.pth", name: "fc2.weight", shape: [256, 512], first: -0.08450198, last: -0.27055305,
          sum: -2206.9193594172457),
    .init(file: "convNet_model.pth", name: "fc2.bias", shape: [256], first: 0.16959909, last: -0.8337839,
          sum: -68.15422257082537),
    .init(file: "convNet_model.pth", name: "out.weight", shape: [10, 256], first: -0.05638535, last: 0.016954513,
          sum: -497.2020456672717),
    .init(file: "convNet_model.pth", name: "out.bias", shape: [10], first: -0.07718849, last: 0.25600305,
          sum: -1.4388726502656937),
]

@Suite(.enabled(if: seedFileExists("FNet_model.pth") && seedFileExists("convNet_model.pth"),
                "seed weights not found in ../shared/seed-weights next to the package"))
struct SeedWeightsTests {
    private static func load(_ name: String) throws -> StateDict {
        try PyTorchCheckpoint.read(contentsOf: seedWeights.appendingPathComponent(name))
    }

    @Test(arguments: [
        ("FNet_model.pth", ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "out.weight", "out.bias"]),
        ("convNet_model.pth", ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                               "fc2.weight", "fc2.bias", "out.weight", "out.bias"]),
    ])
    func holdsTheSeedKeysInOrder(file: String, names: [String]) throws {
        #expect(try Self.load(file).names == names)
    }

    @Test(arguments: expectations)
    func matchesPyTorch(_ expected: SeedTensorExpectation) throws {
        let tensor = try #require(try Self.load(expected.file)[expected.name])
        #expect(tensor.shape == expected.shape)
        #expect(tensor.values.first == expected.first)
        #expect(tensor.values.last == expected.last)
        let sum = tensor.values.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - expected.sum) <= 1e-9 * max(1, abs(expected.sum)))
    }

    /// Single elements at multi-dimensional indices, printed with torch the same way:
    /// fc1.weight[300, 400] of FNet, conv2.weight[5, 7, 1, 2] of convNet.
    @Test func matchesPyTorchAtIndices() throws {
        let fnet = try #require(try Self.load("FNet_model.pth")["fc1.weight"])
        #expect(fnet.values[300 * 784 + 400] == -0.2902935)
        let conv = try #require(try Self.load("convNet_model.pth")["conv2.weight"])
        #expect(conv.values[((5 * 16 + 7) * 3 + 1) * 3 + 2] == -0.22087473)
    }

    @Test(arguments: ["FNet_model.pth", "convNet_model.pth"])
    func survivesASafetensorsRoundTrip(file: String) throws {
        let stateDict = try Self.load(file)
        let copy = try SafeTensorsFile.decode(try SafeTensorsFile.encode(stateDict, file: file), file: file)
        #expect(Set(copy.names) == Set(stateDict.names))
        for tensor in stateDict.tensors {
            #expect(copy[tensor.name]?.shape == tensor.shape)
            #expect(copy[tensor.name]?.values.map(\.bitPattern) == tensor.values.map(\.bitPattern))
        }
    }
}
