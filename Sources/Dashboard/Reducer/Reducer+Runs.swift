// Reducer+Runs: the runs view's keys (move, mark, sort, filter, open, compare), the filter line's typing,
// and the runs watcher's updates folded into the state.
import TerminalUI
import Training

/// The runs view's keys.
enum RunsViewAction: Hashable, Sendable {
    case up, down, pageUp, pageDown, first, last
    /// Mark the run under the cursor (its curves overlay the charts), or unmark it.
    case toggleMark
    /// The run detail screen of the run under the cursor.
    case open
    /// Open the filter line with the current expression.
    case editFilter
    /// Sort by the next column of the table; flip the direction.
    case nextSortColumn, reverseSort
    /// The compare screen of the two marked runs.
    case compare
    /// Esc: clear the filter when there is one, else leave the view.
    case clearFilterOrLeave
    /// Swap A and B on the compare screen.
    case swapCompared
}

extension DashboardState {
    /// Rows PgUp/PgDn move by.
    static let runsPage = 10

    mutating func showRunsView() {
        show(.runs)
    }

    mutating func runsViewAction(_ action: RunsViewAction) {
        switch action {
        case .up: runsView.moveCursor(by: -1)
        case .down: runsView.moveCursor(by: 1)
        case .pageUp: runsView.moveCursor(by: -Self.runsPage)
        case .pageDown: runsView.moveCursor(by: Self.runsPage)
        case .first: runsView.moveCursor(by: -runsView.table.rows.count)
        case .last: runsView.moveCursor(by: runsView.table.rows.count)
        case .toggleMark:
            guard let run = runsView.cursorRun else { return }
            runsView.toggleMark(run.id)
        case .open:
            guard let run = runsView.cursorRun else { return }
            runsView.openedID = run.id
            show(.run)
        case .editFilter:
            runsView.filterDraft = runsView.filter.expression
            runsView.filterProblem = nil
            open(.runFilter)
        case .nextSortColumn:
            let columns = runsView.table.columns.isEmpty ? RunColumn.fixed : runsView.table.columns
            let next = columns.firstIndex(of: runsView.sort.column).map { (columns.index(after: $0)) % columns.count } ?? 0
            runsView.setSort(RunSort(column: columns[next], descending: runsView.sort.descending))
        case .reverseSort:
            runsView.setSort(RunSort(column: runsView.sort.column, descending: !runsView.sort.descending))
        case .compare:
            let marked = runsView.markedRuns
            guard marked.count == 2 else {
                post("mark two runs with Space to compare them (\(marked.count) marked)", isError: true)
                return
            }
            runsView.comparedIDs = (marked[0].id, marked[1].id)
            show(.compare)
        case .clearFilterOrLeave:
            if !runsView.filter.expression.isEmpty {
                runsView.setFilter(.all)
            } else if !models.isEmpty {
                show(.main)
            }
        case .swapCompared:
            if let ids = runsView.comparedIDs { runsView.comparedIDs = (ids.b, ids.a) }
        }
    }

    /// A key on the filter line: characters and Backspace edit it (the table follows each usable draft),
    /// Enter keeps the filter (a bad one says why instead), Esc clears it.
    mutating func typeFilter(_ key: Key) {
        var draft = runsView.filterDraft ?? ""
        switch key {
        case .enter:
            do {
                runsView.setFilter(try RunFilter(draft, settingKeys: runsView.settingKeys))
                closeFilterLine()
            } catch {
                post("filter: \(error)", isError: true)
            }
            return
        case .escape:
            runsView.setFilter(.all)
            closeFilterLine()
            return
        case .backspace, .delete:
            guard !draft.isEmpty else { return }
            draft.removeLast()
        case .character(let character):
            draft.append(character)
        default:
            return
        }
        runsView.filterDraft = draft
        do {
            runsView.setFilter(try RunFilter(draft, settingKeys: runsView.settingKeys))
            runsView.filterProblem = nil
        } catch {
            runsView.filterProblem = "\(error)"
        }
    }

    private mutating func closeFilterLine() {
        runsView.filterDraft = nil
        runsView.filterProblem = nil
        overlays.removeAll { $0 == .runFilter }
    }

    /// What the runs watcher found: rows appear, change and go; notices are told; a screen whose run was
    /// deleted goes back to the runs view.
    mutating func applyRunsUpdate(_ update: RunsUpdate) {
        let gone = Set(runsView.apply(update))
        if let first = update.notices.first {
            post(update.notices.count == 1 ? first : "\(first) (and \(update.notices.count - 1) more)", isError: true)
        }
        let openedGone = screen == .run && runsView.openedID.map(gone.contains) == true
        let comparedGone = screen == .compare && runsView.comparedIDs.map { gone.contains($0.a) || gone.contains($0.b) } == true
        if openedGone || comparedGone {
            post("run \(gone.sorted().joined(separator: ", ")) was deleted", isError: true)
            show(.runs)
        }
    }

    /// Where Esc goes from a screen when no overlay is open.
    var screenBehind: DashboardScreen {
        switch screen {
        case .run, .compare: .runs
        case .runs, .main, .misclassified, .projector, .layerHealth, .filters: models.isEmpty ? .runs : .main
        }
    }
}
