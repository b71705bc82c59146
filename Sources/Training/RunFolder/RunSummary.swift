// RunSummary: one run as every list shows it: `fmnist-tui runs`, `runs --json` and the dashboard's runs list.
import Foundation
import NeuralNet

public struct RunSummary: Sendable, Equatable {
    public let id: String
    public let folder: URL
    public let model: ModelKind?
    public let recipe: String?
    public let plannedEpochs: Int?
    /// Completed epochs in increasing order.
    public let history: [EpochMetrics]
    public let status: RunStatus
    public let started: Date?
    /// The test scores of a finished run.
    public let scores: TestScores?

    public init(id: String, folder: URL, model: ModelKind?, recipe: String?, plannedEpochs: Int?,
                history: [EpochMetrics], status: RunStatus, started: Date? = nil, scores: TestScores? = nil) {
        self.id = id
        self.folder = folder
        self.model = model
        self.recipe = recipe
        self.plannedEpochs = plannedEpochs
        self.history = history
        self.status = status
        self.started = started
        self.scores = scores
    }

    public init(_ record: RunRecord) {
        self.init(id: record.id, folder: record.folder, model: record.settings.configuration.model,
                  recipe: record.recipe, plannedEpochs: record.settings.configuration.epochs,
                  history: record.history, status: record.status, started: record.settings.started,
                  scores: record.scores)
    }

    public var epochsDone: Int { history.last?.epoch ?? 0 }
    /// The epoch with the lowest validation loss; nil without a validation split.
    public var bestValidation: (epoch: Int, loss: Double)? { history.bestValidation }
    /// Test accuracy of the best weights, once the run finished.
    public var testAccuracy: Double? { scores?.test.accuracy }

    /// Every run folder (one with a config.json) in `runsDirectory`, oldest first, and the problems met
    /// reading them, one line each; a folder whose config.json cannot be read is left out and named there.
    public static func readAll(in runsDirectory: URL) -> (summaries: [RunSummary], problems: [String]) {
        var summaries = [RunSummary](), problems = [String]()
        for id in RunRecord.runIDs(in: runsDirectory) {
            do {
                let record = try RunRecord(folder: runsDirectory.appendingPathComponent(id))
                problems += record.warnings
                summaries.append(RunSummary(record))
            } catch {
                problems.append("\(error); run skipped")
            }
        }
        return (summaries, problems)
    }
}
