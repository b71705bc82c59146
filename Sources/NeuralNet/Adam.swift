// Adam and AdamW with PyTorch semantics: vector loops over the flat parameter buffer, run by rows as the
// backward pass finishes each layer's gradients, or over every parameter at once. 16 lanes (CAVX512) where the
// CPU has AVX-512, else 8; both give the same bits.
import CAVX512
import Foundation

public final class Adam: @unchecked Sendable {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    /// Decoupled weight decay (AdamW), applied to weight tensors only; 0 gives plain Adam.
    public let weightDecay: Float
    public private(set) var step = 0
    let store: ParameterStore
    /// First and second moment estimates, laid out as the store's values.
    let firstMoment: UnsafeMutablePointer<Float>
    let secondMoment: UnsafeMutablePointer<Float>
    /// Whether updates run on `avx512_adam_update`. At batch 20 the update is a fifth of the FCNN's step, and
    /// its 8-lane loop is bound by its square roots and divisions; with 16 lanes it runs at cache bandwidth
    /// (1.6× faster on the Zen 5). Tests turn it off to compare the two loops.
    var usesAVX512 = Gemm.cpuHasAVX512

    public init(_ store: ParameterStore, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.store = store
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoment = .allocate(capacity: store.count)
        firstMoment.initialize(repeating: 0, count: store.count)
        secondMoment = .allocate(capacity: store.count)
        secondMoment.initialize(repeating: 0, count: store.count)
    }

    deinit {
        firstMoment.deallocate()
        secondMoment.deallocate()
    }

    /// One parameter's moment estimates (PyTorch's `exp_avg` and `exp_avg_sq`), shaped as the parameter.
    public struct Moments: Sendable, Equatable {
        public var first: [Float]
        public var second: [Float]

        public init(first: [Float], second: [Float]) {
            self.first = first
            self.second = second
        }
    }

    /// A copy of one parameter's moments.
    public func moments(of parameter: Parameter) -> Moments {
        Moments(first: ParameterStore.copy(firstMoment + parameter.offset, parameter),
                second: ParameterStore.copy(secondMoment + parameter.offset, parameter))
    }

    public func setMoments(_ moments: Moments, of parameter: Parameter) {
        ParameterStore.update(firstMoment + parameter.offset, parameter, moments.first)
        ParameterStore.update(secondMoment + parameter.offset, parameter, moments.second)
    }

    /// Restores the optimizer's state (for exact resumption): the step count and the moments of
    /// every parameter, by name.
    public func restore(step: Int, moments: [String: Moments]) {
        for parameter in store.parameters {
            guard let parameterMoments = moments[parameter.name] else { preconditionFailure("no moments for \(parameter.name)") }
            setMoments(parameterMoments, of: parameter)
        }
        self.step = step
    }

    /// The current step's scalars, set by `beginStep`.
    private var scaledStep: Float = 0, scaledEpsilon: Float = 0, decay: Float = 0

    /// One update of every parameter from the gradients in the store, split over the pool.
    public func update(pool: ComputePool) {
        beginStep()
        let parameters = store.parameters
        pool.run { part, parts in
            // Each part updates the same rows of each parameter that its share of the layer's GEMMs
            // computed (`Parameter.rows(part:of:)`), so they are still in that core's cache.
            for parameter in parameters { update(parameter, rows: parameter.rows(part: part, of: parts)) }
        }
    }

    /// Starts an update: counts the step and fixes its learning rate and bias corrections. Then
    /// `update(_:rows:)` must cover every parameter once, as each one's gradient becomes ready
    /// (the backward pass does this when its context carries the optimizer).
    public func beginStep() {
        step += 1
        let t = Double(step)
        let stepSize = Float(Double(learningRate) / (1 - Foundation.pow(Double(beta1), t)))
        let correction2 = Float((1 - Foundation.pow(Double(beta2), t)).squareRoot())
        // m / (√v / c₂ + ε) = c₂·m / (√v + c₂·ε): one division per element instead of two.
        scaledStep = stepSize * correction2
        scaledEpsilon = epsilon * correction2
        decay = learningRate * weightDecay
    }

