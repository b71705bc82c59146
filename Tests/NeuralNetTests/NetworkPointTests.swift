// Named points: input gradients and gradients at points against float64 finite differences of the
// plain-loop reference, captured activations against the reference, and passes that change nothing else.
import Foundation
import NeuralNet
import Testing

@Suite("Network points: captures, input gradients, copies")
struct NetworkPointTests {
    let pool = ComputePool(width: 2)
    /// Evaluation mode, input gradients only: what saliency runs.
    var saliency: PassContext { PassContext(pool: pool, training: false, computesParameterGradients: false) }

    static func seeded(_ kind: ModelKind, _ rng: inout SplitMix64) -> Network {
        let network = Network(kind)
        network.initialize(rng: &rng)
        return network
    }

    static func images(_ count: Int, _ rng: inout SplitMix64) -> [Float] {
        (0..<count * 784).map { _ in rng.nextUniform() }
    }

    /// Of `candidates`, the `largest` coordinates of `analytic` by magnitude and `random` others.
    static func chosen(_ analytic: [Float], among candidates: [Int], largest: Int, random: Int,
                       _ rng: inout SplitMix64) -> [Int] {
        candidates.sorted { abs(analytic[$0]) > abs(analytic[$1]) }.prefix(largest)
            + (0..<random).map { _ in candidates[Int(rng.next() % UInt64(candidates.count))] }
    }

    /// Central difference of `function` at `point` along coordinate `index`, in float64.
    static func centralDifference(_ function: ([Double]) -> Double, at point: [Double], _ index: Int, step h: Double) -> Double {
        var shifted = point
        shifted[index] = point[index] + h
        let plus = function(shifted)
        shifted[index] = point[index] - h
        return (plus - function(shifted)) / (2 * h)
    }

    /// ∂y_c/∂x of the logit (not the loss) for a few pixels of two images, each image its own class.
    /// Both nets are piecewise linear in x, so a float64 central difference through the plain-loop
    /// reference is exact while x ± h stays on one linear piece (h = 1e-3 already crosses a kink of
    /// the CNN at one of these pixels; 1e-4 does not), its rounding about 1e-12. What remains is the
    /// float32 rounding of the fast backward pass, seen at about 1e-7 of the largest entry: the 1e-4
    /// allowed leaves room for other BLAS kernels and still catches a wrong entry.
    @Test(arguments: ModelKind.allCases)
    func logitGradientWithRespectToTheInputMatchesFiniteDifferences(kind: ModelKind) {
        var rng = SplitMix64(seed: 31)
        let network = Self.seeded(kind, &rng)
        let pixels = Self.images(2, &rng), classes = [3, 8]
        _ = network.forward(Tensor(shape: [2, 1, 28, 28], values: pixels), saliency)
        let gradient = network.backward(.oneHot(classes, width: 10), saliency, gradientsAt: ["input"])["input"]!
        #expect(gradient.shape == [2, 1, 28, 28])
        let analytic = gradient.values
        for image in 0..<2 {
            let range = image * 784..<(image + 1) * 784, x = pixels[range].map(Double.init)
            let logit = { network.referenceLogits(from: "input", activation: $0, batch: 1)[classes[image]] }
            var comparison = GradientComparison()
            for index in Self.chosen(analytic, among: Array(range), largest: 4, random: 4, &rng) {
                comparison.add(analytic: analytic[index],
                               numeric: Self.centralDifference(logit, at: x, index - range.lowerBound, step: 1e-4))
            }
            comparison.expectClose("\(kind.rawValue) image \(image), ∂y_\(classes[image])/∂x", tolerance: 1e-4)
        }
    }

    /// ∂loss/∂x of the mean cross-entropy of three images, from the ordinary backward pass (parameter
    /// gradients too) asked for the input's. The loss is smooth in the logits, the logits piecewise
    /// linear in x: with h = 1e-4 the difference's truncation error is about h² of the curvature,
    /// far below the 1e-4 allowed (see above).
    @Test(arguments: ModelKind.allCases)
    func lossGradientWithRespectToTheInputMatchesFiniteDifferences(kind: ModelKind) {
        var rng = SplitMix64(seed: 32)
        let network = Self.seeded(kind, &rng)
        let pixels = Self.images(3, &rng), labels: [Int32] = [1, 6, 9]
        let context = PassContext(pool: pool, training: false)
        let logits = network.forward(Tensor(shape: [3, 1, 28, 28], values: pixels), context)
        let logitsGradient = Tensor(shape: [1])
        _ = labels.withUnsafeBufferPointer { CrossEntropy().loss(logits: logits, labels: $0, gradient: logitsGradient) }
        let analytic = network.backward(logitsGradient, context, gradientsAt: ["input"])["input"]!.values
        func loss(_ x: [Double]) -> Double {
            let z = network.referenceLogits(from: "input", activation: x, batch: 3)
            return (0..<3).reduce(0.0) { total, row in
                let rowLogits = z[row * 10..<(row + 1) * 10], largest = rowLogits.max()!
                let logSum = Foundation.log(rowLogits.reduce(0.0) { $0 + Foundation.exp($1 - largest) }) + largest
                return total + (logSum - rowLogits[row * 10 + Int(labels[row])]) / 3
            }
        }
        let x = pixels.map(Double.init)
        var comparison = GradientComparison()
        for index in Self.chosen(analytic, among: Array(analytic.indices), largest: 6, random: 6, &rng) {
            comparison.add(analytic: analytic[index], numeric: Self.centralDifference(loss, at: x, index, step: 1e-4))
        }
        comparison.expectClose("\(kind.rawValue) ∂loss/∂x", tolerance: 1e-4)
    }

