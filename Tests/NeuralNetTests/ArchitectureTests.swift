// The two models' layer lists and what is derived from them: PyTorch's keys and shapes, counts, initialisation.
import NeuralNet
import Testing

@Suite("Architectures")
struct ArchitectureTests {
    /// The seed's state_dicts (GUIDE §1): keys, shapes and order.
    @Test func parameterSpecsAreTheSeedsStateDicts() {
        let dense: [(String, [Int])] = [("fc1.weight", [512, 784]), ("fc1.bias", [512]), ("fc2.weight", [256, 512]),
                                        ("fc2.bias", [256]), ("out.weight", [10, 256]), ("out.bias", [10])]
        let specs = ModelKind.fcnn.parameterSpecs
        #expect(specs.map(\.0) == dense.map(\.0) && specs.map(\.1) == dense.map(\.1))
        let convolutions: [(String, [Int])] = [("conv1.weight", [16, 1, 3, 3]), ("conv1.bias", [16]),
                                               ("conv2.weight", [32, 16, 3, 3]), ("conv2.bias", [32])]
        let cnn = convolutions + [("fc1.weight", [512, 1568])] + dense.dropFirst()
        #expect(ModelKind.cnn.parameterSpecs.map(\.0) == cnn.map(\.0))
        #expect(ModelKind.cnn.parameterSpecs.map(\.1) == cnn.map(\.1))
        #expect(ModelKind.fcnn.parameterCount == 535_818 && ModelKind.cnn.parameterCount == 942_026)
    }

    /// Each weight once per output pixel: conv1 at 28×28, conv2 at 14×14, the Linear layers once.
    @Test func multiplyAddsPerImage() {
        let dense = 512 * 256 + 256 * 10
        #expect(ModelKind.fcnn.multiplyAddsPerImage == 784 * 512 + dense)
        #expect(ModelKind.cnn.multiplyAddsPerImage == 16 * 9 * 784 + 32 * 16 * 9 * 196 + 1568 * 512 + dense)
        // A training step: three times the forward pass, less the first weight layer's input gradient.
        #expect(ModelKind.fcnn.trainingMultiplyAddsPerImage == 3 * ModelKind.fcnn.multiplyAddsPerImage - 784 * 512)
        #expect(ModelKind.cnn.trainingMultiplyAddsPerImage == 3 * ModelKind.cnn.multiplyAddsPerImage - 16 * 9 * 784)
    }

    @Test func layerNamesAndShapes() {
        let cnn = ModelKind.cnn.architecture
        #expect(cnn.layers.map(\.name) == ["conv1", "pool1", "pool1_relu", "conv2", "pool2", "pool2_relu", "flatten",
                                          "flatten_dropout", "fc1", "fc1_relu", "fc1_dropout", "fc2", "fc2_relu",
                                          "fc2_dropout", "out"])
        #expect(cnn.shapes[4] == [32, 14, 14] && cnn.shapes[7] == [1568] && cnn.shapes.last == [10])
        let fcnn = ModelKind.fcnn.architecture
        #expect(fcnn.layers.map(\.name) == ["flatten", "fc1", "fc1_relu", "fc1_dropout", "fc2", "fc2_relu",
                                           "fc2_dropout", "out"])
        for kind in ModelKind.allCases { #expect(Network(kind).layers.count == kind.architecture.layers.count) }
    }

    /// Seeded runs must not change with the code that describes the models: these values are the
    /// initialisation of the string-keyed code this replaced (commit eb6282d), seed 2024. A change in the
    /// order of draws or in their arithmetic changes the hash.
    @Test(arguments: [(ModelKind.fcnn, "9d99fa0c899983c9", UInt64(14_954_433_924_821_347_304)),
                      (.cnn, "a6ae0f6e52e428d6", 17_497_469_505_752_708_520)])
    func initializationIsBitIdenticalToTheFormerCode(kind: ModelKind, hash: String, rngState: UInt64) {
        let network = Network(kind)
        var rng = SplitMix64(seed: 2024)
        network.initialize(rng: &rng)
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        for entry in network.stateDict() {
            for value in entry.values { fnv = (fnv ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3 }
        }
        #expect(String(fnv, radix: 16) == hash)
        #expect(rng.state == rngState)
        // The rules themselves: Linear biases 0, conv values within ±1/√fan_in.
        #expect(network.store.read(network.store["fc1.bias"]).allSatisfy { $0 == 0 })
        if kind == .cnn {
            let bound = 1 / Float(16 * 9).squareRoot()
            #expect(network.store.read(network.store["conv2.bias"]).allSatisfy { abs($0) <= bound && $0 != 0 })
        }
    }
}
