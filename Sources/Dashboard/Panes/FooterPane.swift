// FooterPane: the bottom row: the key reminder, or what is happening now (quitting, a notice).
import TerminalUI

extension PaneID {
    static let footer = PaneID("footer")
}

struct FooterPane: Pane {
    var id: PaneID { .footer }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, theme) = (context.state, context.theme)
        let origin = Point(x: rect.x + 1, y: rect.y)
        if state.isQuitting {
            buffer.write("stopping the trainers and saving checkpoints…", at: origin, style: theme.accent, clip: rect)
        } else if let notice = state.notice {
            buffer.write(notice.text.truncated(toWidth: rect.width - 1), at: origin,
                         style: notice.isError ? theme.wrong : theme.accent, clip: rect)
        } else {
            let hints = KeyTable.dashboard.footerHints(for: state.keyScopes, unicode: context.capabilities.unicode,
                                                       hidesModelKeys: state.models.isEmpty)
            let hint = hints.first { $0.count + 1 <= rect.width } ?? ""
            buffer.write(hint, at: origin, style: theme.muted, clip: rect)
        }
    }
}
