// The trainer's state between epochs besides weights and moments, kept in last.safetensors' metadata.
import NeuralNet

/// The trainer's state between epochs, besides weights and moments.
public struct ResumeState: Equatable, Sendable {
    public static let format = "fmnist-tui-checkpoint-1"
    public var model: ModelKind
    public var completedEpochs: Int
    public var adamStep: Int
    /// The SplitMix64 state that drives shuffling and dropout after this epoch.
    public var rngState: UInt64
    public var bestEpoch: Int
    public var bestValidLoss: Double

    var metadata: [String: String] {
        ["format": Self.format, "model": model.rawValue, "epoch": String(completedEpochs),
         "adam_step": String(adamStep), "rng_state": String(rngState), "best_epoch": String(bestEpoch),
         "best_valid_loss": String(bestValidLoss)]
    }

    init(model: ModelKind, completedEpochs: Int, adamStep: Int, rngState: UInt64, bestEpoch: Int, bestValidLoss: Double) {
        self.model = model
        self.completedEpochs = completedEpochs
        self.adamStep = adamStep
        self.rngState = rngState
        self.bestEpoch = bestEpoch
        self.bestValidLoss = bestValidLoss
    }

    /// Parses the metadata of a last.safetensors; nil when a field is absent or malformed.
    init?(metadata: [String: String]) {
        guard metadata["format"] == Self.format,
              let model = metadata["model"].flatMap(ModelKind.init(rawValue:)),
              let epoch = metadata["epoch"].flatMap(Int.init), let step = metadata["adam_step"].flatMap(Int.init),
              let rng = metadata["rng_state"].flatMap(UInt64.init), let bestEpoch = metadata["best_epoch"].flatMap(Int.init),
              let bestLoss = metadata["best_valid_loss"].flatMap(Double.init)
        else { return nil }
        self.init(model: model, completedEpochs: epoch, adamStep: step, rngState: rng, bestEpoch: bestEpoch,
                  bestValidLoss: bestLoss)
    }
}
