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
    /// Scroll the help box when its entries do not all fit.
    case scrollHelp(HelpScroll)
    /// Close the top overlay, or go back to the main screen.
    case back
    case browse(BrowserAction)
    case runsView(RunsViewAction)
    /// A key typed on the runs view's filter line (the reducer reads which).
    case typeFilter
    // Insight (#14)
    case showProjector, showLayerHealth, showFilters
    case projector(ProjectorAction)
    // Insight (issue #14): saliency maps in the misclassified view, the confusion matrix's cursor.
    case saliency(SaliencyAction)
    case openConfusionCursor
    case confusionCursor(ConfusionCursorAction)
    // New runs (#12): open the form, its keys, a key typed into it (the reducer reads which).
    case openNewRunForm
    case newRunForm(NewRunFormAction)
    case typeIntoNewRunForm
}

/// The new-run form's keys: move between fields, step a value, start the run, cancel.
enum NewRunFormAction: Hashable, Sendable {
    case previousField, nextField, stepDown, stepUp, start, cancel
}

/// The projector's and filters' keys: move the cursor, switch PCA / t-SNE, step through the sample.
enum ProjectorAction: Hashable, Sendable {
    case left, right, up, down, toggleMethod, previousImage, nextImage
}

/// The saliency keys of the misclassified view.
enum SaliencyAction: Hashable, Sendable {
    case nextMethod, previousMethod, toggleSigned, toggleBothModels
}

/// The confusion matrix's cursor: move by a cell, or open the cell's images in the browser.
enum ConfusionCursorAction: Hashable, Sendable {
    case up, down, left, right, openCell
}

/// The misclassified browser's keys: step (wrapping around), jump to the ends, filter by true class.
enum BrowserAction: Hashable, Sendable {
    case previous, next, first, last, cycleClassFilter
}

/// The help box's scrolling keys: a line or a page up or down.
enum HelpScroll: Hashable, Sendable {
    case lineUp, lineDown, pageUp, pageDown
}
