// DashboardScreen and DashboardOverlay: which screen fills the body under the model tabs, what is drawn over it, and moving between them.

/// A full screen of the dashboard: what fills the body between the header (the model tabs) and
/// the footer. Each has its panes (`ScreenLayout`) and its keys.
public enum DashboardScreen: Hashable, Sendable {
    /// Loss, test samples, confusion matrix, validation accuracy and epochs of the selected model.
    case main
    /// One misclassified test image at a time (`m`).
    case misclassified
    // Experiments (#12): every run folder, one run, two runs side by side.
    /// Every run in the runs folder, live (`r`; where `dashboard --watch` opens).
    case runs
    /// One run of the runs view: settings, epochs, curves, confusion matrix (Enter).
    case run
    /// Two marked runs side by side (`c`).
    case compare
    // Insight (#14)
    /// The penultimate activations of 2,000 test images in 2-D (`e`).
    case projector
    /// Update/weight ratios, gradient norms, dead units, the loss at initialisation (`h`).
    case layerHealth
    /// The CNN's kernels and feature maps (`f`).
    case filters
}

/// Drawn over the screen, in the order opened (the last on top).
public enum DashboardOverlay: Hashable, Sendable {
    /// The runs view's filter line (`/`), which takes every key typed.
    case runFilter
    /// The keys (`?`); the next key closes it.
    case help
    /// The confusion matrix has the keys: a cursor on its cells (`c`); draws nothing of its own.
    case confusionCursor
    /// The form that starts a new run (`n`, #12); takes every key typed.
    case newRunForm
}

extension DashboardState {
    /// Shows `screen` with no overlay over it.
    mutating func show(_ screen: DashboardScreen) {
        self.screen = screen
        overlays.removeAll()
    }

    /// Opens `overlay` on top of the others.
    mutating func open(_ overlay: DashboardOverlay) {
        overlays.append(overlay)
    }

    /// Closes the top overlay, or goes back a screen (to the main screen, or the runs view from a run)
    /// when none is open.
    mutating func back() {
        if overlays.isEmpty {
            screen = screenBehind
        } else {
            overlays.removeLast()
        }
    }
}