    /// Updates rows of one parameter (see `beginStep`):
    ///   p ← p·(1 − lr·wd) for weights;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
    ///   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
    /// Safe to call from several threads for disjoint rows.
    public func update(_ parameter: Parameter, rows: Range<Int>) {
        // Ranges start at multiples of 16 elements and the last one takes the padding (zero values and
        // gradients, which stay zero): whole vectors of either width.
        update(elements: parameter.elements(rows: rows), keep: keep(isWeight: parameter.isWeight))
    }

    /// The factor a value is multiplied by before its step: exactly 1 − lr·wd for decayed weights, and exactly 1
    /// (then it is not multiplied at all) for biases and without decay.
    private func keep(isWeight: Bool) -> Float { isWeight && decay != 0 ? 1 - decay : 1 }

    /// Elements each part updates in `inCacheUpdateSeconds`: their values, gradients and moments are 32 KB, in L1.
    static let inCacheSlice = 2048

    /// Seconds of one update of every parameter if each core's share of the values, gradients and moments were in
    /// its L1 cache: the update's arithmetic alone (its square roots and divisions), without the traffic from L2 or
    /// L3 that an update of the whole store makes. Each part updates a scratch slice of `inCacheSlice` elements
    /// (typical normal values: subnormal ones would be slower) 200 times at once, with the step's scalars of the
    /// last `beginStep`; the time per element is scaled to the store. The parameters and moments do not change.
    public func inCacheUpdateSeconds(pool: ComputePool) -> Double {
        let repeats = 200, parts = pool.width, slice = Self.inCacheSlice
        // Per part: values, gradients, first and second moments, one slice each.
        let scratch = (0..<parts).map { _ in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 4 * slice)
            for (array, value) in [Float(0.01), 1e-3, 1e-4, 1e-6].enumerated() {
                (buffer + array * slice).initialize(repeating: value, count: slice)
            }
            return buffer
        }
        defer { scratch.forEach { $0.deallocate() } }
        let seconds = upperMedianSeconds(of: 5) {
            pool.run { part, _ in
                let buffer = scratch[part]
                for _ in 0..<repeats {
                    update(values: buffer, gradients: buffer + slice, first: buffer + 2 * slice,
                           second: buffer + 3 * slice, count: slice, keep: keep(isWeight: true))
                }
            }
        }
        return seconds / Double(repeats * slice) * Double(store.count) / Double(parts)
    }

    /// Updates these elements of the store's flat buffers (whole vectors of 16), as `update(_:rows:)` describes.
    private func update(elements: Range<Int>, keep: Float) {
        let start = elements.lowerBound
        update(values: store.values + start, gradients: store.gradients + start, first: firstMoment + start,
               second: secondMoment + start, count: elements.count, keep: keep)
    }

    /// Updates `count` elements (whole vectors of 16) from these addresses on.
    private func update(values: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                        first firstMoments: UnsafeMutablePointer<Float>, second secondMoments: UnsafeMutablePointer<Float>,
                        count: Int, keep: Float) {
        if usesAVX512 {
            avx512_adam_update(values, gradients, firstMoments, secondMoments, count, beta1, beta2, scaledStep,
                               scaledEpsilon, keep)
            return
        }
        // Explicit vectors: to LLVM the pointers may alias, so a scalar loop would stay scalar.
        typealias V = SIMD8<Float>
        let b1 = beta1, b2 = beta2, scaledStep = scaledStep, scaledEpsilon = scaledEpsilon
        let vp = UnsafeMutableRawPointer(values), vg = UnsafeRawPointer(gradients)
        let vm = UnsafeMutableRawPointer(firstMoments), vv = UnsafeMutableRawPointer(secondMoments)
        for i in stride(from: 0, to: count, by: 8) {
            let offset = i * MemoryLayout<Float>.stride
            let grad = vg.loadUnaligned(fromByteOffset: offset, as: V.self)
            var param = vp.loadUnaligned(fromByteOffset: offset, as: V.self)
            if keep != 1 { param *= keep }
            let first = b1 * vm.loadUnaligned(fromByteOffset: offset, as: V.self) + (1 - b1) * grad
            let second = b2 * vv.loadUnaligned(fromByteOffset: offset, as: V.self) + (1 - b2) * grad * grad
            param -= scaledStep * first / (second.squareRoot() + scaledEpsilon)
            vm.storeBytes(of: first, toByteOffset: offset, as: V.self)
            vv.storeBytes(of: second, toByteOffset: offset, as: V.self)
            vp.storeBytes(of: param, toByteOffset: offset, as: V.self)
        }
    }
}
