// ModelRunState: what the dashboard knows about one model's training run, built from its TrainingEvents.
import Foundation
import NeuralNet
import TerminalUI
import Training

/// Where a trainer is, as far as its events tell.
public enum TrainerPhase: Hashable, Sendable {
    /// The thread is starting (loading a checkpoint); no `.started` yet.
    case starting
    case training
    /// Blocked between batches, its compute threads asleep.
    case paused
    /// Stopped early; the last completed epoch is checkpointed.
    case stopped
    /// All planned epochs done and the test set scored.
    case finished
    case failed(String)
    /// Its loss or weights became NaN, infinite or too large; the run folder says `diverged`.
    case diverged(String)

    /// Whether the trainer is done for good.
    public var isFinal: Bool {
        switch self {
        case .stopped, .finished, .failed, .diverged: true
        case .starting, .training, .paused: false
        }
    }
}

/// The matrix on screen: the validation set after an epoch, or the test set at the end.
public struct ConfusionSnapshot: Sendable {
    public enum Source: Hashable, Sendable {
        case validation(epoch: Int)
        case test(bestEpoch: Int)
    }

    public var source: Source
    public var evaluation: Evaluation
}

/// Predictions on test images: the first images after an epoch (a preview), or all of them at the end.
public struct PredictionSnapshot: Sendable {
    public enum Source: Hashable, Sendable {
        case preview(epoch: Int)
        case test(bestEpoch: Int)
    }

    public var source: Source
    public var predictions: Predictions
    /// The misclassified images among them, most confidently wrong first.
    public var misclassified: [MisclassifiedImage]
}

public struct ModelRunState: Sendable {
    /// Running points kept for the current epoch's training-loss trace; older ones are thinned.
    static let runningPointLimit = 240

    public let model: ModelKind
    public var phase: TrainerPhase = .starting
    /// Space or `p` asked for a pause that the trainer has not necessarily reached yet.
    public var pauseRequested = false
    /// The trainer's thread has returned.
    public var threadExited = false
    /// Compute threads currently assigned to the trainer (see `ComputeSharing`).
    public var computeThreads: Int
    public var runID: String?
    public var plannedEpochs: Int
    public var batchSize: Int
    /// The training recipe's name (seed, improved or fast), shown in the header.
    public var recipe: String
    public var batchesPerEpoch = 0
    /// The latest per-batch report of the current epoch (nil between epochs).
    public var progress: BatchProgress?
    /// Images per second of the last report, kept across epochs for the header.
    public var imagesPerSecond = 0.0
    public var history: [EpochMetrics] = []
    /// Running mean training loss within the current epoch, at fractional epochs.
    public var runningLoss: [ChartPoint] = []
    public var bestEpoch = 0
    public var bestValidLoss = Double.infinity
    public var confusion: ConfusionSnapshot?
    public var predictions: PredictionSnapshot?
    /// Test accuracy of the best weights, once finished.
    public var testAccuracy: Double?
    // Insight (#14)
    public var projector = ModelProjector()
    public var health = LayerHealthHistory()
    // Saliency (issue #14): where the predictions' weights are saved, and how the inputs were scaled.
    public var runFolder: URL?
    public var normalizesInputs = false
    /// Every setting of the run, once its trainer has started: the new-run form's defaults (#12).
    public var settings: TrainingConfiguration?

    public init(model: ModelKind, plannedEpochs: Int, batchSize: Int, computeThreads: Int, runID: String? = nil,
                recipe: String = "seed") {
        self.model = model
        self.recipe = recipe
        self.plannedEpochs = plannedEpochs
        self.batchSize = batchSize
        self.computeThreads = computeThreads
        self.runID = runID
    }

    /// Epochs completed.
    public var completedEpochs: Int { history.count }

    /// The epoch on screen: the one in progress (or next), or the last completed one once done for good.
    public var currentEpoch: Int {
        if phase.isFinal { return completedEpochs }
        return progress?.epoch ?? min(completedEpochs + 1, plannedEpochs)
    }

    /// Whether the trainer computes now or is about to (a resume was asked for).
    public var isComputing: Bool {
        guard !threadExited else { return false }
        switch phase {
        case .starting, .training: return true
        case .paused: return !pauseRequested
        case .stopped, .finished, .failed, .diverged: return false
        }
    }

    /// Whether Space would pause (rather than resume) this model.
    public var canPause: Bool { !phase.isFinal && !threadExited && !pauseRequested }

    /// Validation accuracy of the best epoch (lowest validation loss).
    public var bestMetrics: EpochMetrics? { history.first { $0.epoch == bestEpoch } }

    /// Adds a running-loss point, dropping every other older point when there are too many
    /// (the newest point always stays).
    mutating func appendRunningLoss(_ point: ChartPoint) {
        runningLoss.append(point)
        if runningLoss.count > Self.runningPointLimit {
            let last = runningLoss.count - 1
            runningLoss = runningLoss.enumerated().filter { (last - $0.offset) % 2 == 0 }.map(\.element)
        }
    }
}
