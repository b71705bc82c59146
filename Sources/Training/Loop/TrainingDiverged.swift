// The loss or the weights of a run became NaN or infinite: the trainer stops the run with state `diverged`.
import Foundation
import NeuralNet

/// Thrown by the trainer when a batch loss or the validation loss is NaN, infinite or above `lossLimit`, or a
/// weight is not finite. Nothing of the diverged epoch is saved: the run folder keeps the checkpoints of the
/// last epoch before it.
public struct TrainingDiverged: Error, CustomStringConvertible, Equatable {
    /// A mean cross-entropy above this has diverged, NaN or not: a uniform guess over 10 classes scores
    /// ln 10 ≈ 2.3, and 1,000 means logits a thousand apart. (With a learning rate of 10 the FCNN's loss
    /// reaches millions in its first epoch while staying finite.)
    public static let lossLimit = 1_000.0

    /// True when `loss` is NaN, infinite or above `lossLimit`.
    static func isDiverged(_ loss: Double) -> Bool { !(loss <= lossLimit) }

    public let model: ModelKind
    public let epoch: Int
    /// What went out of bounds, e.g. "the loss of batch 3" or "the validation loss".
    public let what: String
    public let value: Double
    public let learningRate: Double

    public var description: String {
        "the \(model.displayName) run diverged in epoch \(epoch): \(what) is \(value) (learning rate \(learningRate)); "
            + "nothing of this epoch was saved. Train a new run with a lower --lr"
    }
}
