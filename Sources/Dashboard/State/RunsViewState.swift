// RunsViewState: the runs view's data: every run folder the watcher has read, the table built from them
// (RunTable: sort, filter, columns), the cursor, the marked runs, the filter being typed, and which run the
// detail and compare screens show.
import Training

public struct RunsViewState: Sendable {
    /// Every run read so far, by id.
    public private(set) var runs: [String: RunSummary] = [:]
    /// The rows on screen and their columns, rebuilt when runs, the sort or the filter change.
    public private(set) var table = RunTable([])
    /// Newest first until the user chooses.
    public private(set) var sort = RunSort(column: .id, descending: true)
    public private(set) var filter = RunFilter.all
    /// The filter line while it is open (`/`): what has been typed so far.
    public var filterDraft: String?
    /// Why the draft cannot be used yet ("lr<" needs a value …); the table keeps the last good filter meanwhile.
    public var filterProblem: String?
    /// The run under the cursor, by id, so that it stays put while rows are added, sorted or filtered.
    public var cursorID: String?
    /// Marked runs in the order marked; their curves overlay the charts and two of them can be compared.
    public private(set) var marked: [String] = []
    /// The run the detail screen shows (Enter).
    public var openedID: String?
    /// The runs the compare screen shows, A then B.
    public var comparedIDs: (a: String, b: String)?
    /// The runs folder as the view's title names it ("runs/").
    public var folderName = "runs"
    /// Polls seen; 0 until the first poll: "reading runs…".
    public var polls = 0

    public init() {}

    /// Row of the cursor in `table.rows` (the first row when its run is filtered out or gone); nil when empty.
    public var cursor: Int? {
        guard !table.rows.isEmpty else { return nil }
        return table.rows.firstIndex { $0.id == cursorID } ?? 0
    }

    public var cursorRun: RunSummary? { cursor.map { table.rows[$0] } }

    /// The marked runs that still exist, in the order marked.
    public var markedRuns: [RunSummary] { marked.compactMap { runs[$0] } }

    public var runningCount: Int { runs.values.filter { $0.status == .running }.count }

    /// The settings' config.json keys of every run, so that filters and sorts can name any of them.
    var settingKeys: Set<String> { RunTable.settingKeys(Array(runs.values)) }

    /// Folds in what the watcher found; returns the ids of runs that disappeared.
    mutating func apply(_ update: RunsUpdate) -> [String] {
        polls += 1
        for run in update.appeared + update.changed { runs[run.id] = run }
        for id in update.disappeared { runs.removeValue(forKey: id) }
        marked.removeAll { runs[$0] == nil }
        if !update.appeared.isEmpty || !update.changed.isEmpty || !update.disappeared.isEmpty { rebuild() }
        return update.disappeared
    }

    mutating func setSort(_ sort: RunSort) {
        self.sort = sort
        rebuild()
    }

    mutating func setFilter(_ filter: RunFilter) {
        self.filter = filter
        rebuild()
    }

    /// Marks the run, or unmarks it when marked.
    mutating func toggleMark(_ id: String) {
        if let index = marked.firstIndex(of: id) { marked.remove(at: index) } else { marked.append(id) }
    }

    /// Moves the cursor by `step` rows, stopping at the ends.
    mutating func moveCursor(by step: Int) {
        guard let cursor else { return }
        cursorID = table.rows[max(0, min(table.rows.count - 1, cursor + step))].id
    }

    /// Sorting a thousand runs takes a few milliseconds: done here when something changed, never per frame.
    private mutating func rebuild() {
        table = RunTable(Array(runs.values), sort: sort, filter: filter)
    }
}
