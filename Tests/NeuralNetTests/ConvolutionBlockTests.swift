// The CNN's fused convolution → pooling → ReLU blocks against the layer-by-layer path, bit for bit:
// logits, parameter gradients, the optimizer's step, ∂/∂input and the gradients at points, in training,
// evaluation and saliency passes, on 1 and 2 threads, with batches the threads do not divide.
@testable import NeuralNet
import Testing

@Suite("Fused convolution blocks against the layer-by-layer path")
struct ConvolutionBlockTests {
    enum Mode: CaseIterable { case training, evaluation, saliency }

    /// Points inside both blocks: capturing them makes the network run every block layer by layer.
    static let insideBothBlocks: Set<String> = ["conv1", "conv2"]

    /// What a pass gives, as bit patterns by name.
    struct Outcome {
        var bits = [String: [UInt32]]()

        /// nil, or what differs from `other` and how much (a short message instead of thousands of values).
        func difference(from other: Outcome) -> String? {
            guard bits.keys.sorted() == other.bits.keys.sorted() else { return "names \(bits.keys.sorted())" }
            let differing = bits.keys.sorted().compactMap { name -> String? in
                let mine = bits[name]!, theirs = other.bits[name]!
                guard mine != theirs else { return nil }
                let count = mine.count == theirs.count ? zip(mine, theirs).filter { $0 != $1 }.count : -1
                return "\(name): \(count) of \(mine.count)"
            }
            return differing.isEmpty ? nil : differing.joined(separator: ", ")
        }
    }

    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    /// One forward and backward pass (with an Adam step in training), fused or layer by layer; each
    /// pass starts from gradients of 7 so that stale ones would show. `recorded`: the points whose values the
    /// outcome holds (`layered` also captures points inside both convolution blocks). `fusedBackward`: whether each
    /// convolution block's backward pass could run fused.
    static func pass(_ network: Network, _ input: Tensor, _ mode: Mode, pool: ComputePool, layered: Bool,
                     recorded blockOutputs: Set<String> = ["pool1_relu", "pool2_relu"],
                     gradientsAt points: Set<String>) -> (outcome: Outcome, fusedBackward: [Bool]) {
        for parameter in network.store.parameters {
            network.store.writeGradient(parameter, [Float](repeating: 7, count: parameter.count))
        }
        let optimizer = mode == .training ? Adam(network.store) : nil
        optimizer?.beginStep()
        let context = PassContext(pool: pool, training: mode == .training, dropoutSeed: 41, optimizer: optimizer,
                                  computesParameterGradients: mode != .saliency)
        let (logits, activations) = network.forward(input, context,
                                                    capturing: layered ? blockOutputs.union(insideBothBlocks) : blockOutputs)
        let fusedBackward = network.blocks.map(\.runsFusedBackward)
        var outcome = Outcome(bits: ["logits": bits(logits.values)])
        for name in blockOutputs { outcome.bits[name] = bits(activations[name]!.values) }
        let labels = (0..<input.batch).map { Int32($0 * 7 % 10) }
        let gradient = Tensor(shape: [1])
        _ = labels.withUnsafeBufferPointer { CrossEntropy().loss(logits: logits, labels: $0, gradient: gradient) }
        for (name, pointGradient) in network.backward(gradient, context, gradientsAt: points) {
            outcome.bits["∂" + name] = bits(pointGradient.values)
        }
        for parameter in network.store.parameters {
            outcome.bits["∂" + parameter.name] = bits(network.store.readGradient(parameter))
            outcome.bits[parameter.name] = bits(network.store.read(parameter))
        }
        return (outcome, fusedBackward)
    }

    /// The fused blocks' pooling and their backward step through the ReLU and the pooling on CAVX512's 8 lanes, on 16
    /// (where the CPU has AVX-512) and on the Swift loops, each against the layers run one by one.
    @Test(arguments: [1, 2], [1, 3, 7])
    func fusedPassesGiveTheLayerByLayerBits(threads: Int, batch: Int) {
        let pool = ComputePool(width: threads)
        var rng = SplitMix64(seed: 40)
        let network = Network(.cnn)
        network.initialize(rng: &rng)
        #expect(network.blocks.map(\.layers) == [0...2, 3...5])
        let input = Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })
        func fusedNetwork(pooling kernel: VectorKernel) -> Network {
            let copy = network.copy()
            for case let pooling as MaxPool2d in copy.layers { pooling.kernel = kernel }
            return copy
        }
        for mode in Mode.allCases {
            let points: Set = ["input", "pool1_relu", "fc2_relu"]
            let swiftLoops = Self.pass(fusedNetwork(pooling: .swift), input, mode, pool: pool, layered: false,
                                       gradientsAt: points)
            for kernel in Gemm.cpuHasAVX512 ? [VectorKernel.avx2] : [] {
                let other = Self.pass(fusedNetwork(pooling: kernel), input, mode, pool: pool, layered: false,
                                      gradientsAt: points)
                #expect(other.outcome.difference(from: swiftLoops.outcome) == nil, "\(kernel), \(mode), batch \(batch)")
            }
            let fused = Self.pass(fusedNetwork(pooling: .fastest), input, mode, pool: pool, layered: false,
                                  gradientsAt: points)
            #expect(fused.outcome.difference(from: swiftLoops.outcome) == nil, "\(mode), \(threads) threads, batch \(batch)")
            let layered = Self.pass(network.copy(), input, mode, pool: pool, layered: true, gradientsAt: points)
            // Evaluation with parameter gradients stores no winners: its backward pass runs layer by layer.
            #expect(fused.fusedBackward == [mode != .evaluation, mode != .evaluation], "\(mode)")
            #expect(layered.fusedBackward == [false, false], "\(mode)")
            #expect(fused.outcome.difference(from: layered.outcome) == nil, "\(mode), \(threads) threads, batch \(batch)")
            #expect(points.allSatisfy { fused.outcome.bits["∂" + $0] != nil })
        }
    }

    /// A gradient asked for inside a block after a fused forward pass (Grad-CAM's conv2_relu, conv1's
    /// output): the block's forward pass runs again layer by layer, with the same bits as a pass that
    /// captured the point.
    @Test(arguments: Mode.allCases)
    func gradientsInsideAFusedBlockEqualThoseOfALayeredPass(mode: Mode) {
        let pool = ComputePool(width: 2)
        var rng = SplitMix64(seed: 42)
        let network = Network(.cnn)
        network.initialize(rng: &rng)
        let input = Tensor(shape: [5, 1, 28, 28], values: (0..<5 * 784).map { _ in rng.nextUniform() })
        let points: Set = ["conv2_relu", "pool2", "conv1", "input"]
        let fused = Self.pass(network.copy(), input, mode, pool: pool, layered: false, gradientsAt: points)
        let layered = Self.pass(network.copy(), input, mode, pool: pool, layered: true, gradientsAt: points)
        #expect(fused.outcome.difference(from: layered.outcome) == nil, "\(mode)")
        #expect(points.allSatisfy { fused.outcome.bits["∂" + $0] != nil })
    }

    @Test func onlyTheCNNHasBlocks() {
        #expect(Network(.cnn).blocks.count == 2 && Network(.fcnn).blocks.isEmpty)
    }
}
