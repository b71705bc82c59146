// RunSummary: one run as every list shows it: `fmnist-tui runs` (table and --json), the dashboard's runs.
import Foundation
import NeuralNet

public struct RunSummary: Sendable, Equatable {
    /// The folder's name.
    public let id: String
    public let folder: URL
    /// nil (as are recipe, planned epochs and settings) when config.json cannot be read: see `problem`.
    public let model: ModelKind?
    public let recipe: String?
    public let plannedEpochs: Int?
    /// Every resolved setting by its config.json key ("learning_rate", "batch_size", …), as text.
    public let settings: [String: String]
    /// Completed epochs in increasing order (without their confusion matrices: see `latestValidConfusion`).
    public let history: [EpochMetrics]
    /// The validation confusion matrix of the last completed epoch, when its line has one.
    public let latestValidConfusion: [[Int]]?
    public let status: RunStatus
    public let started: Date?
    /// The test scores of a finished run.
    public let scores: TestScores?
    /// The sweep the run belongs to and its trial number, from config.json's `sweep_id` / `sweep_trial`.
    public let sweepID: String?
    public let sweepTrial: Int?
    /// Why the run's settings could not be read (missing or garbled config.json), for a row that says so.
    public let problem: String?
    /// Problems met reading the rest, one line each, e.g. a truncated metrics line.
    public let warnings: [String]
    /// The epoch with the lowest validation loss and that loss; nil without a validation split.
    public let bestEpoch: Int?
    public let bestValidLoss: Double?
    /// The highest validation accuracy of any epoch.
    public let bestValidAccuracy: Double?

    public init(id: String, folder: URL, model: ModelKind?, recipe: String?, plannedEpochs: Int?,
                settings: [String: String] = [:], history: [EpochMetrics], latestValidConfusion: [[Int]]? = nil,
                status: RunStatus, started: Date? = nil, scores: TestScores? = nil, sweepID: String? = nil,
                sweepTrial: Int? = nil, problem: String? = nil, warnings: [String] = []) {
        self.id = id
        self.folder = folder
        self.model = model
        self.recipe = recipe
        self.plannedEpochs = plannedEpochs
        self.settings = settings
        self.history = history
        self.latestValidConfusion = latestValidConfusion
        self.status = status
        self.started = started
        self.scores = scores
        self.sweepID = sweepID
        self.sweepTrial = sweepTrial
        self.problem = problem
        self.warnings = warnings
        // Stored, not computed: sorting a thousand runs asks for them many times.
        let best = history.bestValidation
        bestEpoch = best?.epoch
        bestValidLoss = best?.loss
        bestValidAccuracy = history.compactMap(\.validAccuracy).filter { !$0.isNaN }.max()
    }

    /// Reads the run in `folder` once.
    public static func read(folder: URL) -> RunSummary {
        var reader = RunFolderReader(folder: folder)
        _ = reader.refresh()
        return reader.summary
    }

    public var epochsDone: Int { history.last?.epoch ?? 0 }
    /// The epoch with the lowest validation loss; nil without a validation split.
    public var bestValidation: (epoch: Int, loss: Double)? { bestEpoch.map { ($0, bestValidLoss ?? .nan) } }
    /// Test accuracy of the best weights, once the run finished.
    public var testAccuracy: Double? { scores?.test.accuracy }
    /// Test accuracy of the last weights, once the run finished.
    public var lastTestAccuracy: Double? { scores?.lastTest.accuracy }

    /// Every run in `runsDirectory`, oldest first, read once, and the notices met (skipped folders, damaged lines).
    public static func readAll(in runsDirectory: URL) -> (summaries: [RunSummary], notices: [String]) {
        var watcher = RunsWatcher(runsDirectory: runsDirectory)
        let update = watcher.poll()
        return (watcher.summaries, update.notices)
    }
}
