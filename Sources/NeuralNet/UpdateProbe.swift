// UpdateProbe: how far one optimizer step moved each parameter tensor, for the layer-health pane:
// ‖W‖, ‖ΔW‖ of the real step and ‖∇W‖, read from the store's flat buffers without allocating.
import CBLAS

/// One parameter tensor's norms around one step (L2, float32 sums).
public struct ParameterNorms: Sendable, Equatable {
    public let name: String
    /// ‖W‖ after the step.
    public let weight: Double
    /// ‖W_after − W_before‖: the step actually taken (Adam's, with weight decay).
    public let update: Double
    /// ‖∇W‖ of the step's batch.
    public let gradient: Double

    public init(name: String, weight: Double, update: Double, gradient: Double) {
        self.name = name
        self.weight = weight
        self.update = update
        self.gradient = gradient
    }

    /// ‖ΔW‖ / ‖W‖ (CS231n's rule of thumb: about 1e-3); nil for an all-zero tensor.
    public var updateRatio: Double? { weight > 0 ? update / weight : nil }
}

/// Keeps a copy of every parameter value taken before a step, and measures the step after it.
/// Use it on the thread that trains, between `beginStep` and the end of the backward pass.
public final class UpdateProbe: @unchecked Sendable {
    private let store: ParameterStore
    private let before: UnsafeMutablePointer<Float>

    public init(_ store: ParameterStore) {
        self.store = store
        before = .allocate(capacity: store.count)
        before.initialize(repeating: 0, count: store.count)
    }

    deinit { before.deallocate() }

    /// Copies the values as they are before the step.
    public func recordValues() {
        before.update(from: store.values, count: store.count)
    }

    /// Each parameter's norms: the values now against those recorded, and the gradients in the store.
    public func measure() -> [ParameterNorms] {
        store.parameters.map { parameter in
            let count = Int32(parameter.count)
            let now = store.value(parameter), then = before + parameter.offset
            // 8 lanes over the padded extent: the padding is 0 before and after every step.
            var squaredUpdate = SIMD8<Float>()
            let nowRaw = UnsafeRawPointer(now), thenRaw = UnsafeRawPointer(then)
            for offset in stride(from: 0, to: parameter.paddedCount * 4, by: 32) {
                let delta = nowRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                    - thenRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                squaredUpdate += delta * delta
            }
            return ParameterNorms(name: parameter.name, weight: Double(cblas_snrm2(count, now, 1)),
                                  update: Double(squaredUpdate.sum()).squareRoot(),
                                  gradient: Double(cblas_snrm2(count, store.gradient(parameter), 1)))
        }
    }
}
