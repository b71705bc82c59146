// The fully connected layer → ReLU → dropout blocks, whose forward passes run as one job, against the three layers
// run one by one, bit for bit: logits, parameter gradients, the optimizer's step, the values and gradients at points
// inside and after the blocks, in training (dropout active), evaluation and saliency passes, on 1 and 2 threads.
@testable import NeuralNet
import Testing

@Suite("Dense blocks against the layer-by-layer path")
struct DenseBlockTests {
    @Test(arguments: [ModelKind.fcnn, .cnn], [1, 2])
    func oneJobForwardPassesGiveTheLayerByLayerBits(model: ModelKind, threads: Int) {
        let pool = ComputePool(width: threads)
        var rng = SplitMix64(seed: 45)
        let network = Network(model)
        network.initialize(rng: &rng)
        let first = model == .fcnn ? 1 : 8
        #expect(network.denseBlocks.map(\.layers) == [first...first + 2, first + 3...first + 5])
        let batch = 7
        let input = Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })
        let recorded: Set = ["fc1", "fc1_relu", "fc1_dropout", "fc2_relu", "fc2_dropout"]
        let points: Set = ["input", "fc1", "fc2_relu", "fc2_dropout"]
        for mode in ConvolutionBlockTests.Mode.allCases {
            func pass(blocks: Bool) -> ConvolutionBlockTests.Outcome {
                let copy = network.copy()
                copy.runsDenseBlocks = blocks
                return ConvolutionBlockTests.pass(copy, input, mode, pool: pool, layered: false, recorded: recorded,
                                                  gradientsAt: points).outcome
            }
            let blocks = pass(blocks: true), layers = pass(blocks: false)
            #expect(blocks.difference(from: layers) == nil, "\(model), \(mode), \(threads) threads")
            // Dropout zeroes some elements in training only.
            let dropped = zip(blocks.bits["fc1_relu"]!, blocks.bits["fc1_dropout"]!).contains { $0 != 0 && $1 == 0 }
            #expect(dropped == (mode == .training), "\(mode)")
        }
    }
}
