// DashboardEffect: what `reduce` asks the session to do: steer and start trainers, load themes and runs, quit.
import Training

public enum DashboardEffect: Hashable, Sendable {
    case pause(slot: Int)
    case resume(slot: Int)
    case stop(slot: Int)
    /// Set the trainer's compute threads (takes effect at its next batch).
    case setComputeThreads(slot: Int, count: Int)
    /// Load this theme and answer with `.themeApplied` or `.notice`.
    case loadTheme(name: String)
    /// Projector or filters work for the ProjectionWorker (answers with `.insight`).
    case insight(InsightRequest)
    /// Compute saliency maps off the UI thread and answer with `.saliencyComputed` (issue #14).
    case computeSaliency(SaliencyRequest)
    /// Hand the saliency worker the weights of the slot's predictions now (`DashboardState.saliencyWeights`), so
    /// that the first map asked for them does not wait for them.
    case prepareSaliency(slot: Int)
    // New runs from the dashboard's form (#12).
    /// Make the run's folder and trainer; answer with `.runStarted` or `.notice`.
    case startRun(TrainingConfiguration)
    /// Start the trainer of `slot`, added by `.runStarted`, on its thread.
    case launchTrainer(slot: Int)
    /// Draw a frame even though no input arrived (e.g. a notice expired).
    case redraw
    /// Every trainer has returned after a quit: restore the terminal and end.
    case exit
}
