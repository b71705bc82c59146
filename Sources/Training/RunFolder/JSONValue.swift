// A JSON value as the run-folder scanner parses it: numbers kept as written, text of any value for display.
import Foundation

/// A parsed JSON value. Numbers keep their text as written, so settings show as config.json has them.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Strings, numbers and booleans as they read; arrays and objects as compact JSON.
    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text), .string(let text): return text
        case .array(let items): return "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { "\"\($0)\":" + members[$0]!.jsonText }.joined(separator: ",") + "}"
        }
    }

    private var jsonText: String {
        if case .string(let text) = self { return "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return text
    }

    /// A number, or the strings "inf", "-inf" and "nan" the run files write for non-finite values.
    var double: Double? {
        switch self {
        case .number(let text): return Double(text)
        case .string("inf"): return .infinity
        case .string("-inf"): return -.infinity
        case .string("nan"): return .nan
        default: return nil
        }
    }

    var int: Int? { if case .number(let text) = self { return Int(text) } else { return nil } }
    var string: String? { if case .string(let text) = self { return text } else { return nil } }
    subscript(key: String) -> JSONValue? { if case .object(let members) = self { return members[key] } else { return nil } }
}
