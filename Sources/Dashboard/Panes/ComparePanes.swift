// The compare screen's panes (two marked runs, `c`): the settings that differ and the scores side by side,
// and the test confusion matrices' difference B − A with each class's accuracy delta.
import FashionMNIST
import TerminalUI
import Training

extension PaneID {
    static let compareSettings = PaneID("compare-settings")
    static let confusionDelta = PaneID("confusion-delta")
}

extension PaneContext {
    /// The two runs the compare screen shows, as RunComparison sets them side by side; nil once one is gone.
    var comparison: RunComparison? {
        let view = state.runsView
        guard let ids = view.comparedIDs, let a = view.runs[ids.a], let b = view.runs[ids.b] else { return nil }
        return RunComparison(a, b)
    }
}

struct CompareSettingsPane: Pane {
    var id: PaneID { .compareSettings }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let theme = context.theme
        guard let comparison = context.comparison else { return }
        let inside = context.drawFrame(of: id, title: "A vs B", into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let rows = Self.rows(comparison)
        let keyWidth = max(8, rows.map(\.key.count).max() ?? 0) + 1
        let valueWidth = max(8, (inside.width - keyWidth) / 2)
        for (offset, row) in rows.prefix(inside.height).enumerated() {
            let y = inside.y + offset
            let isHeading = offset == 0
            buffer.write(row.key, at: Point(x: inside.x, y: y), style: theme.muted, clip: inside)
            buffer.write(row.a.truncated(toWidth: valueWidth - 1), at: Point(x: inside.x + keyWidth, y: y),
                         style: isHeading ? theme.compareLine(0) : theme.text, clip: inside)
            buffer.write(row.b.truncated(toWidth: valueWidth - 1), at: Point(x: inside.x + keyWidth + valueWidth, y: y),
                         style: isHeading ? theme.compareLine(1) : theme.text, clip: inside)
        }
    }

    /// The runs' ids, their test accuracy and best validation loss, each setting that differs ("–" where a run
    /// has none), then the other scores.
    static func rows(_ comparison: RunComparison) -> [(key: String, a: String, b: String)] {
        let (a, b) = (comparison.a, comparison.b)
        let labels = RunsGrid.distinctShortIDs([a.id, b.id])
        var rows: [(key: String, a: String, b: String)] = [("", "A " + labels[0], "B " + labels[1])]
        func scores(_ columns: [RunColumn]) {
            for column in columns {
                rows.append((column == .bestValidLoss ? "best valid" : column.title, column.text(of: a), column.text(of: b)))
            }
        }
        // What differs before the rest of the scores, so that a small screen shows it.
        scores([.testAccuracy, .bestValidLoss])
        if comparison.settings.isEmpty { rows.append(("settings", "the same", "the same")) }
        for change in comparison.settings { rows.append((change.key, change.a ?? "–", change.b ?? "–")) }
        scores([.validAccuracy, .epochs, .state])
        return rows
    }
}

/// B − A per cell of the test confusion matrices: the count difference when there is room, else a shade
/// per cell; green where B did better (more right on the diagonal, fewer confusions off it), red where worse.
struct ConfusionDeltaPane: Pane {
    var id: PaneID { .confusionDelta }

    enum Cells { case counts, shades }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let theme = context.theme
        guard let comparison = context.comparison else { return }
        let legend = [TextSpan("green = B better", style: theme.right)]
        let inside = context.drawFrame(of: id, title: "Confusion B \(context.capabilities.unicode ? "−" : "-") A \(context.glyphs.separator) test",
                                       rightTitle: legend, into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        guard let difference = comparison.confusionDifference, let improvement = comparison.confusionImprovement,
              let deltas = comparison.perClassAccuracyDelta else {
            buffer.write("needs the test scores of both runs (finished runs)", at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        let layout = Self.layout(width: inside.width)
        let largest = max(1, improvement.joined().map(abs).max() ?? 1)
        var x = buffer.write(String(repeating: " ", count: layout.labelWidth + 1), at: inside.origin, style: theme.muted, clip: inside)
        for column in difference.indices {
            let header = layout.cells == .counts ? String(FashionMNIST.classNames[column].prefix(layout.cellWidth - 1))
                : String(column % 10)
            x = buffer.write(header.leftPadded(toWidth: layout.cellWidth), at: Point(x: x, y: inside.y), style: theme.muted, clip: inside)
        }
        buffer.write((context.capabilities.unicode ? "Δacc" : "dacc").leftPadded(toWidth: 7), at: Point(x: x, y: inside.y), style: theme.muted, clip: inside)
        for (row, cells) in difference.enumerated() where row + 1 < inside.height {
            let y = inside.y + 1 + row
            let name = FashionMNIST.classNames[row]
            let label = layout.cells == .counts ? name : String(name.prefix(3)) + " " + String(row % 10)
            x = buffer.write(label.truncated(toWidth: layout.labelWidth).rightPadded(toWidth: layout.labelWidth + 1),
                             at: Point(x: inside.x, y: y), style: theme.text, clip: inside)
            for (column, delta) in cells.enumerated() {
                let better = improvement[row][column]
                let style = better > 0 ? theme.right : better < 0 ? theme.wrong : theme.muted
                let text = Self.cellText(delta, better: better, largest: largest, cells: layout.cells, glyphs: context.glyphs)
                x = buffer.write(text.leftPadded(toWidth: layout.cellWidth), at: Point(x: x, y: y), style: style, clip: inside)
            }
            let delta = 100 * deltas[row]
            let deltaStyle = delta > 0.005 ? theme.right : delta < -0.005 ? theme.wrong : theme.muted
            buffer.write(Self.signed(delta, decimals: 1).leftPadded(toWidth: 7), at: Point(x: x, y: y), style: deltaStyle, clip: inside)
        }
    }

    /// Counts need 11 + 10 × 5 + 7 cells: "T-shirt/top   +12   -3 …  +1.2"; narrower, a shade per cell.
    static func layout(width: Int) -> (cells: Cells, labelWidth: Int, cellWidth: Int) {
        width >= 12 + 10 * 5 + 7 ? (.counts, 11, 5) : (.shades, 5, 2)
    }

    /// "+12", "-3", "·" for no change; in shades mode a glyph as dark as the change is large.
    static func cellText(_ delta: Int, better: Int, largest: Int, cells: Cells, glyphs: Glyphs) -> String {
        guard delta != 0 else { return String(glyphs.zero) }
        switch cells {
        case .counts:
            return (delta > 0 ? "+" : "") + String(delta)
        case .shades:
            let levels = glyphs.shades.count - 1
            let level = max(1, Int((Double(abs(better)) / Double(largest) * Double(levels)).rounded(.up)))
            return String(glyphs.shades[min(level, levels)])
        }
    }

    /// 1.23 → "+1.2", -0.5 → "-0.5", 0 → "0.0".
    static func signed(_ value: Double, decimals: Int) -> String {
        let text = formatFixed(value, decimals: decimals)
        return value > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }
}
