// Adam and AdamW with PyTorch semantics: 8-lane vector loops over the flat parameter buffer, run by
// rows as the backward pass finishes each layer's gradients, or over every parameter at once.
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
    /// 1 where weight decay applies, 0 elsewhere (biases and padding).
    private let decayMask: UnsafeMutablePointer<Float>

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
        decayMask = .allocate(capacity: store.count)
        decayMask.initialize(repeating: 0, count: store.count)
        for parameter in store.parameters where parameter.isWeight {
            (decayMask + parameter.offset).update(repeating: 1, count: parameter.count)
        }
    }

    deinit {
        firstMoment.deallocate()
        secondMoment.deallocate()
        decayMask.deallocate()
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
    ///   p ← p·(1 − lr·wd·decay);  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
    ///   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
    /// Safe to call from several threads for disjoint rows.
    public func update(_ parameter: Parameter, rows: Range<Int>) {
        // Explicit vectors: to LLVM the pointers may alias, so a scalar loop would stay scalar.
        typealias V = SIMD8<Float>
        let b1 = beta1, b2 = beta2, scaledStep = scaledStep, scaledEpsilon = scaledEpsilon, decay = decay
        let vp = UnsafeMutableRawPointer(store.values), vg = UnsafeRawPointer(store.gradients)
        let vm = UnsafeMutableRawPointer(firstMoment), vv = UnsafeMutableRawPointer(secondMoment)
        let vmask = UnsafeRawPointer(decayMask)
        // Ranges start at multiples of 16 elements and the last one takes the padding: whole vectors.
        let elements = parameter.elements(rows: rows)
        for i in stride(from: elements.lowerBound, to: elements.upperBound, by: 8) {
            let offset = i * MemoryLayout<Float>.stride
            let grad = vg.loadUnaligned(fromByteOffset: offset, as: V.self)
            var param = vp.loadUnaligned(fromByteOffset: offset, as: V.self)
            if decay != 0 { param *= 1 - decay * vmask.loadUnaligned(fromByteOffset: offset, as: V.self) }
            let first = b1 * vm.loadUnaligned(fromByteOffset: offset, as: V.self) + (1 - b1) * grad
            let second = b2 * vv.loadUnaligned(fromByteOffset: offset, as: V.self) + (1 - b2) * grad * grad
            param -= scaledStep * first / (second.squareRoot() + scaledEpsilon)
            vm.storeBytes(of: first, toByteOffset: offset, as: V.self)
            vv.storeBytes(of: second, toByteOffset: offset, as: V.self)
            vp.storeBytes(of: param, toByteOffset: offset, as: V.self)
        }
    }
}
