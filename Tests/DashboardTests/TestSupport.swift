// TestSupport: drawing a state into a fresh buffer and reading rows of it back as text.
import TerminalUI
@testable import Dashboard

/// The frame `render` draws for `state` at its screen size.
func frame(_ state: DashboardState, capabilities: Capabilities = .full, theme: Theme = .dark) -> CellBuffer {
    var buffer = CellBuffer(size: state.screenSize)
    render(state, into: &buffer, capabilities: capabilities, theme: theme)
    return buffer
}

/// The frame's text rows with trailing spaces removed.
func trimmedRows(_ buffer: CellBuffer) -> [String] {
    buffer.textGrid.map { row in
        var text = row
        while text.last == " " { text.removeLast() }
        return text
    }
}
