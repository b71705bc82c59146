// The projector's sample of test images and penultimate activations captured batch by batch.
import Insight
import NeuralNet
import Testing

@Suite("Projection sample and activations")
struct ProjectionTests {
    @Test func takesTheFirstImagesOfEachClassInOrder() {
        let labels: [UInt8] = [3, 0, 1, 0, 2, 1, 0, 2, 2, 1, 3]
        #expect(ProjectionSample.indices(labels: labels, perClass: 2, classes: 4) == [1, 3, 2, 5, 4, 7, 0, 10])
    }

    /// Capturing in batches of 3 gives the rows of one forward pass over all 7 images.
    @Test(arguments: ModelKind.allCases)
    func capturesThePenultimateActivationBatchByBatch(kind: ModelKind) {
        var rng = SplitMix64(seed: 2)
        let network = Network(kind)
        network.initialize(rng: &rng)
        let images = (0..<7 * 784).map { _ in rng.nextUniform() }
        let pool = ComputePool(width: 1)
        let (values, itemSize) = Activations.capture(Activations.penultimate, of: network, count: 7, pool: pool, batchSize: 3) {
            tensor, range in
            tensor.resize(to: [range.count, 1, 28, 28])
            tensor.withUnsafeMutableBufferPointer { target in
                for i in 0..<range.count * 784 { target[i] = images[range.lowerBound * 784 + i] }
            }
        }
        #expect(itemSize == 256 && values.count == 7 * 256)
        let context = PassContext(pool: pool, training: false, computesParameterGradients: false)
        let whole = network.forward(Tensor(shape: [7, 1, 28, 28], values: images), context, capturing: ["fc2_relu"])
        // Equal up to the GEMM's summation order, which depends on the batch size.
        let difference = zip(whole.activations["fc2_relu"]!.values, values).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-5)
        #expect(values.allSatisfy { $0 >= 0 })
    }
}
