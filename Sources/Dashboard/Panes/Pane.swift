// Pane: the protocol every part of the dashboard's screen follows, the identifier layouts key it by, and the context it draws from.
import TerminalUI

/// Names a pane: its key in a `ScreenLayout` and what has the focus. Each pane declares its own
/// (`extension PaneID { static let loss = PaneID("loss") }`) next to its type.
struct PaneID: Hashable, Sendable, CustomStringConvertible {
    let name: String

    init(_ name: String) {
        self.name = name
    }

    var description: String { name }
}

/// What every pane draws from: the whole state, the theme, what the terminal can show, and
/// which pane has the keys.
struct PaneContext {
    let state: DashboardState
    let theme: Theme
    let capabilities: Capabilities
    /// The pane the keys go to, drawn with its title in the accent style; nil on the main screen.
    let focus: PaneID?

    var glyphs: Glyphs { capabilities.glyphs }
    /// The model on screen.
    var model: ModelRunState { state.selectedModel }

    /// Draws a pane's box with its title (in the accent style when the pane has the focus) and
    /// returns the rect inside it (empty when there is no room).
    @discardableResult
    func drawFrame(of pane: PaneID, title: String, rightTitle: [TextSpan] = [], clearsInterior: Bool = false,
                   into buffer: inout CellBuffer, in rect: Rect) -> Rect {
        Panel(title: title, rightTitle: rightTitle, isFocused: focus == pane, clearsInterior: clearsInterior)
            .renderFrame(into: &buffer, in: rect, theme: theme, capabilities: capabilities)
    }

    /// Draws a widget with this context's theme and capabilities.
    func draw(_ widget: some Widget, into buffer: inout CellBuffer, in rect: Rect) {
        widget.render(into: &buffer, in: rect, theme: theme, capabilities: capabilities)
    }
}

/// One part of the screen: the header, the footer, a screen's panes, an overlay. Every pane
/// takes the same inputs: a rect from the layout and the shared context. Like widgets, panes
/// draw only inside their rect and accept any rect, empty or partly off-screen.
protocol Pane {
    var id: PaneID { get }
    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext)
}
