// DashboardScreen and DashboardOverlay: which screen fills the body under the model tabs, what is drawn over it, and moving between them.

/// A full screen of the dashboard: what fills the body between the header (the model tabs) and
/// the footer. Each has its panes (`ScreenLayout`) and its keys.
public enum DashboardScreen: Hashable, Sendable {
    /// Loss, test samples, confusion matrix, validation accuracy and epochs of the selected model.
    case main
    /// One misclassified test image at a time (`m`).
    case misclassified
}

/// Drawn over the screen, in the order opened (the last on top).
public enum DashboardOverlay: Hashable, Sendable {
    /// The earlier runs to compare (`r`), over the main screen's right column.
    case runs
    /// The keys (`?`); the next key closes it.
    case help
    /// The confusion matrix has the keys: a cursor on its cells (`c`); draws nothing of its own.
    case confusionCursor
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

    /// Closes the top overlay, or goes back to the main screen when none is open.
    mutating func back() {
        if overlays.isEmpty {
            screen = .main
        } else {
            overlays.removeLast()
        }
    }
}
