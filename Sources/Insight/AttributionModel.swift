// AttributionModel: a network seen as a function of an image's pixels (0 … 1), with batched logits and
// gradients of chosen logits, at the input or at a named point (Network+Points), for the attribution methods.
import NeuralNet

/// Wraps a network the caller gives up (its layers keep buffers between passes: one thread at a
/// time). Images are pixels / 255; `inputMean` and `inputStandardDeviation` are the normalisation the
/// network was trained with (0 and 1 for the seed's recipe), so attributions are per pixel whatever it was.
public final class AttributionModel: @unchecked Sendable {
    public static let pixels = 784
    public static let classes = 10
    /// Images per pass by default: batches larger than this are split.
    public static let largestBatch = 128

    public let network: Network
    public let inputMean: Float
    public let inputStandardDeviation: Float
    let pool: ComputePool
    /// Images per pass (1: image by image, the batched passes' reference in the tests).
    let batchLimit: Int

    public init(network: Network, inputMean: Float = 0, inputStandardDeviation: Float = 1, pool: ComputePool,
                batchLimit: Int = largestBatch) {
        precondition(batchLimit >= 1, "a pass has at least one image")
        self.network = network
        self.inputMean = inputMean
        self.inputStandardDeviation = inputStandardDeviation
        self.pool = pool
        self.batchLimit = batchLimit
    }

    /// Evaluation mode (no dropout), input gradients only: the trained parameters' gradients stay untouched.
    var context: PassContext { PassContext(pool: pool, training: false, computesParameterGradients: false) }

    private func networkInput(_ images: ArraySlice<Float>) -> Tensor {
        let count = images.count / Self.pixels
        return Tensor(shape: [count, 1, 28, 28], values: images.map { ($0 - inputMean) / inputStandardDeviation })
    }

    /// - images: (N, 784) pixels → logits (N, 10).
    public func logits(_ images: [Float]) -> [Float] {
        var logits = [Float]()
        logits.reserveCapacity(images.count / Self.pixels * Self.classes)
        for chunk in chunks(images.count / Self.pixels) {
            logits += network.forward(networkInput(images[chunk.lowerBound * Self.pixels..<chunk.upperBound * Self.pixels]), context).values
        }
        return logits
    }

    /// ∂y_{targets[i]}/∂x_i of each image's target logit with respect to its pixels.
    /// - images: (N, 784), targets: N classes → logits (N, 10), gradients (N, 784).
    public func logitGradients(_ images: [Float], targets: [Int]) -> (logits: [Float], gradients: [Float]) {
        let result = pointGradients(images, targets: targets, at: "input")
        // The network sees (x − mean) / std, so ∂/∂x is ∂/∂input / std.
        return (result.logits, result.gradients.map { $0 / inputStandardDeviation })
    }

    /// The activation and the gradient of each image's target logit at `point` (e.g. "conv2_relu").
    /// - Returns: logits (N, 10), activations and gradients (N, point's size), the point's shape per image.
    public func pointGradients(_ images: [Float], targets: [Int], at point: String)
        -> (logits: [Float], activations: [Float], gradients: [Float]) {
        precondition(images.count == targets.count * Self.pixels, "one target per image")
        var logits = [Float](), activations = [Float](), gradients = [Float]()
        for chunk in chunks(targets.count) {
            let input = networkInput(images[chunk.lowerBound * Self.pixels..<chunk.upperBound * Self.pixels])
            let capturing: Set<String> = point == "input" ? [] : [point]
            let forward = network.forward(input, context, capturing: capturing)
            logits += forward.logits.values
            activations += forward.activations[point]?.values ?? []
            let oneHot = Tensor.oneHot(Array(targets[chunk]), width: Self.classes)
            gradients += network.backward(oneHot, context, gradientsAt: [point])[point]!.values
        }
        return (logits, activations, gradients)
    }

    private func chunks(_ count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: batchLimit).map { $0..<min($0 + batchLimit, count) }
    }
}
