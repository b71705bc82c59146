// The loss or the weights of a run became NaN or infinite: the trainer stops the run with state `diverged`.
import Foundation
import NeuralNet

/// Thrown by the trainer when a batch loss, the validation loss or a weight is no longer finite. Nothing of
/// the diverged epoch is saved: the run folder keeps the checkpoints of the last finite epoch.
public struct TrainingDiverged: Error, CustomStringConvertible, Equatable {
    public let model: ModelKind
    public let epoch: Int
    /// What stopped being finite, e.g. "the loss of batch 3" or "the validation loss".
    public let what: String
    public let value: Double
    public let learningRate: Double

    public var description: String {
        "the \(model.displayName) run diverged in epoch \(epoch): \(what) is \(value) (learning rate \(learningRate)); "
            + "nothing of this epoch was saved. Train a new run with a lower --lr"
    }
}
