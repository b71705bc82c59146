// Capabilities: what the terminal can show (colours, Unicode), and the glyphs widgets pick from them.

/// What the terminal can show. Widgets consult it to fall back to ASCII and fewer colours.
public struct Capabilities: Hashable, Sendable {
    /// 256, 16, 8, or 1 for monochrome.
    public var colorCount: Int
    /// Whether the locale is UTF-8, so box drawing, braille and blocks can be drawn.
    public var unicode: Bool

    public init(colorCount: Int, unicode: Bool) {
        self.colorCount = colorCount
        self.unicode = unicode
    }

    /// A modern terminal: 256 colours, UTF-8.
    public static let full = Capabilities(colorCount: 256, unicode: true)
    /// The 8-colour, ASCII-only fallback (e.g. TERM=xterm with LANG=C).
    public static let basic = Capabilities(colorCount: 8, unicode: false)

    /// Whether the 24-step grey ramp (and the rest of the 256 palette) is available.
    public var hasGreyRamp: Bool { colorCount >= 256 }

    /// The glyph set matching `unicode`.
    public var glyphs: Glyphs { unicode ? .unicode : .ascii }
}

/// The characters widgets draw with, in a Unicode and an ASCII variant.
public struct Glyphs: Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// Y axis with a tick pointing at a label on its left.
    public var axisTick: Character
    /// The marker for a highlighted chart point (the best epoch).
    public var marker: Character
    /// The sign between width and height in sizes ("140×45").
    public var times: Character
    public var ellipsis: Character
    /// Sparkline levels, lowest first.
    public var sparkLevels: [Character]
    /// Shades from empty to full, used for images without the grey ramp and for heat glyphs.
    public var shades: [Character]
    public var progressFilled: Character
    public var progressEmpty: Character
    /// Partial progress cells in eighths (index 1...7); empty in ASCII.
    public var progressEighths: [Character]
    /// Legend sample for a line series.
    public var lineSample: Character
    /// Drawn for a zero count in tables.
    public var zero: Character
    /// Status marks for the dashboard's own text: a right and a wrong prediction, a running and a paused run.
    public var check: Character
    public var cross: Character
    public var running: Character
    public var paused: Character
    /// Separates parts of a title ("Confusion · validation").
    public var separator: Character

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        axisTick: "┤", marker: "◆", times: "×", ellipsis: "…",
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        shades: [" ", "░", "▒", "▓", "█"],
        progressFilled: "█", progressEmpty: "░",
        progressEighths: [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"],
        lineSample: "─", zero: "·",
        check: "✓", cross: "✗", running: "●", paused: "‖", separator: "·")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        axisTick: "+", marker: "@", times: "x", ellipsis: "~",
        sparkLevels: ["_", ".", "-", "~", "=", "+", "*", "#"],
        shades: [" ", ".", ":", "#", "@"],
        progressFilled: "#", progressEmpty: ".",
        progressEighths: [],
        lineSample: "-", zero: "-",
        check: "+", cross: "x", running: "*", paused: "=", separator: "-")

    /// The shade for a 0–255 intensity (0 → first shade, 255 → last).
    public func shade(forIntensity intensity: Int) -> Character {
        shades[min(max(intensity, 0), 255) * shades.count / 256]
    }
}
