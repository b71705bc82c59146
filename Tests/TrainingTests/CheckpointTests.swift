// Checkpoints: a trained network survives a safetensors round trip bit for bit; model resolution and strict loading.
import Foundation
import ModelFiles
import NeuralNet
import Testing
import Training

@Suite("Checkpoint")
struct CheckpointTests {
    /// Logits of `network` in evaluation mode for a fixed batch of 8 random images.
    func fixedBatchLogits(_ network: Network, pool: ComputePool) -> [Float] {
        var rng = SplitMix64(seed: 99)
        let input = Tensor(shape: [8, 1, 28, 28], values: (0..<8 * 784).map { _ in rng.nextUniform() })
        return network.forward(input, PassContext(pool: pool, training: false)).values
    }

    /// Three Adam steps with dropout on random images, so every parameter moves off its initial value.
    func trainedNetwork(_ kind: ModelKind, pool: ComputePool) -> Network {
        var rng = SplitMix64(seed: 7)
        let network = Network(kind)
        network.initialize(rng: &rng)
        let optimizer = Adam(network.store)
        let logitsGradient = Tensor(shape: [1])
        for _ in 0..<3 {
            let input = Tensor(shape: [16, 1, 28, 28], values: (0..<16 * 784).map { _ in rng.nextUniform() })
            let labels = (0..<16).map { _ in Int32(rng.next() % 10) }
            let context = PassContext(pool: pool, training: true, dropoutSeed: rng.next())
            let logits = network.forward(input, context)
            _ = labels.withUnsafeBufferPointer { CrossEntropy().loss(logits: logits, labels: $0, gradient: logitsGradient) }
            network.backward(logitsGradient, context)
            optimizer.update(pool: pool)
        }
        return network
    }

    @Test(arguments: ModelKind.allCases)
    func safetensorsRoundTripGivesIdenticalLogits(kind: ModelKind) throws {
        let pool = ComputePool(width: 1)
        let trained = trainedNetwork(kind, pool: pool)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensorsFile.write(Checkpoint.stateDict(of: trained, metadata: ["model": kind.rawValue]), to: url)

        let stateDict = try Checkpoint.read(url)
        #expect(stateDict.metadata["model"] == kind.rawValue)
        let restored = Network(try Checkpoint.resolveModel(stateDict, requested: nil, file: url.path))
        try Checkpoint.load(stateDict, into: restored, file: url.path)

        #expect(restored.kind == kind)
        #expect(restored.store.snapshot() == trained.store.snapshot())
        let expected = fixedBatchLogits(trained, pool: pool), found = fixedBatchLogits(restored, pool: pool)
        #expect(expected.map(\.bitPattern) == found.map(\.bitPattern))
    }

    /// A state_dict with zeros in the given (name, shape) tensors.
    func zeros(_ specs: [(String, [Int])]) -> StateDict {
        StateDict(tensors: specs.map { NamedTensor(name: $0.0, shape: $0.1, values: [Float](repeating: 0, count: $0.1.reduce(1, *))) })
    }

    @Test func theModelIsInferredFromTheKeys() throws {
        #expect(try Checkpoint.resolveModel(zeros(ModelKind.fcnn.parameterSpecs), requested: nil, file: "f") == .fcnn)
        #expect(try Checkpoint.resolveModel(zeros(ModelKind.cnn.parameterSpecs), requested: nil, file: "f") == .cnn)
        let cnnWithoutConv2Bias = zeros(ModelKind.cnn.parameterSpecs.filter { $0.0 != "conv2.bias" })
        #expect(try Checkpoint.resolveModel(cnnWithoutConv2Bias, requested: nil, file: "f") == .cnn)
        #expect(throws: CheckpointError.unknownModel(file: "f", keys: ["encoder.weight"])) {
            try Checkpoint.resolveModel(zeros([("encoder.weight", [3])]), requested: nil, file: "f")
        }
    }

    @Test func aRequestedModelMustMatchTheFile() throws {
        let fcnn = zeros(ModelKind.fcnn.parameterSpecs), cnn = zeros(ModelKind.cnn.parameterSpecs)
        #expect(throws: CheckpointError.wrongModel(file: "f", found: .fcnn, requested: .cnn)) {
            try Checkpoint.resolveModel(fcnn, requested: .cnn, file: "f")
        }
        #expect(throws: CheckpointError.wrongModel(file: "f", found: .cnn, requested: .fcnn)) {
            try Checkpoint.load(cnn, into: Network(.fcnn), file: "f")
        }
        #expect(try Checkpoint.resolveModel(fcnn, requested: .fcnn, file: "f") == .fcnn)
    }

    @Test func loadingIsStrictAboutKeysAndShapes() {
        let specs = ModelKind.fcnn.parameterSpecs
        #expect(throws: CheckpointError.missingKeys(file: "f", keys: ["out.bias"])) {
            try Checkpoint.load(zeros(specs.filter { $0.0 != "out.bias" }), into: Network(.fcnn), file: "f")
        }
        #expect(throws: CheckpointError.unexpectedKeys(file: "f", keys: ["fc3.weight"])) {
            try Checkpoint.load(zeros(specs + [("fc3.weight", [2, 2])]), into: Network(.fcnn), file: "f")
        }
        let reshaped = specs.map { $0.0 == "fc2.weight" ? ($0.0, [256, 500]) : $0 }
        #expect(throws: CheckpointError.wrongShape(file: "f", key: "fc2.weight", found: [256, 500], expected: [256, 512])) {
            try Checkpoint.load(zeros(reshaped), into: Network(.fcnn), file: "f")
        }
    }
}
