// RunList and RunSummary: earlier runs the `r` overlay lists, to overlay their loss curves on the chart.
import Foundation
import NeuralNet
import Training

/// What the comparison needs from an earlier run's folder.
public struct RunSummary: Equatable, Sendable {
    public let id: String
    public let model: ModelKind
    public let plannedEpochs: Int
    public let history: [EpochMetrics]
    public let state: String

    public init(id: String, model: ModelKind, plannedEpochs: Int, history: [EpochMetrics], state: String) {
        self.id = id
        self.model = model
        self.plannedEpochs = plannedEpochs
        self.history = history
        self.state = state
    }

    public init(_ record: RunRecord) {
        self.init(id: record.id, model: record.settings.configuration.model,
                  plannedEpochs: record.settings.configuration.epochs, history: record.history,
                  state: record.state?.rawValue ?? "unknown")
    }

    /// Reads every run in `runsDirectory` but `excluded`, newest first; unreadable folders are skipped.
    public static func load(from runsDirectory: URL, excluding excluded: Set<String>) -> [RunSummary] {
        RunRecord.runIDs(in: runsDirectory).reversed().filter { !excluded.contains($0) }.compactMap { id in
            (try? RunRecord(folder: runsDirectory.appendingPathComponent(id))).map(RunSummary.init)
        }
    }
}

/// The `r` overlay's list: nil runs while loading, then the runs and the cursor.
public struct RunList: Equatable, Sendable {
    public var runs: [RunSummary]?
    public var cursor = 0

    public init(runs: [RunSummary]? = nil, cursor: Int = 0) {
        self.runs = runs
        self.cursor = cursor
    }
}
