// HelpPane: the key table's help entries in a box centred over the body, until the next key.
import TerminalUI

extension PaneID {
    static let help = PaneID("help")
}

struct HelpPane: Pane {
    var id: PaneID { .help }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (keys, unicode) = (KeyTable.dashboard, context.capabilities.unicode)
        context.draw(HelpOverlay(title: "Keys", entries: keys.helpEntries(unicode: unicode),
                                 footer: keys.hintLine(for: .overlay(.help), unicode: unicode)),
                     into: &buffer, in: rect)
    }
}
