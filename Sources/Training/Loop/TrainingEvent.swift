// What a trainer reports while it runs: the one vocabulary shared by the CLI and the dashboard.
import Foundation
import NeuralNet

public struct TrainingStart: Sendable {
    public let model: ModelKind
    public let configuration: TrainingConfiguration
    public let runFolder: URL?
    public let batchesPerEpoch: Int
    /// Epochs already done (0 for a new run, more when resuming).
    public let completedEpochs: Int
    public let history: [EpochMetrics]
    /// When resuming with previews on (a dashboard): the restored weights' validation scores and
    /// test preview, so the confusion matrix and samples show before the next epoch ends.
    public var restoredValidation: Evaluation? = nil
    public var restoredPreview: Predictions? = nil
    /// A resumed run's weights, when the trainer shares them (`Trainer.sharesEpochWeights`).
    public var restoredWeights: ParameterSnapshot? = nil
}

public struct BatchProgress: Sendable {
    public let model: ModelKind
    public let epoch: Int
    public let batch: Int
    public let batchesPerEpoch: Int
    /// Mean training loss over this epoch's batches so far.
    public let runningLoss: Double
    public let imagesPerSecond: Double
    /// Layer-health samples taken since the last report (`Trainer.samplesLayerHealth`).
    public var healthSamples: [LayerHealthSample] = []
}

public struct EpochReport: Sendable {
    public let model: ModelKind
    public let metrics: EpochMetrics
    /// nil without a validation split (--full-train).
    public let validation: Evaluation?
    public let isBest: Bool
    public let bestEpoch: Int
    public let bestValidLoss: Double
    /// Predictions on the first test images, when the trainer was asked for a preview.
    public let testPreview: Predictions?
    /// Dead ReLU units and sampling time of the epoch (`Trainer.samplesLayerHealth`).
    public var layerHealth: LayerHealthEpoch? = nil
    /// The weights the epoch ended with (`Trainer.sharesEpochWeights`).
    public var weights: ParameterSnapshot? = nil
}

public struct FinalReport: Sendable {
    public let model: ModelKind
    public let bestEpoch: Int
    /// The test set scored with the best-validation-loss weights (the seed's rule).
    public let test: Evaluation
    /// The test set scored with the final weights.
    public let lastTest: Evaluation
    /// Probabilities of the best weights for every test image.
    public let testPredictions: Predictions
    public let runFolder: URL?
}

public enum TrainingEvent: Sendable {
    case started(TrainingStart)
    case progress(BatchProgress)
    case epochFinished(EpochReport)
    case paused(ModelKind)
    case resumed(ModelKind)
    /// Stopped on request before the last epoch, with a resumable checkpoint.
    case stopped(ModelKind, completedEpochs: Int)
    case finished(FinalReport)
    case failed(ModelKind, message: String)
    /// The loss or the weights became NaN, infinite or too large (`TrainingDiverged`): the run's state is
    /// `diverged`, its folder keeps the epochs before.
    case diverged(ModelKind, message: String)

    public var model: ModelKind {
        switch self {
        case .started(let start): return start.model
        case .progress(let progress): return progress.model
        case .epochFinished(let report): return report.model
        case .paused(let model), .resumed(let model), .stopped(let model, _), .failed(let model, _),
             .diverged(let model, _): return model
        case .finished(let report): return report.model
        }
    }
}
