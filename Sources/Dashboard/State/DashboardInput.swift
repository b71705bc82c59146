// DashboardInput: everything that can change the dashboard's state, merged into one stream.
import TerminalUI
import Training

public enum DashboardInput: Sendable {
    case key(Key)
    case resize(Size)
    /// SIGTERM: quit as `q` does.
    case terminationRequested
    /// The frame clock, in seconds since the session started.
    case tick(now: Double)
    /// An event of the trainer in `slot` (index into `DashboardState.models`).
    case training(slot: Int, TrainingEvent)
    /// The trainer thread in `slot` returned.
    case trainerExited(slot: Int)
    /// What the runs watcher found changed in the runs folder (the first poll: every run).
    case runsUpdated(RunsUpdate)
    /// A theme was loaded and is now drawn with; its file's warnings, if any.
    case themeApplied(name: String, warnings: [String])
    /// Saliency maps asked for with `.computeSaliency` (issue #14).
    case saliencyComputed(SaliencyResult)
    /// Something the user should read in the footer (e.g. a broken theme file).
    case notice(String)
    /// A run started from the form has its folder and trainer, which becomes the next slot (not started yet).
    case runStarted(ModelRunState)
    /// The ProjectionWorker's answer for the model in `slot`.
    case insight(slot: Int, InsightResult)
}
