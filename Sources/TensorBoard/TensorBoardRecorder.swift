// The live writer: fed a trainer's events, it writes the run's TensorBoard events as each epoch ends.
import Foundation
import Synchronization
import Training

/// Writes what `TensorBoardExport` would, while the run trains: hyperparameters and the epochs so far
/// when training starts (a resumed run's earlier epochs too), one event per finished epoch, the test
/// scores at the end. Anything that emits `TrainingEvent`s can feed it (train, resume, the dashboard's
/// trainers). A failed write never stops training: it is reported once through `onFailure` and later
/// events are dropped.
public final class TensorBoardRecorder: Sendable {
    private struct State {
        var log: RunEventLog
        var failed = false
        /// The last epoch written: the step of the test scores.
        var lastEpoch = 0
    }

    public let folder: URL
    private let runFolder: URL
    private let started: Date
    private let state: Mutex<State>
    private let onFailure: @Sendable (String) -> Void

    /// Prepares `<logDirectory>/<run id>/` for the run in `runFolder`.
    /// - Throws: `TensorBoardError` when the folder cannot be made or holds event files of another run.
    public init(logDirectory: URL, runFolder: URL, onFailure: @escaping @Sendable (String) -> Void) throws {
        let log = try RunEventLog(logDirectory: logDirectory, runID: runFolder.lastPathComponent,
                                  removeForeign: false, forceAllowed: false)
        folder = log.folder
        self.runFolder = runFolder
        started = (try? RunRecord(folder: runFolder))?.settings.started ?? Date()
        state = Mutex(State(log: log))
        self.onFailure = onFailure
    }

    public func record(_ event: TrainingEvent) {
        let now = Date().timeIntervalSince1970
        state.withLock { state in
            guard !state.failed else { return }
            let log = state.log
            do {
                switch event {
                case .started(let start):
                    try log.begin(start.configuration, runFolder: runFolder, started: started, history: start.history)
                    state.lastEpoch = start.history.last?.epoch ?? 0
                case .epochFinished(let report):
                    try log.epoch(report.metrics, wallTime: now)
                    state.lastEpoch = report.metrics.epoch
                case .finished(let report):
                    try log.finish(best: report.test, last: report.lastTest, epoch: state.lastEpoch, wallTime: now)
                case .failed, .diverged:
                    try log.fail(wallTime: now)
                case .progress, .paused, .resumed, .stopped:
                    break
                }
            } catch {
                state.failed = true
                onFailure("\(error); no more TensorBoard events for run \(runFolder.lastPathComponent)")
            }
        }
    }
}
