// Adam and AdamW with PyTorch's semantics, one vectorised loop over the flat parameter buffer.
import Foundation

public final class Adam: @unchecked Sendable {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    /// Decoupled weight decay (AdamW), applied to weight tensors only; 0 gives plain Adam.
    public let weightDecay: Float
    public private(set) var step = 0
    let store: ParameterStore
    /// First and second moment estimates, laid out as the store's values.
    public let firstMoment: UnsafeMutablePointer<Float>
    public let secondMoment: UnsafeMutablePointer<Float>
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

    /// Restores the optimizer's state (for exact resumption).
    public func restore(step: Int, first: [Float], second: [Float]) {
        precondition(first.count == store.count && second.count == store.count, "moments of another model")
        self.step = step
        first.withUnsafeBufferPointer { firstMoment.update(from: $0.baseAddress!, count: store.count) }
        second.withUnsafeBufferPointer { secondMoment.update(from: $0.baseAddress!, count: store.count) }
    }

    /// One update from the gradients in the store:
    ///   p ← p·(1 − lr·wd·decay);  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
    ///   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
    public func update(pool: ComputePool) {
        step += 1
        let t = Double(step)
        let stepSize = Float(Double(learningRate) / (1 - Foundation.pow(Double(beta1), t)))
        let correction2 = Float((1 - Foundation.pow(Double(beta2), t)).squareRoot())
        let decay = learningRate * weightDecay
        let b1 = beta1, b2 = beta2, eps = epsilon
        let p = store.values, g = store.gradients, m = firstMoment, v = secondMoment, mask = decayMask
        let parameters = store.parameters
        pool.run { part, parts in
            // Each part updates the same rows of each parameter that its share of the layer's GEMMs
            // computed (`Parameter.rows(part:of:)`), so they are still in that core's cache.
            // Explicit vectors: to LLVM the pointers may alias, so a scalar loop would stay scalar.
            typealias V = SIMD8<Float>
            let vp = UnsafeMutableRawPointer(p), vg = UnsafeRawPointer(g), vmask = UnsafeRawPointer(mask)
            let vm = UnsafeMutableRawPointer(m), vv = UnsafeMutableRawPointer(v)
            for parameter in parameters {
                // Ranges start at multiples of 16 rows and end at the padded end: whole vectors.
                let elements = parameter.elements(part: part, of: parts)
                for i in stride(from: elements.lowerBound, to: elements.upperBound, by: 8) {
                    let offset = i * MemoryLayout<Float>.stride
                    let grad = vg.loadUnaligned(fromByteOffset: offset, as: V.self)
                    var param = vp.loadUnaligned(fromByteOffset: offset, as: V.self)
                    if decay != 0 { param *= 1 - decay * vmask.loadUnaligned(fromByteOffset: offset, as: V.self) }
                    let first = b1 * vm.loadUnaligned(fromByteOffset: offset, as: V.self) + (1 - b1) * grad
                    let second = b2 * vv.loadUnaligned(fromByteOffset: offset, as: V.self) + (1 - b2) * grad * grad
                    param -= stepSize * first / (second.squareRoot() / correction2 + eps)
                    vm.storeBytes(of: first, toByteOffset: offset, as: V.self)
                    vv.storeBytes(of: second, toByteOffset: offset, as: V.self)
                    vp.storeBytes(of: param, toByteOffset: offset, as: V.self)
                }
            }
        }
    }
}
