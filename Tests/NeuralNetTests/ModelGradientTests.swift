// Whole-model gradient checks: every parameter tensor of FCNN and CNN against central differences.
import NeuralNet
import Testing

@Suite("Whole-model gradients")
struct ModelGradientTests {
    @Test(arguments: ModelKind.allCases)
    func wholeModel(kind: ModelKind) {
        let pool = ComputePool(width: 2)
        let network = Network(kind)
        var rng = SplitMix64(seed: 11)
        network.initialize(rng: &rng)
        let batch = 3
        let input = Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })
        let labels: [Int32] = [1, 7, 4]
        // Training mode with one fixed dropout seed: the same mask in every pass.
        let context = PassContext(pool: pool, training: true, dropoutSeed: 77)
        let loss = CrossEntropy()
        let logitsGradient = Tensor(shape: [1])
        func lossValue(gradient: Tensor? = nil) -> Double {
            let logits = network.forward(input, context)
            return labels.withUnsafeBufferPointer { loss.loss(logits: logits, labels: $0, gradient: gradient) }
        }
        _ = lossValue(gradient: logitsGradient)
        network.backward(logitsGradient, context)
        let analytic = Array(UnsafeBufferPointer(start: network.store.gradients, count: network.store.count))

        // float32 rounding wants a large step, the CNN's max-pool winners and ReLU kinks a small one:
        // at 1e-2 some CNN perturbations cross a kink; at 1e-3 rounding noise dominates in the FCNN.
        let h: Float = kind == .fcnn ? 1e-2 : 1e-3
        for parameter in network.store.parameters {
            // The 12 entries with the largest gradients, plus 12 at random.
            let range = parameter.offset..<parameter.offset + parameter.count
            var chosen = Array(range.sorted { abs(analytic[$0]) > abs(analytic[$1]) }.prefix(12))
            chosen += (0..<12).map { _ in range.lowerBound + Int(rng.next() % UInt64(range.count)) }
            var comparison = GradientComparison()
            let values = network.store.values
            for index in chosen {
                let saved = values[index]
                values[index] = saved + h; let plus = lossValue()
                values[index] = saved - h; let minus = lossValue()
                values[index] = saved
                comparison.add(analytic: analytic[index], numeric: (plus - minus) / Double(2 * h))
            }
            comparison.expectClose("\(kind.rawValue) \(parameter.name)", tolerance: 3e-2)
        }
    }
}
