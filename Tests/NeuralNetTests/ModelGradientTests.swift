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

        // Single coordinates of a whole float32 model are noisy (a loss of ~2.3 carries ~1e-6 of rounding),
        // so each tensor is checked along random directions, where the derivative is the size of the
        // whole gradient, and at its 8 largest coordinates. The step is small enough that perturbations
        // rarely move a ReLU kink or a max-pool winner.
        let h: Float = 1e-3
        for parameter in network.store.parameters {
            let analytic = network.store.readGradient(parameter), values = network.store.read(parameter)
            let range = 0..<parameter.count
            var directions = GradientComparison()
            for _ in 0..<3 {
                var direction = range.map { _ in Float(rng.nextNormal()) }
                let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
                direction = direction.map { $0 / norm }
                func shifted(by scale: Float) -> Double {
                    network.store.write(parameter, zip(values, direction).map { $0 + scale * $1 })
                    defer { network.store.write(parameter, values) }
                    return lossValue()
                }
                let numeric = (shifted(by: h) - shifted(by: -h)) / Double(2 * h)
                let analyticAlong = zip(range, direction).reduce(Float(0)) { $0 + analytic[$1.0] * $1.1 }
                directions.add(analytic: analyticAlong, numeric: numeric)
            }
            directions.expectClose("\(kind.rawValue) \(parameter.name) along random directions", tolerance: 2e-2)

            var largest = GradientComparison()
            for index in range.sorted(by: { abs(analytic[$0]) > abs(analytic[$1]) }).prefix(8) {
                let saved = values[index]
                network.store[parameter, index] = saved + h; let plus = lossValue()
                network.store[parameter, index] = saved - h; let minus = lossValue()
                network.store[parameter, index] = saved
                largest.add(analytic: analytic[index], numeric: (plus - minus) / Double(2 * h))
            }
            largest.expectClose("\(kind.rawValue) \(parameter.name) largest entries", tolerance: 5e-2)
        }
    }
}
