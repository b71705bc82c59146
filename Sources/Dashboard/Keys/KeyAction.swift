// KeyAction: everything a key can make the dashboard do (with the browser's and the runs list's own actions); the key table maps keys to these, the reducer carries them out.

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
    /// The runs list over the main screen (read again each time).
    case openRuns
    case openHelp
    /// Close the top overlay, or go back to the main screen.
    case back
    case browse(BrowserAction)
    case chooseRuns(RunListAction)
    // Insight (issue #14): saliency maps in the misclassified view, the confusion matrix's cursor.
    case saliency(SaliencyAction)
    case openConfusionCursor
    case confusionCursor(ConfusionCursorAction)
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

/// The runs list's keys: move the cursor; add the run under it to the loss chart, or take it off.
enum RunListAction: Hashable, Sendable {
    case up, down, toggleCompared
}
