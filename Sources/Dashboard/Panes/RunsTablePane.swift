// RunsTablePane: the runs view: one row per run folder, live, sorted and filtered as chosen, marked runs
// and the cursor, a progress bar for each running run; the filter line at the bottom while it is typed.
import TerminalUI
import Training

extension PaneID {
    static let runsTable = PaneID("runs-table")
}

struct RunsTablePane: Pane {
    var id: PaneID { .runsTable }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (view, theme, glyphs) = (context.state.runsView, context.theme, context.glyphs)
        let separator = glyphs.separator
        var title = "Runs \(separator) \(view.runs.count) in \(view.folderName)"
        if view.runningCount > 0 { title += " \(separator) \(view.runningCount) running" }
        if !view.marked.isEmpty { title += " \(separator) \(view.marked.count) marked" }
        if !view.filter.expression.isEmpty {
            title += " \(separator) \(view.table.rows.count) match \(view.filter.expression)"
        }
        let sortText = "sort: " + RunsGrid.title(view.sort.column, sort: view.sort, unicode: context.capabilities.unicode)
        let inside = context.drawFrame(of: id, title: title, rightTitle: [TextSpan(sortText, style: theme.muted)],
                                       into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        var list = inside
        if let draft = view.filterDraft {
            let line: Rect
            (line, list) = inside.divided(atDistance: 1, from: .bottom)
            renderFilterLine(draft, problem: view.filterProblem, into: &buffer, in: line, context: context)
        }
        guard view.polls > 0 || !view.runs.isEmpty else {
            buffer.write("reading the runs folder…", at: list.origin, style: theme.muted, clip: list)
            return
        }
        guard !view.table.rows.isEmpty else {
            let message = view.runs.isEmpty ? "no runs in \(view.folderName) yet; they show here as soon as a trainer starts one"
                : "no run matches \(view.filter.expression); Esc clears the filter"
            buffer.write(message, at: list.origin, style: theme.muted, clip: list)
            return
        }
        let grid = RunsGrid(table: view.table, sort: view.sort, width: list.width)
        renderHeader(grid, sort: view.sort, into: &buffer, in: list, context: context)
        let rows = Rect(x: list.x, y: list.y + 1, width: list.width, height: max(0, list.height - 1))
        let cursor = view.cursor ?? 0
        let count = view.table.rows.count
        let first = max(0, min(cursor - rows.height / 2, count - rows.height))
        for (offset, run) in view.table.rows.dropFirst(first).prefix(rows.height).enumerated() {
            let row = Rect(x: rows.x, y: rows.y + offset, width: rows.width, height: 1)
            renderRow(run, grid: grid, isCursor: first + offset == cursor, into: &buffer, in: row, context: context)
        }
    }

    private func renderHeader(_ grid: RunsGrid, sort: RunSort, into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        var x = rect.x + RunsGrid.markWidth
        for column in grid.columns {
            let title = RunsGrid.title(column.column, sort: sort, unicode: context.capabilities.unicode)
            let style = column.column == sort.column ? context.theme.accent : context.theme.muted
            buffer.write(RunsGrid.aligned(title, column.column, width: column.width), at: Point(x: x, y: rect.y), style: style, clip: rect)
            x += column.width + RunsGrid.gap
        }
    }

    private func renderRow(_ run: RunSummary, grid: RunsGrid, isCursor: Bool, into buffer: inout CellBuffer, in row: Rect,
                           context: PaneContext) {
        let (view, theme, glyphs) = (context.state.runsView, context.theme, context.glyphs)
        let base = isCursor ? theme.selection : theme.text
        buffer.fill(row, style: isCursor ? theme.selection : theme.base)
        if let mark = view.marked.firstIndex(of: run.id) {
            buffer.put(glyphs.running, at: row.origin, style: isCursor ? base : theme.compareLine(mark), clip: row)
        }
        var x = row.x + RunsGrid.markWidth
        if let problem = run.problem, let idColumn = grid.columns.first {
            // Nothing else of this run can be read: the reason after its id, across the other columns.
            x = buffer.write(RunsGrid.text(.id, of: run, shortIDs: grid.shortIDs).rightPadded(toWidth: idColumn.width + RunsGrid.gap),
                             at: Point(x: x, y: row.y), style: base, clip: row)
            buffer.write(problem.truncated(toWidth: max(0, row.maxX - x), ellipsis: glyphs.ellipsis), at: Point(x: x, y: row.y),
                         style: isCursor ? base : theme.wrong, clip: row)
            return
        }
        for column in grid.columns {
            let cell = Rect(x: x, y: row.y, width: min(column.width, row.maxX - x), height: 1)
            x += column.width + RunsGrid.gap
            guard cell.width > 0 else { break }
            let text = RunsGrid.text(column.column, of: run, shortIDs: grid.shortIDs)
            switch column.column {
            case .epochs where grid.showsBars && run.status.isActive:
                let fraction = Double(run.epochsDone) / Double(max(run.plannedEpochs ?? run.epochsDone, 1))
                context.draw(ProgressBar(fraction: fraction), into: &buffer,
                             in: Rect(x: cell.x, y: cell.y, width: RunsGrid.barWidth, height: 1))
                buffer.write(text.leftPadded(toWidth: cell.width - RunsGrid.barWidth - 1),
                             at: Point(x: cell.x + RunsGrid.barWidth + 1, y: cell.y), style: base, clip: cell)
            case .state:
                let style = isCursor ? base : Self.style(of: run.status, theme: theme)
                buffer.write(text, at: cell.origin, style: style, clip: cell)
            default:
                buffer.write(RunsGrid.aligned(text, column.column, width: cell.width), at: cell.origin, style: base, clip: cell)
            }
        }
    }

    /// `/ model=cnn lr<█` and, when the draft cannot be used, why.
    private func renderFilterLine(_ draft: String, problem: String?, into buffer: inout CellBuffer, in line: Rect, context: PaneContext) {
        let theme = context.theme
        buffer.fill(line, style: theme.base)
        var x = buffer.write("/ ", at: line.origin, style: theme.accent, clip: line)
        x = buffer.write(draft, at: Point(x: x, y: line.y), style: theme.text, clip: line)
        x = buffer.write("_", at: Point(x: x, y: line.y), style: theme.accent, clip: line)
        let note = problem ?? "Enter keeps, Esc clears; e.g. model=cnn lr<0.001 state=finished"
        buffer.write("  " + note, at: Point(x: x, y: line.y), style: problem == nil ? theme.muted : theme.wrong, clip: line)
    }

    /// A run's state in the colour of the main screen's phases.
    static func style(of status: RunStatus, theme: Theme) -> Style {
        switch status {
        case .running: theme.running
        case .paused: theme.paused
        case .finished: theme.right
        case .failed, .diverged, .interrupted: theme.wrong
        case .stopped, .unknown: theme.muted
        }
    }
}
