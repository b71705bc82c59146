// The fully connected layer → ReLU → dropout blocks, whose forward passes run as one job, against the three layers
// run one by one, bit for bit: logits, parameter gradients, the optimizer's step, the values and gradients at points
// inside and after the blocks, in training (dropout active), evaluation and saliency passes, on 1 and 2 threads.
// Without points, their backward passes run as one job too, with the same bits, and a training step has no jobs of
// the ReLU and dropout layers left.
import Foundation
@testable import NeuralNet
import Testing

@Suite("Dense blocks against the layer-by-layer path")
struct DenseBlockTests {
    /// One pass of copies of `network` with its dense blocks and without them (ConvolutionBlockTests.pass).
    static func passes(_ network: Network, _ input: Tensor, _ mode: ConvolutionBlockTests.Mode, pool: ComputePool,
                       recorded: Set<String>, gradientsAt points: Set<String>)
        -> (blocks: ConvolutionBlockTests.Outcome, layers: ConvolutionBlockTests.Outcome) {
        func pass(blocks: Bool) -> ConvolutionBlockTests.Outcome {
            let copy = network.copy()
            copy.runsDenseBlocks = blocks
            return ConvolutionBlockTests.pass(copy, input, mode, pool: pool, layered: false, recorded: recorded,
                                              gradientsAt: points).outcome
        }
        return (pass(blocks: true), pass(blocks: false))
    }

    static func network(_ model: ModelKind, _ rng: inout SplitMix64) -> Network {
        let network = Network(model)
        network.initialize(rng: &rng)
        return network
    }

    @Test(arguments: [ModelKind.fcnn, .cnn], [1, 2])
    func oneJobForwardPassesGiveTheLayerByLayerBits(model: ModelKind, threads: Int) {
        let pool = ComputePool(width: threads)
        var rng = SplitMix64(seed: 45)
        let network = Self.network(model, &rng)
        let first = model == .fcnn ? 1 : 8
        #expect(network.denseBlocks.map(\.layers) == [first...first + 2, first + 3...first + 5])
        let batch = 7
        let input = Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })
        let recorded: Set = ["fc1", "fc1_relu", "fc1_dropout", "fc2_relu", "fc2_dropout"]
        let points: Set = ["input", "fc1", "fc2_relu", "fc2_dropout"]
        for mode in ConvolutionBlockTests.Mode.allCases {
            let (blocks, layers) = Self.passes(network, input, mode, pool: pool, recorded: recorded, gradientsAt: points)
            #expect(blocks.difference(from: layers) == nil, "\(model), \(mode), \(threads) threads")
            // Dropout zeroes some elements in training only.
            let dropped = zip(blocks.bits["fc1_relu"]!, blocks.bits["fc1_dropout"]!).contains { $0 != 0 && $1 == 0 }
            #expect(dropped == (mode == .training), "\(mode)")
        }
    }

    /// A pass that asks for no point, as training's: the blocks' backward passes run fused, on batches that two
    /// threads split.
    @Test(arguments: [ModelKind.fcnn, .cnn], [1, 2])
    func oneJobBackwardPassesGiveTheLayerByLayerBits(model: ModelKind, threads: Int) {
        let pool = ComputePool(width: threads)
        var rng = SplitMix64(seed: 46)
        let network = Self.network(model, &rng)
        for batch in [3, 20] {
            let input = Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })
            for mode in [ConvolutionBlockTests.Mode.training, .evaluation] {
                let (blocks, layers) = Self.passes(network, input, mode, pool: pool, recorded: [], gradientsAt: [])
                #expect(blocks.bits["∂fc1.weight"]!.contains { $0 != Float(7).bitPattern }, "gradients were computed")
                #expect(blocks.difference(from: layers) == nil, "\(model), \(mode), batch \(batch), \(threads) threads")
            }
        }
    }

    /// The jobs of a training step: with the blocks, none of the ReLU's and dropout's passes is a job of its own
    /// (the FCNN's seven are the fully connected layers' forward and backward passes, and the output layer's bias
    /// gradient and update after its backward pass); layer by layer, they are.
    @Test(arguments: [1, 2])
    func aTrainingStepRunsTheBlocksAsTheirLayersJobs(threads: Int) throws {
        let pool = ComputePool(width: threads)
        var rng = SplitMix64(seed: 47)
        let network = Self.network(.fcnn, &rng)
        let input = Tensor(shape: [20, 1, 28, 28], values: (0..<20 * 784).map { _ in rng.nextUniform() })
        func sites(blocks: Bool) throws -> [String] {
            network.runsDenseBlocks = blocks
            let timeline = JobTimeline.record(on: pool, repeats: 1) {
                _ = ConvolutionBlockTests.pass(network, input, .training, pool: pool, layered: false, recorded: [],
                                               gradientsAt: [])
            }
            return try #require(timeline.summary).map(\.site)
        }
        let blocks = try sites(blocks: true)
        #expect(blocks.count == 7 && blocks.allSatisfy { $0.hasPrefix("NeuralNet/Linear.swift:") }, "\(blocks)")
        let layers = try sites(blocks: false)
        #expect(layers.filter { $0.hasPrefix("NeuralNet/Activation.swift:") }.count == 8, "\(layers)")
    }

    /// The fused backward step's loop against the three layers' loops one after the other, on ranges that start and
    /// end inside its vectors (the models' column blocks are whole vectors), with 1 to 3 partial products, with and
    /// without the dropout, and rectified values that are positive, zero, negative and NaN.
    @Test(arguments: [1, 2, 3], [false, true])
    func theFusedLoopGivesTheLayersBits(terms count: Int, dropout: Bool) {
        let size = 40, elements = 3..<37
        var rng = SplitMix64(seed: UInt64(count))
        func values() -> [Float] { (0..<size).map { _ in rng.nextUniform() - 0.5 } }
        let terms: [[Float]] = (0..<count).map { _ in values() }
        let scales = (0..<size).map { _ in rng.nextUniform() < 0.2 ? Float(0) : 1.25 }
        let rectified = (0..<size).map { i in [Float(0), -1, .nan, rng.nextUniform()][i % 4] }
        var fused = [Float](repeating: 7, count: size), expected = fused
        for i in elements {
            var sum = terms[0][i]                                  // Linear.inputGradient(summing:)
            for term in terms.dropFirst() { sum += term[i] }
            let dropped = dropout ? sum * scales[i] : sum           // Dropout.backward
            expected[i] = rectified[i] > 0 ? dropped : 0            // ReLU.backward
        }
        let termBuffers = terms.map { _ in UnsafeMutablePointer<Float>.allocate(capacity: size) }
        defer { termBuffers.forEach { $0.deallocate() } }
        for (buffer, term) in zip(termBuffers, terms) { buffer.initialize(from: term, count: size) }
        scales.withUnsafeBufferPointer { scales in
            rectified.withUnsafeBufferPointer { rectified in
                fused.withUnsafeMutableBufferPointer { fused in
                    DenseBlock.gradientThroughDropoutAndReLU(termBuffers.map { UnsafePointer($0) },
                                                             scales: dropout ? scales.baseAddress! : nil,
                                                             rectified: rectified.baseAddress!, into: fused.baseAddress!,
                                                             elements: elements)
                }
            }
        }
        #expect(fused.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
