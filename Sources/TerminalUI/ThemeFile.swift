// ThemeFile: reading `themes/NAME.theme` (key = value lines, # comments) into a Theme, with warnings and typed errors.

/// A theme file line that could not be read. The message names the file and the line.
public struct ThemeFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        case missingEquals(String)
        case missingKey
        case emptyValue(key: String)
        case badValue(key: String, ThemeValueProblem)

        public var description: String {
            switch self {
            case .missingEquals(let text): "expected 'key = value', found '\(text)'"
            case .missingKey: "nothing before '='; expected 'key = value'"
            case .emptyValue(let key): "'\(key)' has no value after '='"
            case .badValue(let key, let problem): "\(key): \(problem)"
            }
        }
    }

    public var file: String
    public var line: Int
    public var problem: Problem

    public var description: String { "\(file):\(line): \(problem)" }
}

/// Something in a theme file that was ignored, with where it is.
public struct ThemeWarning: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// A parsed theme and what was ignored while reading it.
public struct LoadedTheme: Hashable, Sendable {
    public var theme: Theme
    public var warnings: [ThemeWarning]
}

extension Theme {
    /// The keys theme files may set, in the order the shipped files list them.
    public static let fileKeys: [String] = ["background"] + styleKeys.map(\.key) + styleListKeys.map(\.key)

    private static let styleKeys: [(key: String, path: any WritableKeyPath<Theme, Style> & Sendable)] = [
        ("text", \.text), ("muted", \.muted), ("accent", \.accent), ("border", \.border), ("title", \.title),
        ("selection", \.selection), ("train-line", \.trainLine), ("valid-line", \.validLine),
        ("best-marker", \.bestMarker), ("right", \.right), ("wrong", \.wrong), ("paused", \.paused),
        ("running", \.running),
    ]

    private static let styleListKeys: [(key: String, path: any WritableKeyPath<Theme, [Style]> & Sendable)] = [
        ("heat-ramp", \.heatRamp), ("compare-lines", \.compareLines),
    ]

    /// Parses theme file text. Keys it leaves out keep the values of `fallback` (the built-in
    /// default); unknown and repeated keys become warnings; a line that cannot be read throws.
    /// - Parameters:
    ///   - name: the theme's name, usually the file name without `.theme`.
    ///   - file: how errors and warnings name the file (its path).
    public static func parse(_ text: String, name: String, file: String,
                             fallback: Theme = .default) throws(ThemeFileError) -> LoadedTheme {
        var theme = fallback
        theme.name = name
        var warnings: [ThemeWarning] = []
        var linesByKey: [String: Int] = [:]
        // "\r\n" is one Character in Swift: a file saved with Windows line ends is split on it too.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let line = content.trimmingSpaces()
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ThemeFileError(file: file, line: lineNumber, problem: .missingEquals(line))
            }
            let key = line[..<equals].trimmingSpaces().lowercased()
            let value = line[line.index(after: equals)...].trimmingSpaces()
            guard !key.isEmpty else { throw ThemeFileError(file: file, line: lineNumber, problem: .missingKey) }
            guard !value.isEmpty else {
                throw ThemeFileError(file: file, line: lineNumber, problem: .emptyValue(key: key))
            }
            guard fileKeys.contains(key) else {
                warnings.append(ThemeWarning(file: file, line: lineNumber,
                                             message: "unknown key '\(key)' ignored (known keys: \(fileKeys.joined(separator: ", ")))"))
                continue
            }
            if let earlier = linesByKey[key] {
                warnings.append(ThemeWarning(file: file, line: lineNumber,
                                             message: "'\(key)' was already set on line \(earlier); this later value is used"))
            }
            linesByKey[key] = lineNumber
            do {
                try theme.assign(value, toKey: key)
            } catch {
                throw ThemeFileError(file: file, line: lineNumber, problem: .badValue(key: key, error))
            }
        }
        return LoadedTheme(theme: theme, warnings: warnings)
    }

    private mutating func assign(_ value: String, toKey key: String) throws(ThemeValueProblem) {
        switch key {
        case "background":
            background = try ThemeValue.backgroundColor(value)
        default:
            if let path = Theme.styleKeys.first(where: { $0.key == key })?.path {
                self[keyPath: path] = try ThemeValue.style(value)
            } else if let path = Theme.styleListKeys.first(where: { $0.key == key })?.path {
                self[keyPath: path] = try ThemeValue.styleList(value)
            }
        }
    }
}
