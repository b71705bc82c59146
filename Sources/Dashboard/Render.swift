// render: draws the whole dashboard for a state into a buffer; pure, so tests compare its text grid.
import TerminalUI

/// Draws `state` into `buffer` (its size is the screen's): the header, the main screen's panes or the
/// misclassified view, the footer, and the help or runs overlay; below the minimum size, the
/// too-small message.
public func render(_ state: DashboardState, into buffer: inout CellBuffer, capabilities: Capabilities, theme: Theme) {
    buffer.fill(buffer.bounds, style: theme.base)
    guard DashboardLayout.fits(buffer.size) else {
        TooSmallMessage(current: buffer.size, required: DashboardLayout.minimumSize, hint: "q quits")
            .render(into: &buffer, in: buffer.bounds, theme: theme, capabilities: capabilities)
        return
    }
    let layout = DashboardLayout(size: buffer.size)
    let header = HeaderPane(state: state, theme: theme, capabilities: capabilities)
    header.renderTabs(into: &buffer, in: layout.tabRow)
    header.renderDetail(into: &buffer, in: layout.detailRow)
    let model = state.selectedModel
    if state.overlay == .misclassified {
        MisclassifiedPane(state: state, theme: theme, capabilities: capabilities).render(into: &buffer, in: layout.body)
    } else {
        LossPane(state: state, theme: theme, capabilities: capabilities).render(into: &buffer, in: layout.loss)
        SamplesPane(state: state, theme: theme, capabilities: capabilities).render(into: &buffer, in: layout.samples)
        ConfusionPane(model: model, theme: theme, capabilities: capabilities).render(into: &buffer, in: layout.confusion)
        AccuracyPane(model: model, theme: theme, capabilities: capabilities).render(into: &buffer, in: layout.accuracy)
        if !layout.epochs.isEmpty {
            EpochTablePane(model: model, theme: theme, capabilities: capabilities).render(into: &buffer, in: layout.epochs)
        }
    }
    renderFooter(state, into: &buffer, in: layout.footerRow, theme: theme)
    if state.overlay == .runs {
        let column = Rect(x: layout.confusion.x, y: layout.body.y, width: layout.confusion.width, height: layout.body.height)
        RunsPane(state: state, theme: theme, capabilities: capabilities).render(into: &buffer, in: column)
    }
    if state.showsHelp {
        HelpOverlay(title: "Keys", entries: KeyHelp.entries(unicode: capabilities.unicode), footer: "Esc or any key closes")
            .render(into: &buffer, in: layout.body, theme: theme, capabilities: capabilities)
    }
}

/// The key reminder, or what is happening now (quitting, a notice).
private func renderFooter(_ state: DashboardState, into buffer: inout CellBuffer, in row: Rect, theme: Theme) {
    let origin = Point(x: row.x + 1, y: row.y)
    if state.isQuitting {
        buffer.write("stopping the trainers and saving checkpoints…", at: origin, style: theme.accent, clip: row)
    } else if let notice = state.notice {
        buffer.write(notice.text.truncated(toWidth: row.width - 1), at: origin,
                     style: notice.isError ? theme.wrong : theme.accent, clip: row)
    } else {
        let hint = KeyHelp.footerHints.first { $0.count + 1 <= row.width } ?? ""
        buffer.write(hint, at: origin, style: theme.muted, clip: row)
    }
}
