// RunsGrid: which of the runs table's columns fit a width, how wide each is, and each cell's text; the
// runs view draws from it. Columns give way from the least telling (started, trial, …) as the screen narrows.
// A run whose settings cannot be read has no cells to show: its row gives the reason instead (no column).
import TerminalUI
import Training

struct RunsGrid {
    struct Column {
        let column: RunColumn
        let width: Int
    }

    /// Cells of the mark column ("● " for a marked run).
    static let markWidth = 2
    /// Cells between columns.
    static let gap = 2
    /// The progress bar in front of a running run's "41/50".
    static let barWidth = 8
    /// Dropped in this order while the columns are wider than the screen; then ids shorten, the bars go,
    /// and setting columns give way from the last.
    static let dropOrder: [RunColumn] = [.started, .trial, .lastTestAccuracy, .recipe, .sweep, .validAccuracy]

    let columns: [Column]
    /// Ids written short ("1203-1015") to make room.
    let shortIDs: Bool
    /// Running runs' epochs get a progress bar.
    let showsBars: Bool

    init(table: RunTable, sort: RunSort, width: Int) {
        let hasActive = table.rows.contains { $0.status.isActive }
        let readable = table.rows.filter { $0.problem == nil }
        var shown = table.columns.filter { $0 != .problem }
        var shortIDs = false, showsBars = hasActive
        func widths() -> [Column] {
            shown.map { column in
                let cells = readable.lazy.map { Self.text(column, of: $0, shortIDs: shortIDs).count }.max() ?? 0
                var cellWidth = max(cells, Self.title(column, sort: sort).count)
                if column == .id { cellWidth = max(cellWidth, table.rows.map { Self.text(.id, of: $0, shortIDs: shortIDs).count }.max() ?? 0) }
                if column == .epochs, showsBars { cellWidth += Self.barWidth + 1 }
                return Column(column: column, width: cellWidth)
            }
        }
        func total(_ columns: [Column]) -> Int { Self.markWidth + columns.reduce(0) { $0 + $1.width + Self.gap } - Self.gap }
        var fitted = widths()
        var steps = Self.dropOrder.makeIterator()
        while total(fitted) > width {
            if let next = steps.next() {
                shown.removeAll { $0 == next }
            } else if !shortIDs {
                shortIDs = true
            } else if showsBars {
                showsBars = false
            } else if let setting = shown.lastIndex(where: { if case .setting = $0 { true } else { false } }) {
                // The last settings go before the scores and the state (the run screen lists them all).
                shown.remove(at: setting)
            } else {
                break
            }
            fitted = widths()
        }
        columns = fitted
        self.shortIDs = shortIDs
        self.showsBars = showsBars
    }

    /// The header of a column, with the sort direction on the sorted one: "best valid loss ▲".
    static func title(_ column: RunColumn, sort: RunSort?, unicode: Bool = true) -> String {
        let name = column == .bestValidLoss ? "best valid" : column.title
        guard let sort, sort.column == column else { return name }
        let arrow = unicode ? (sort.descending ? "▼" : "▲") : (sort.descending ? "v" : "^")
        return name + " " + arrow
    }

    /// A cell as the view writes it: the table's text, ids short when asked.
    static func text(_ column: RunColumn, of run: RunSummary, shortIDs: Bool) -> String {
        if column == .id, shortIDs { return shortID(run.id) }
        return column.text(of: run)
    }

    /// "20261203-101500-cnn" → "1203-1015"; other ids as they are.
    static func shortID(_ id: String) -> String {
        let parts = id.split(separator: "-")
        guard parts.count >= 3, parts[0].count == 8, parts[1].count == 6 else { return id }
        return "\(parts[0].suffix(4))-\(parts[1].prefix(4))"
    }

    /// Each id in its shortest form that no other id of `ids` shares: "1203-1015"; for runs started in the same
    /// minute (so on the same day) the time with its seconds, "10:15:30", then with the model and suffix
    /// ("10:15:00 cnn-2"); else the whole id. The compare screen's A and B, the run screen's marked runs.
    static func distinctShortIDs(_ ids: [String]) -> [String] {
        let forms = ids.map(idForms)
        return forms.enumerated().map { index, own in
            let others = forms.enumerated().filter { $0.offset != index }.map(\.element)
            return own.enumerated().first { level, form in !others.contains { $0[min(level, $0.count - 1)] == form } }?.element ?? own.last!
        }
    }

    /// An id's forms from the shortest to the whole id.
    private static func idForms(_ id: String) -> [String] {
        let parts = id.split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0].count == 8, parts[1].count == 6 else { return [id] }
        let minute = "\(parts[0].suffix(4))-\(parts[1].prefix(4))"
        let time = stride(from: 0, to: 6, by: 2).map { String(Array(parts[1])[$0..<$0 + 2]) }.joined(separator: ":")
        return [minute, time, "\(time) \(parts[2])", id]
    }

    /// Numbers right-aligned, text left.
    static func aligned(_ text: String, _ column: RunColumn, width: Int) -> String {
        column.isNumeric ? text.leftPadded(toWidth: width) : text.rightPadded(toWidth: width)
    }
}
