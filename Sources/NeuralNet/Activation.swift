// ReLU and Dropout, elementwise layers split over the pool by ranges of elements.
import CAVX512

public final class ReLU: Layer {
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])

    public init() {}

    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let pass = beginForward(input), count = input.count
        context.pool.run(work: count) { part, parts in
            pass.apply(ComputePool.range(part: part, of: parts, count: count, granule: 64))
        }
        return output
    }

    /// Sizes the output for `input`; the pass's `apply` then computes any elements, on any thread (DenseBlock).
    func beginForward(_ input: Tensor) -> Pass {
        output.resize(to: input.shape)
        return Pass(input: input.data, output: output.data)
    }

    /// The output of the last forward pass.
    var lastOutput: Tensor { output }

    struct Pass {
        let input: UnsafeMutablePointer<Float>
        let output: UnsafeMutablePointer<Float>

        @inline(__always)
        func apply(_ elements: Range<Int>) {
            for i in elements { output[i] = max(input[i], 0) }
        }
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        precondition(outputGradient.shape == output.shape, "ReLU output \(output.shape), gradient \(outputGradient.shape)")
        inputGradient.resize(to: output.shape)
        let y = output.data, dy = outputGradient.data, dx = inputGradient.data, count = output.count
        context.pool.run(work: count) { part, parts in
            for i in ComputePool.range(part: part, of: parts, count: count, granule: 64) {
                dx[i] = y[i] > 0 ? dy[i] : 0
            }
        }
        return inputGradient
    }
}

/// Inverted dropout as PyTorch's: in training each element is zeroed with probability p and the
/// rest scaled by 1/(1−p); in evaluation it is the identity. The mask of element i is a hash of
/// (step seed, layer salt, i), so it does not depend on how the work is split over threads.
public final class Dropout: Layer {
    public let probability: Float
    private let salt: UInt64
    private var active = false
    private let output = Tensor(shape: [1])
    private let scales = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    /// Whether the masks are drawn by `avx512_dropout_forward`, 8 hashes at a time (64-bit multiplies, which
    /// AVX2 lacks). One at a time, the forward pass of the three dropout layers was 3 % of a batch-20 CNN step,
    /// on one core while the other waited. Tests turn it off to compare the two loops.
    var usesAVX512 = Gemm.cpuHasAVX512
    /// The pool's operations an element costs, either way (its loads, its multiply, its store), for
    /// `ComputePool.run(work:)`. Counted so, the CNN's flattened activations at batch 20 (31,360) are split over the
    /// cores, each on the images its convolution block wrote, instead of the caller first fetching the other core's
    /// half: 2.45–2.49 → 2.37–2.40 s an epoch with the cores far apart (three A/Bs of 5–6 runs), 2.19 → 2.17 s close
    /// (issue #17).
    static let workPerElement = 4

    /// - salt: distinguishes the masks of the dropout layers of one model.
    public init(probability: Float, salt: UInt64) {
        self.probability = probability
        self.salt = salt
    }

    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        guard let pass = beginForward(input, context) else { return input }
        let count = input.count
        context.pool.run(work: count * Self.workPerElement) { part, parts in
            pass.apply(ComputePool.range(part: part, of: parts, count: count, granule: 64))
        }
        return output
    }

    /// Sizes the output and the scales for `input`; the pass's `apply` then computes any elements, on any thread
    /// (DenseBlock). Nil in evaluation or with p = 0, where the layer is the identity.
    func beginForward(_ input: Tensor, _ context: PassContext) -> Pass? {
        active = context.training && probability > 0
        guard active else { return nil }
        output.resize(to: input.shape)
        scales.resize(to: input.shape)
        return Pass(input: input.data, output: output.data, scales: scales.data,
                    key: SplitMix64.mix(context.dropoutSeed ^ (salt &* 0x9E37_79B9_7F4A_7C15)),
                    threshold: UInt64(Double(probability) * 0x1p32), keptScale: 1 / (1 - probability),
                    usesAVX512: usesAVX512)
    }

    /// The output of the last forward pass: its input itself when it was the identity.
    func lastOutput(input: Tensor) -> Tensor { active ? output : input }

    /// Each element's factor in the last forward pass (0 or 1/(1−p)); nil when it was the identity.
    var lastScales: UnsafePointer<Float>? { active ? UnsafePointer(scales.data) : nil }

    struct Pass {
        let input, output, scales: UnsafeMutablePointer<Float>
        let key, threshold: UInt64
        let keptScale: Float
        let usesAVX512: Bool

        /// The masks of `elements`, drawn from each element's index: the same whoever computes which.
        @inline(__always)
        func apply(_ elements: Range<Int>) {
            if usesAVX512 {
                avx512_dropout_forward(input, output, scales, elements.lowerBound, elements.count, key, threshold,
                                       keptScale)
                return
            }
            // Branch-free: the compiler's branch on `draw < threshold` mispredicted on every dropped element (a
            // fifth, at random), and the CNN's flattened dropout ran at 3.9 ns an element. draw and threshold are
            // below 2³², so draw − threshold wraps to a set top bit exactly when the element is dropped.
            let keptBits = keptScale.bitPattern
            for i in elements {
                let draw = SplitMix64.mix(key &+ UInt64(i)) >> 32
                let dropped = UInt32(truncatingIfNeeded: (draw &- threshold) >> 63)
                scales[i] = Float(bitPattern: keptBits & (dropped &- 1))
                output[i] = input[i] * scales[i]
            }
        }
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard active else { return outputGradient }
        inputGradient.resize(to: outputGradient.shape)
        let dy = outputGradient.data, dx = inputGradient.data, s = scales.data, count = outputGradient.count
        context.pool.run(work: count * Self.workPerElement) { part, parts in
            for i in ComputePool.range(part: part, of: parts, count: count, granule: 64) { dx[i] = dy[i] * s[i] }
        }
        return inputGradient
    }
}

/// (N, C, H, W) → (N, C·H·W), PyTorch's `x.view(-1, C·H·W)`: views of the input and of the output
/// gradient under the other shape, no copy.
public final class Flatten: Layer {
    private var inputShape = [Int]()

    public init() {}

    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        inputShape = input.shape
        return input.view(as: [input.batch, input.itemSize])
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        return outputGradient.view(as: inputShape)
    }
}
