// The layer protocol: a forward/backward pair over batches, run on a ComputePool.

/// What a forward or backward pass needs besides its input.
public struct PassContext: Sendable {
    public let pool: ComputePool
    /// Training mode (dropout active) or evaluation mode.
    public let training: Bool
    /// Seeds this step's dropout masks; a new value every step.
    public let dropoutSeed: UInt64
    /// When set, the backward pass applies the optimizer's step (begun with `Adam.beginStep`) to
    /// each parameter as soon as its gradient is ready, while it is still in the core's cache.
    public let optimizer: Adam?
    /// False: the backward pass computes input gradients only and leaves the store's parameter
    /// gradients as they were (e.g. saliency, which needs ∂logit/∂input, on a trained network).
    public let computesParameterGradients: Bool

    public init(pool: ComputePool, training: Bool, dropoutSeed: UInt64 = 0, optimizer: Adam? = nil,
                computesParameterGradients: Bool = true) {
        precondition(optimizer == nil || computesParameterGradients, "the optimizer needs the parameter gradients")
        self.pool = pool
        self.training = training
        self.dropoutSeed = dropoutSeed
        self.optimizer = optimizer
        self.computesParameterGradients = computesParameterGradients
    }
}

/// A layer keeps what its backward pass needs from the last forward pass, and owns its output
/// buffers (reused step after step). It never reshapes or writes a tensor it does not own: it may
/// return its input itself (an identity) or a view of it (a reshape). Parameter gradients are
/// overwritten, not accumulated: each parameter is used once per pass.
public protocol Layer: AnyObject {
    /// - input: (N, …); returns (N, …): a buffer the layer owns, the input, or a view of it.
    func forward(_ input: Tensor, _ context: PassContext) -> Tensor
    /// - outputGradient: ∂loss/∂output of the last forward pass. Returns ∂loss/∂input when
    ///   `needsInputGradient` (training never needs the first layer's), else nil. Writes the
    ///   parameters' gradients to the store unless the context says otherwise.
    func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor?
}