    /// The gradient at conv2_relu (after the ReLU, before pooling: Grad-CAM's layer, which the engine's
    /// pool-then-ReLU order does not hold) and at the penultimate fc2_relu, against differences of the
    /// seed's graph from that point on. Each window's gradient sums to the pooled point's. (A window of
    /// conv2_relu that is all 0 is a kink of the pooling, where one-sided differences disagree: only
    /// entries of windows with a positive maximum are compared.)
    @Test func gradientsAtNamedPointsMatchFiniteDifferencesOfTheSeedsGraph() {
        var rng = SplitMix64(seed: 33)
        let network = Self.seeded(.cnn, &rng)
        let input = Tensor(shape: [1, 1, 28, 28], values: Self.images(1, &rng))
        let names: Set = ["conv2_relu", "fc2_relu"], target = 4
        let activations = network.forward(input, saliency, capturing: names).activations
        let gradients = network.backward(.oneHot([target], width: 10), saliency, gradientsAt: names.union(["pool2_relu"]))
        #expect(gradients["conv2_relu"]!.shape == [1, 32, 14, 14] && gradients["fc2_relu"]!.shape == [1, 256])

        for name in names.sorted() {
            let value = activations[name]!.values.map(Double.init), analytic = gradients[name]!.values
            let logit = { network.referenceLogits(from: name, activation: $0, batch: 1)[target] }
            let candidates = analytic.indices.filter { index in
                guard name == "conv2_relu" else { return true }
                let plane = index / 196, top = index % 196 / 14 / 2 * 2, left = index % 14 / 2 * 2
                return [(0, 0), (0, 1), (1, 0), (1, 1)].map { value[plane * 196 + (top + $0) * 14 + left + $1] }.max()! > 1e-3
            }
            var comparison = GradientComparison()
            for index in Self.chosen(analytic, among: candidates, largest: 6, random: 10, &rng) {
                comparison.add(analytic: analytic[index], numeric: Self.centralDifference(logit, at: value, index, step: 1e-5))
            }
            comparison.expectClose("∂y_\(target)/∂\(name)", tolerance: 1e-4)
        }
        // One element of each 2×2 window of conv2_relu receives the window's pooled gradient: in a
        // window that is all 0, the first, as PyTorch's max_pool2d.
        let unpooled = gradients["conv2_relu"]!.values, pooled = gradients["pool2_relu"]!.values
        let value = activations["conv2_relu"]!.values
        var allZeroWindows = 0
        for plane in 0..<32 {
            for oy in 0..<7 {
                for ox in 0..<7 {
                    let offsets = [(0, 0), (0, 1), (1, 0), (1, 1)].map { plane * 196 + (2 * oy + $0) * 14 + 2 * ox + $1 }
                    let window = offsets.map { unpooled[$0] }, expected = pooled[plane * 49 + oy * 7 + ox]
                    #expect(window.filter { $0 != 0 }.count <= 1 && window.reduce(0, +) == expected)
                    if offsets.allSatisfy({ value[$0] == 0 }) {
                        allZeroWindows += 1
                        #expect(window[0] == expected)
                    }
                }
            }
        }
        #expect(allZeroWindows > 0, "the case of all-zero windows is exercised")
    }

    /// Every point's captured activation against the plain loops, and the seed's order of the CNN:
    /// pooling conv2_relu gives pool2_relu.
    @Test(arguments: ModelKind.allCases)
    func capturedActivationsEqualThePlainLoops(kind: ModelKind) {
        var rng = SplitMix64(seed: 34)
        let network = Self.seeded(kind, &rng)
        let pixels = Self.images(3, &rng)
        let (logits, activations) = network.forward(Tensor(shape: [3, 1, 28, 28], values: pixels), saliency,
                                                    capturing: Set(network.points))
        let reference = network.referenceActivations(pixels, batch: 3)
        #expect(Set(activations.keys) == Set(network.points) && Set(reference.keys) == Set(network.points))
        #expect(activations["out"]!.values == logits.values && activations["input"]!.shape == [3, 1, 28, 28])
        for name in network.points {
            let fast = activations[name]!.values, plain = reference[name]!
            let scale = max(1, plain.map(abs).max()!)
            let worst = zip(fast, plain).map { abs(Double($0) - $1) }.max()!
            #expect(fast.count == plain.count && worst <= 1e-5 * scale, "\(kind.rawValue) \(name): \(worst)")
        }
        if kind == .cnn {
            let seedOrder = ReferenceKernels.maxPool(input: activations["conv2_relu"]!.values, planes: 3 * 32,
                                                     height: 14, width: 14, size: 2)
            #expect(seedOrder == activations["pool2_relu"]!.values)
        }
    }

