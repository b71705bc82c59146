// Finite-difference gradient checks for every layer, the loss and both whole models.
import Foundation
import NeuralNet
import Testing

@Suite("Layer gradients by central differences")
struct LayerGradientTests {
    let pool = ComputePool(width: 2)
    var evaluation: PassContext { PassContext(pool: pool, training: false) }

    func randomStore(_ specs: [(String, [Int])], seed: UInt64) -> ParameterStore {
        let store = ParameterStore(specs: specs)
        var rng = SplitMix64(seed: seed)
        for p in store.parameters { store.write(p, (0..<p.count).map { _ in rng.nextUniform() - 0.5 }) }
        return store
    }

    func randomInput(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SplitMix64(seed: seed)
        return Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in rng.nextUniform() * 2 - 1 })
    }

    @Test func linear() {
        let store = randomStore([("w", [5, 7]), ("b", [5])], seed: 1)
        checkLayerGradients(Linear(store, weight: "w", bias: "b"), input: randomInput([3, 7], seed: 2),
                            store: store, context: evaluation)
    }

    @Test(arguments: [(1, 1), (0, 1), (1, 2)])
    func conv2d(padding: Int, stride: Int) {
        let store = randomStore([("w", [4, 3, 3, 3]), ("b", [4])], seed: 3)
        let conv = Conv2d(store, weight: "w", bias: "b", padding: padding, stride: stride, inputSize: (6, 5))
        checkLayerGradients(conv, input: randomInput([3, 3, 6, 5], seed: 4), store: store, context: evaluation)
    }

    /// One input channel, 3×3, padding 1: the direct kernel (conv1); the input gradient still goes by sgemm.
    @Test func directConvolution() {
        let store = randomStore([("w", [4, 1, 3, 3]), ("b", [4])], seed: 9)
        let conv = Conv2d(store, weight: "w", bias: "b", padding: 1, inputSize: (5, 6))
        #expect(conv.geometry.usesDirectKernel)
        checkLayerGradients(conv, input: randomInput([3, 1, 5, 6], seed: 10), store: store, context: evaluation)
    }

    @Test func maxPool() {
        let input = Tensor(shape: [2, 3, 4, 6], values: wellSeparatedValues(144, seed: 5))
        checkLayerGradients(MaxPool2d(size: 2), input: input, store: nil, context: evaluation, step: 1e-3)
    }

    @Test func relu() {
        let input = Tensor(shape: [4, 25], values: wellSeparatedValues(100, seed: 6))
        checkLayerGradients(ReLU(), input: input, store: nil, context: evaluation, step: 1e-3)
    }

    @Test func dropoutWithAFixedMask() {
        let training = PassContext(pool: pool, training: true, dropoutSeed: 1234)
        let dropout = Dropout(probability: 0.2, salt: 1)
        let input = randomInput([4, 50], seed: 7)
        checkLayerGradients(dropout, input: input, store: nil, context: training)
        let output = dropout.forward(input, training).values
        let dropped = output.filter { $0 == 0 }.count
        #expect(dropped > 20 && dropped < 60, "about 20 % of 200 dropped, got \(dropped)")
        for (x, y) in zip(input.values, output) where y != 0 { #expect(abs(y - x / 0.8) < 1e-6) }
        #expect(dropout.forward(input, evaluation).values == input.values, "identity in evaluation mode")
    }

    @Test(arguments: [Float(0), 0.1])
    func crossEntropy(smoothing: Float) {
        let logits = randomInput([4, 10], seed: 8)
        let labels: [Int32] = [3, 0, 9, 5]
        let loss = CrossEntropy(labelSmoothing: smoothing)
        let gradient = Tensor(shape: [1])
        _ = labels.withUnsafeBufferPointer { loss.loss(logits: logits, labels: $0, gradient: gradient) }
        var comparison = GradientComparison()
        let h: Float = 1e-2
        for i in 0..<logits.count {
            let saved = logits[i]
            logits[i] = saved + h
            let plus = labels.withUnsafeBufferPointer { loss.loss(logits: logits, labels: $0) }
            logits[i] = saved - h
            let minus = labels.withUnsafeBufferPointer { loss.loss(logits: logits, labels: $0) }
            logits[i] = saved
            comparison.add(analytic: gradient[i], numeric: (plus - minus) / Double(2 * h))
        }
        comparison.expectClose("cross-entropy")
    }

    @Test func crossEntropyValue() {
        // logits (0, ln 2, ln 3): softmax (1/6, 2/6, 3/6)
        let logits = Tensor(shape: [1, 3], values: [0, Float(0.6931471805599453), Float(1.0986122886681098)])
        let label: [Int32] = [2]
        let plain = label.withUnsafeBufferPointer { CrossEntropy().loss(logits: logits, labels: $0) }
        #expect(abs(plain - 0.6931471805599453) < 1e-6)   // −log(3/6)
        // ε = 0.3 over 3 classes: targets (0.1, 0.1, 0.8); loss = −Σ t log p with p = (1/6, 2/6, 3/6)
        let smoothed = label.withUnsafeBufferPointer { CrossEntropy(labelSmoothing: 0.3).loss(logits: logits, labels: $0) }
        let terms: [Double] = [0.1 * log(1.0 / 6), 0.1 * log(2.0 / 6), 0.8 * log(3.0 / 6)]
        let expected = -terms.reduce(0, +)
        #expect(abs(smoothed - expected) < 1e-6)
    }
}
