// RunTable: the runs view and `fmnist-tui runs` as data: which columns (settings only where the runs differ),
// which rows (filtered), in which order (sorted by any column, either way, absent values last).
import Foundation

/// A column to sort by and the direction.
public struct RunSort: Sendable, Equatable {
    public var column: RunColumn
    public var descending: Bool

    public init(column: RunColumn = .id, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }

    /// A column name, `-name` for descending ("-test_acc").
    public init(_ text: String, settingKeys: Set<String> = []) throws(RunFilterError) {
        let descending = text.hasPrefix("-")
        let name = descending ? String(text.dropFirst()) : text
        guard let column = RunColumn.named(name, settingKeys: settingKeys) else {
            throw .unknownColumn(name: name, known: RunFilter.knownNames(settingKeys: settingKeys))
        }
        self.init(column: column, descending: descending)
    }

    /// `runs` in order: by the column's values (numbers as numbers, text ignoring case), runs without a
    /// value last whichever the direction, ties by id.
    public func sorted(_ runs: [RunSummary]) -> [RunSummary] {
        // Each value worked out once, and indices sorted rather than the (large) summaries.
        let values = runs.map(column.value(of:))
        let order = runs.indices.sorted { a, b in
            switch (values[a], values[b]) {
            case (nil, nil): return runs[a].id < runs[b].id
            case (nil, _): return false
            case (_, nil): return true
            case (let first?, let second?):
                let order: ComparisonResult
                switch (first, second) {
                case (.number(let x), .number(let y)): order = x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
                default: order = Self.text(first).caseInsensitiveCompare(Self.text(second))
                }
                if order == .orderedSame { return runs[a].id < runs[b].id }
                return (order == .orderedAscending) != descending
            }
        }
        return order.map { runs[$0] }
    }

    private static func text(_ value: RunCellValue) -> String {
        switch value {
        case .text(let text): return text
        case .number(let number): return RunCellValue.plain(number)
        }
    }
}

public struct RunTable: Sendable {
    /// The columns to show, in order: id, model, recipe, the settings that differ between the rows, epochs,
    /// best validation loss (with its epoch), accuracies, state; sweep and trial when a row has a sweep,
    /// started; problem when a row has one.
    public let columns: [RunColumn]
    /// The runs that pass the filter, sorted.
    public let rows: [RunSummary]

    public init(_ summaries: [RunSummary], sort: RunSort = RunSort(), filter: RunFilter = .all) {
        rows = sort.sorted(summaries.filter(filter.matches))
        var columns: [RunColumn] = [.id, .model, .recipe] + Self.differingSettings(rows)
        columns += [.epochs, .bestValidLoss, .validAccuracy, .testAccuracy, .lastTestAccuracy, .state]
        if rows.contains(where: { $0.sweepID != nil }) { columns += [.sweep, .trial] }
        columns.append(.started)
        if rows.contains(where: { $0.problem != nil }) { columns.append(.problem) }
        self.columns = columns
    }

    /// Setting columns whose value is not the same in all `runs` (a run without the setting counts as a
    /// value of its own): the known settings in their order, then others by name.
    public static func differingSettings(_ runs: [RunSummary]) -> [RunColumn] {
        let readable = runs.filter { $0.problem == nil }
        let keys = Set(readable.flatMap(\.settings.keys)).subtracting(RunColumn.ownColumnSettings)
        let differing = keys.filter { key in Set(readable.map { $0.settings[key] }).count > 1 }
        let known = RunColumn.settingNames.map(\.key).filter(differing.contains)
        return (known + differing.subtracting(known).sorted()).map(RunColumn.setting)
    }

    /// Every config.json key of `runs`, for naming settings in filters and sorts.
    public static func settingKeys(_ runs: [RunSummary]) -> Set<String> { Set(runs.flatMap(\.settings.keys)) }
}
