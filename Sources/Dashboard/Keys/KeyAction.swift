// KeyAction: everything a key can make the dashboard do (with the browser's and the runs view's own actions); the key table maps keys to these, the reducer carries them out.

enum KeyAction: Hashable, Sendable {
    /// Stop every trainer (each checkpoints its last epoch) and end once all have returned.
    case quit
    case nextModel, previousModel
    /// Show the model in this slot (nothing when there is none).
    case selectModel(Int)
    /// Pause or resume the selected model; every model.
    case togglePause, togglePauseAll
    case nextTheme, toggleLossScale, smoothMore, smoothLess
    case showMisclassified
    /// The runs view: every run folder, live.
    case openRunsView
    case openHelp
    /// Close the top overlay, or go back to the main screen.
    case back
    case browse(BrowserAction)
    case runsView(RunsViewAction)
    /// A key typed on the runs view's filter line (the reducer reads which).
    case typeFilter
    // Insight (#14)
    case showProjector, showLayerHealth, showFilters
    case projector(ProjectorAction)
}

/// The projector's and filters' keys: move the cursor, switch PCA / t-SNE, step through the sample.
enum ProjectorAction: Hashable, Sendable {
    case left, right, up, down, toggleMethod, previousImage, nextImage
}

/// The misclassified browser's keys: step (wrapping around), jump to the ends, filter by true class.
enum BrowserAction: Hashable, Sendable {
    case previous, next, first, last, cycleClassFilter
}
