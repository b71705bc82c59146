// render: draws the whole dashboard for a state into a buffer; pure, so tests compare its text grid.
import TerminalUI

/// Draws `state` into `buffer` (its size is the screen's): every pane of `ScreenLayout` in its
/// rect (the header, the current screen's panes, the footer, the overlays); below the minimum
/// size, the too-small message.
public func render(_ state: DashboardState, into buffer: inout CellBuffer, capabilities: Capabilities, theme: Theme) {
    buffer.fill(buffer.bounds, style: theme.base)
    guard ScreenLayout.fits(buffer.size) else {
        TooSmallMessage(current: buffer.size, required: ScreenLayout.minimumSize, hint: "q quits")
            .render(into: &buffer, in: buffer.bounds, theme: theme, capabilities: capabilities)
        return
    }
    let layout = ScreenLayout(size: buffer.size, screen: state.screen, overlays: state.overlays)
    let context = PaneContext(state: state, theme: theme, capabilities: capabilities, focus: layout.focus)
    for placement in layout.placements {
        placement.pane.render(into: &buffer, in: placement.rect, context: context)
    }
}
