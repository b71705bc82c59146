// HelpPane: the key table's help entries in a box centred over the body, until a key other than its
// scrolling keys; at small sizes (60×20) it shows a window of the entries that ↑/↓ and PgUp/PgDn move.
import TerminalUI

extension PaneID {
    static let help = PaneID("help")
}

struct HelpPane: Pane {
    var id: PaneID { .help }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        context.draw(Self.overlay(context.state, unicode: context.capabilities.unicode), into: &buffer, in: rect)
    }

    /// The box for `state`: every help entry; the footer names the closing keys, or when the entries do
    /// not all fit, the scrolling keys too (both from the key table).
    static func overlay(_ state: DashboardState, unicode: Bool) -> HelpOverlay {
        let keys = KeyTable.dashboard
        return HelpOverlay(title: "Keys", entries: keys.helpEntries(unicode: unicode),
                           footer: keys.binding(for: .back, in: .overlay(.help))?.hintText(unicode: unicode),
                           scrollFooter: keys.hintLine(for: .overlay(.help), unicode: unicode),
                           firstEntry: state.helpFirstEntry)
    }

    /// The help box's first entry after `scroll`, kept so that the window stays full; a page is what the
    /// box shows at the state's screen size, less one line of overlap.
    static func scrolled(_ state: DashboardState, by scroll: HelpScroll) -> Int {
        let area = ScreenLayout(size: state.screenSize, screen: state.screen, overlays: state.overlays).body.size
        var box = overlay(state, unicode: true)
        let page = max(1, box.visibleEntryCount(in: area) - 1)
        let step = switch scroll {
        case .lineUp: -1
        case .lineDown: 1
        case .pageUp: -page
        case .pageDown: page
        }
        box.firstEntry = box.firstEntry(in: area) + step
        return box.firstEntry(in: area)
    }
}
