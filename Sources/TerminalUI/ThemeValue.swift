// ThemeValue: parsing the values of theme files: colours, styles ("214 on grey:3 bold") and style lists.

/// What is wrong with one value in a theme file.
public enum ThemeValueProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case notAColor(String)
    case notAnAttribute(String)
    case missingColorAfterOn
    case missingColor
    case backgroundTakesOnlyAColor(String)
    case emptyListItem

    public var description: String {
        switch self {
        case .notAColor(let token):
            "'\(token)' is not a colour (use default, 0-255, grey:0-23, black, red, green, yellow, blue, magenta, cyan, white, or bright-NAME)"
        case .notAnAttribute(let token):
            "'\(token)' is not an attribute (use bold, dim, underline or reverse)"
        case .missingColorAfterOn:
            "'on' must be followed by a background colour"
        case .missingColor:
            "the value must start with a colour"
        case .backgroundTakesOnlyAColor(let value):
            "'\(value)' is not a single colour (background takes one colour, no attributes)"
        case .emptyListItem:
            "the list has an empty item (separate styles with single commas)"
        }
    }
}

/// Parsers for the value syntax of theme files.
public enum ThemeValue {
    /// `default`, `0`–`255`, `grey:0`–`grey:23` (also `gray:`), a basic name, or `bright-` + a basic name.
    public static func color(_ token: String) throws(ThemeValueProblem) -> Color {
        let lowered = token.lowercased()
        if lowered == "default" { return .terminalDefault }
        if let index = UInt8(lowered) { return .indexed(index) }
        for prefix in ["grey:", "gray:"] where lowered.hasPrefix(prefix) {
            guard let step = Int(lowered.dropFirst(prefix.count)), (0..<Color.greySteps).contains(step) else {
                throw .notAColor(token)
            }
            return .grey(step)
        }
        let bright = lowered.hasPrefix("bright-")
        let baseName = bright ? String(lowered.dropFirst("bright-".count)) : lowered
        guard let basic = Color.basicNames.firstIndex(of: baseName) else { throw .notAColor(token) }
        return .indexed(UInt8(basic + (bright ? 8 : 0)))
    }

    /// `FOREGROUND [on BACKGROUND] [bold] [dim] [underline] [reverse]`.
    public static func style(_ text: String) throws(ThemeValueProblem) -> Style {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = tokens.first else { throw .missingColor }
        var style = Style(foreground: try color(first))
        var index = 1
        while index < tokens.count {
            let token = tokens[index]
            switch token.lowercased() {
            case "on":
                guard index + 1 < tokens.count else { throw .missingColorAfterOn }
                style.background = try color(tokens[index + 1])
                index += 1
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            default: throw .notAnAttribute(token)
            }
            index += 1
        }
        return style
    }

    /// Comma-separated styles, e.g. `grey:12, 179, 203 bold`.
    public static func styleList(_ text: String) throws(ThemeValueProblem) -> [Style] {
        var styles: [Style] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingSpaces()
            guard !trimmed.isEmpty else { throw .emptyListItem }
            styles.append(try style(trimmed))
        }
        return styles
    }

    /// A lone colour, for the background.
    public static func backgroundColor(_ text: String) throws(ThemeValueProblem) -> Color {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tokens.count == 1 else { throw .backgroundTakesOnlyAColor(text) }
        return try color(String(tokens[0]))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
