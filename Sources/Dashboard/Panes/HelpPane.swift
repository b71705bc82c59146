// HelpPane: every key, in a box centred over the body, until the next key.
import TerminalUI

extension PaneID {
    static let help = PaneID("help")
}

struct HelpPane: Pane {
    var id: PaneID { .help }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        context.draw(HelpOverlay(title: "Keys", entries: KeyHelp.entries(unicode: context.capabilities.unicode),
                                 footer: "Esc or any key closes"),
                     into: &buffer, in: rect)
    }
}
