// The runs table's filter: words matched against every column, and conditions such as `model=cnn lr<0.001`.
import Foundation

/// Why a filter expression or a sort column cannot be used; the description says what to type instead.
public enum RunFilterError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownColumn(name: String, known: [String])
    case missingColumn(term: String)
    case missingValue(term: String)

    public var description: String {
        switch self {
        case .unknownColumn(let name, let known):
            return "no column \"\(name)\"; columns: \(known.joined(separator: ", "))"
        case .missingColumn(let term):
            return "\"\(term)\" needs a column name before its operator, e.g. lr<0.001"
        case .missingValue(let term):
            return "\"\(term)\" needs a value after its operator, e.g. lr<0.001"
        }
    }
}

/// Terms separated by spaces, all of which a run must match: a word (found, ignoring case, in any of the
/// run's columns or settings), or `column=value`, `!=`, `<`, `<=`, `>`, `>=`. Numbers compare as numbers
/// (accuracies in percent, as shown), other values as text ignoring case. A run without a value in the
/// column matches only `!=`.
public struct RunFilter: Sendable, Equatable {
    public enum Comparison: String, Sendable, CaseIterable {
        // Two-character operators first, so that `<=` is not read as `<` followed by "=…".
        case lessOrEqual = "<=", greaterOrEqual = ">=", notEqual = "!=", equal = "=", less = "<", greater = ">"
    }

    public enum Condition: Sendable, Equatable {
        case text(String)
        case compare(RunColumn, Comparison, String)
    }

    public let expression: String
    public let conditions: [Condition]

    /// Matches every run.
    public static let all = RunFilter(expression: "", conditions: [])

    private init(expression: String, conditions: [Condition]) {
        self.expression = expression
        self.conditions = conditions
    }

    /// - Parameter settingKeys: config.json keys of the listed runs, so that any setting can be named.
    public init(_ expression: String, settingKeys: Set<String> = []) throws(RunFilterError) {
        var conditions = [Condition]()
        for term in expression.split(whereSeparator: \.isWhitespace).map(String.init) {
            guard let operatorStart = Self.operatorStart(in: term) else {
                conditions.append(.text(term.lowercased()))
                continue
            }
            let rest = term[operatorStart...]
            let comparison = Comparison.allCases.first { rest.hasPrefix($0.rawValue) }!
            let name = String(term[..<operatorStart])
            let value = String(rest.dropFirst(comparison.rawValue.count))
            guard !name.isEmpty else { throw .missingColumn(term: term) }
            guard !value.isEmpty else { throw .missingValue(term: term) }
            guard let column = RunColumn.named(name, settingKeys: settingKeys) else {
                throw .unknownColumn(name: name, known: RunFilter.knownNames(settingKeys: settingKeys))
            }
            conditions.append(.compare(column, comparison, value))
        }
        self.init(expression: expression, conditions: conditions)
    }

    /// Where the term's operator begins: the first `<`, `>`, `=` or `!=`.
    private static func operatorStart(in term: String) -> String.Index? {
        var index = term.startIndex
        while index < term.endIndex {
            let next = term.index(after: index)
            if "<>=".contains(term[index]) || (term[index] == "!" && next < term.endIndex && term[next] == "=") { return index }
            index = next
        }
        return nil
    }

    /// Names a filter or `--sort` accepts: the columns' keys and the settings' short names.
    static func knownNames(settingKeys: Set<String>) -> [String] {
        let settings = settingKeys.subtracting(RunColumn.ownColumnSettings).map { RunColumn.setting($0).key }
        return RunColumn.fixed.map(\.key) + Set(settings + RunColumn.settingNames.map(\.value)).sorted()
    }

    public func matches(_ run: RunSummary) -> Bool {
        conditions.allSatisfy { condition in
            switch condition {
            case .text(let word):
                return RunColumn.fixed.contains { $0.text(of: run).lowercased().contains(word) }
                    || run.settings.values.contains { $0.lowercased().contains(word) }
            case .compare(let column, let comparison, let wanted):
                guard let value = column.value(of: run) else { return comparison == .notEqual }
                return Self.holds(comparison, value, wanted)
            }
        }
    }

    private static func holds(_ comparison: Comparison, _ value: RunCellValue, _ wanted: String) -> Bool {
        let order: ComparisonResult
        if case .number(let number) = value, let target = Double(wanted) {
            order = number < target ? .orderedAscending : number > target ? .orderedDescending : .orderedSame
        } else {
            let text: String
            switch value {
            case .text(let string): text = string
            case .number(let number): text = RunCellValue.plain(number)
            }
            order = text.caseInsensitiveCompare(wanted)
        }
        switch comparison {
        case .equal: return order == .orderedSame
        case .notEqual: return order != .orderedSame
        case .less: return order == .orderedAscending
        case .lessOrEqual: return order != .orderedDescending
        case .greater: return order == .orderedDescending
        case .greaterOrEqual: return order != .orderedAscending
        }
    }
}

extension RunCellValue {
    /// 3.0 → "3", 0.5 → "0.5".
    static func plain(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
