// RunsPane: the `r` list of earlier runs, drawn over the right column so the loss chart stays in view.
import TerminalUI
import Training

extension PaneID {
    static let runs = PaneID("runs")
}

struct RunsPane: Pane {
    var id: PaneID { .runs }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, theme, capabilities) = (context.state, context.theme, context.capabilities)
        let inside = context.drawFrame(of: id, title: "Compare earlier runs", clearsInterior: true, into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let content = inside.inset(left: 1, right: 1)
        let keys = KeyTable.dashboard.hintLine(for: .overlay(.runs), unicode: capabilities.unicode)
        buffer.write(keys, at: Point(x: content.x, y: content.maxY - 1), style: theme.muted, clip: content)
        buffer.write(Self.row(mark: "", name: "run", epochs: "epochs", bestLoss: "best", state: "state", width: content.width),
                     at: content.origin, style: theme.muted, clip: content)
        let list = Rect(x: content.x, y: content.y + 1, width: content.width, height: max(0, content.height - 3))
        guard let runs = state.runList.runs else {
            buffer.write("reading runs…", at: list.origin, style: theme.muted, clip: list)
            return
        }
        guard !runs.isEmpty else {
            buffer.write("no earlier runs in the runs folder", at: list.origin, style: theme.muted, clip: list)
            return
        }
        let first = max(0, min(state.runList.cursor - list.height / 2, runs.count - list.height))
        for (offset, run) in runs.dropFirst(first).prefix(list.height).enumerated() {
            let index = first + offset
            let chosen = state.comparedRuns.firstIndex { $0.id == run.id }
            let mark = chosen == nil ? "[ ]" : "[x]"
            let bestText = Formatting.loss(run.history.compactMap(\.validLoss).min())
            let text = Self.row(mark: mark, name: LossPane.shortName(run), epochs: "\(run.history.count)/\(run.plannedEpochs.map(String.init) ?? "?")",
                               bestLoss: bestText, state: run.status.rawValue, width: list.width)
            let point = Point(x: list.x, y: list.y + offset)
            let style = index == state.runList.cursor ? theme.selection : theme.text
            buffer.write(text.truncated(toWidth: list.width, ellipsis: capabilities.glyphs.ellipsis).rightPadded(toWidth: list.width),
                         at: point, style: style, clip: list)
            if let chosen, index != state.runList.cursor {
                buffer.write(mark, at: point, style: theme.compareLine(chosen), clip: list)
            }
        }
    }

    /// `[x] 0412-1530 cnn    12/50  0.2413  stopped`: the columns of one run (and of the header).
    /// Narrower than that (80-column screens), the best loss gives way so the state still shows:
    /// `[x] 0412-1530 cnn  12/50 interrupted`.
    static func row(mark: String, name: String, epochs: String, bestLoss: String, state: String, width: Int) -> String {
        let full = mark.rightPadded(toWidth: 4) + name.rightPadded(toWidth: 15) + epochs.leftPadded(toWidth: 6) + "  "
            + bestLoss.rightPadded(toWidth: 6) + "  "
        if full.count + longestState <= width { return full + state }
        return mark.rightPadded(toWidth: 4) + name.rightPadded(toWidth: 14) + epochs.leftPadded(toWidth: 6) + " " + state
    }

    static let longestState = RunStatus.allCases.map(\.rawValue.count).max() ?? 0
}
