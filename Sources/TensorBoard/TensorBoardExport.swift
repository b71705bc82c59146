// `fmnist-tui export RUN --tensorboard DIR`: a saved run written as TensorBoard event files in one go.
import Foundation
import Training

public enum TensorBoardExport {
    public struct Written: Sendable {
        /// The event file, in `<DIR>/<run id>/`.
        public let file: URL
        /// Event files of another run that `force` deleted from that folder.
        public let removedForeignFiles: [String]
    }

    /// Writes `record` into `<logDirectory>/<run id>/`: hyperparameters, every epoch's scalars and, for a
    /// finished run, the test scores and confusion matrix. Epochs are stamped with the run's start time
    /// plus their seconds, as if written live. Replaces an earlier export of the same run.
    /// - Parameter force: delete event files of other runs in that folder instead of refusing.
    public static func write(_ record: RunRecord, to logDirectory: URL, force: Bool) throws -> Written {
        let log = try RunEventLog(logDirectory: logDirectory, runID: record.id, removeForeign: force, forceAllowed: true)
        try log.begin(record.settings.configuration, runFolder: record.folder, started: record.settings.started,
                      history: record.history)
        let end = record.settings.started.timeIntervalSince1970 + record.history.reduce(0) { $0 + $1.seconds }
        if let scores = record.scores {
            try log.finish(best: scores.test, last: scores.lastTest, epoch: record.history.last?.epoch ?? 0, wallTime: end)
        } else if record.status == .failed {
            try log.fail(wallTime: end)
        }
        return Written(file: log.file.url, removedForeignFiles: log.removedForeignFiles)
    }
}
