// Style and TextSpan: how a cell is drawn (colours and attributes) and runs of styled text.

/// Colours and attributes of a cell. A nil colour means "keep what is underneath" when written
/// into a buffer, so widgets can draw text over a background they did not paint themselves.
public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(foreground: Color? = nil, background: Color? = nil,
                bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    /// No colours of its own, no attributes.
    public static let plain = Style()

    /// This style written over `underneath`: its own colours win, nil colours keep the old ones;
    /// attributes are this style's.
    public func applied(over underneath: Style) -> Style {
        var result = self
        result.foreground = foreground ?? underneath.foreground
        result.background = background ?? underneath.background
        return result
    }

    public func with(foreground: Color?) -> Style {
        var copy = self
        copy.foreground = foreground
        return copy
    }

    public func with(background: Color?) -> Style {
        var copy = self
        copy.background = background
        return copy
    }

    public func bolded(_ isBold: Bool = true) -> Style {
        var copy = self
        copy.bold = isBold
        return copy
    }

    public func reversed(_ isReversed: Bool = true) -> Style {
        var copy = self
        copy.reverse = isReversed
        return copy
    }
}

/// A run of text in one style; a nil style means "the style of the surrounding widget".
public struct TextSpan: Hashable, Sendable, ExpressibleByStringLiteral {
    public var text: String
    public var style: Style?

    public init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    /// Width in cells (one per Character; the widgets draw single-width glyphs only).
    public var width: Int { text.count }
}

extension Array where Element == TextSpan {
    /// Total width in cells.
    public var width: Int { reduce(0) { $0 + $1.width } }
}