    /// Captures and gradients at points cost the training pass nothing in results: the same logits
    /// bit for bit, the same parameter gradients bit for bit, before and after.
    @Test(arguments: ModelKind.allCases, [true, false])
    func capturesAndPointGradientsChangeNothingElse(kind: ModelKind, training: Bool) {
        var rng = SplitMix64(seed: 35)
        let network = Self.seeded(kind, &rng)
        let input = Tensor(shape: [4, 1, 28, 28], values: Self.images(4, &rng))
        let context = PassContext(pool: pool, training: training, dropoutSeed: 17)
        let labels: [Int32] = [0, 3, 5, 7]
        func pass(capturing: Bool) -> (logits: [UInt32], gradients: [Float], captured: Int) {
            let (logits, activations) = network.forward(input, context, capturing: capturing ? Set(network.points) : [])
            let logitBits = logits.values.map(\.bitPattern)
            let gradient = Tensor(shape: [1])
            _ = labels.withUnsafeBufferPointer { CrossEntropy().loss(logits: logits, labels: $0, gradient: gradient) }
            let pointGradients = network.backward(gradient, context, gradientsAt: capturing ? Set(network.points) : [])
            return (logitBits, network.store.allGradients, activations.count + pointGradients.count)
        }
        let plain = pass(capturing: false), probed = pass(capturing: true), again = pass(capturing: false)
        #expect(plain.captured == 0 && probed.captured == 2 * network.points.count)
        #expect(probed.logits == plain.logits && again.logits == plain.logits)
        #expect(probed.gradients.map(\.bitPattern) == plain.gradients.map(\.bitPattern))
        #expect(again.gradients.map(\.bitPattern) == plain.gradients.map(\.bitPattern))
    }

    /// A saliency pass leaves the parameters and their gradients as they were, and gives the same
    /// input gradient as a pass that computes the parameter gradients too.
    @Test(arguments: ModelKind.allCases)
    func inputGradientsAloneLeaveTheParametersAndTheirGradients(kind: ModelKind) {
        var rng = SplitMix64(seed: 36)
        let network = Self.seeded(kind, &rng)
        for parameter in network.store.parameters {
            network.store.writeGradient(parameter, (0..<parameter.count).map { Float($0 % 7) - 3 })
        }
        let gradientsBefore = network.store.allGradients, parametersBefore = network.store.snapshot()
        let input = Tensor(shape: [2, 1, 28, 28], values: Self.images(2, &rng))
        _ = network.forward(input, saliency)
        let alone = network.backward(.oneHot([2, 5], width: 10), saliency, gradientsAt: ["input"])["input"]!.values
        #expect(network.store.allGradients == gradientsBefore && network.store.snapshot() == parametersBefore)

        let full = PassContext(pool: pool, training: false)
        _ = network.forward(input, full)
        let withParameters = network.backward(.oneHot([2, 5], width: 10), full, gradientsAt: ["input"])["input"]!.values
        #expect(alone == withParameters)
        #expect(network.store.allGradients != gradientsBefore)
    }

    /// A copy: same kind, same parameters and logits, and untouched when the original trains on.
    @Test func aCopyHasTheParametersAndStaysPutWhileTheOriginalTrains() {
        var rng = SplitMix64(seed: 37)
        let network = Self.seeded(.cnn, &rng)
        let input = Tensor(shape: [2, 1, 28, 28], values: Self.images(2, &rng))
        let copy = network.copy()
        #expect(copy.kind == .cnn && copy.store.snapshot() == network.store.snapshot())
        let evaluation = PassContext(pool: pool, training: false)
        #expect(copy.forward(input, evaluation).values == network.forward(input, evaluation).values)

        let adam = Adam(network.store)
        adam.beginStep()
        let training = PassContext(pool: pool, training: true, dropoutSeed: 1, optimizer: adam)
        let gradient = Tensor(shape: [1]), labels: [Int32] = [1, 2]
        _ = labels.withUnsafeBufferPointer {
            CrossEntropy().loss(logits: network.forward(input, training), labels: $0, gradient: gradient)
        }
        let before = copy.store.snapshot()
        network.backward(gradient, training)
        #expect(network.store.snapshot() != before && copy.store.snapshot() == before)
    }
}
