// Theme: the semantic colours and attributes widgets draw with, and the built-in default (dark) theme.

/// Semantic styles for every role the dashboard draws. Widgets never pick colours themselves.
public struct Theme: Hashable, Sendable {
    /// The theme's name (the file name without `.theme`).
    public var name: String
    /// The screen background; `terminalDefault` keeps the terminal's own.
    public var background: Color
    /// Ordinary text.
    public var text: Style
    /// Secondary text: axis labels, zeros, hints.
    public var muted: Style
    /// Highlights: keys in the help, the focused pane's title.
    public var accent: Style
    /// Panel boxes and chart axes.
    public var border: Style
    /// Panel titles.
    public var title: Style
    /// The selected tab or row.
    public var selection: Style
    /// The training-loss series.
    public var trainLine: Style
    /// The validation-loss series.
    public var validLine: Style
    /// The best-epoch marker.
    public var bestMarker: Style
    /// Correct predictions, the confusion diagonal, a filled progress bar.
    public var right: Style
    /// Wrong predictions.
    public var wrong: Style
    /// A paused run.
    public var paused: Style
    /// A running run.
    public var running: Style
    /// Heat styles from low to high share, for off-diagonal confusion cells. Never empty.
    public var heatRamp: [Style]
    /// The curves of earlier runs compared on a chart, in the order they were chosen (more runs
    /// than styles start again from the first). Never empty.
    public var compareLines: [Style]

    /// The style every cell starts from: text colour on the background.
    public var base: Style { text.with(background: background) }

    /// The heat style for a share in 0...1 (clamped).
    public func heat(_ share: Double) -> Style {
        guard !heatRamp.isEmpty else { return text }
        let clamped = share.isFinite ? min(max(share, 0), 1) : 0
        return heatRamp[min(heatRamp.count - 1, Int(clamped * Double(heatRamp.count)))]
    }

    /// The style of the compared run chosen `index`-th (0 first).
    public func compareLine(_ index: Int) -> Style {
        guard !compareLines.isEmpty else { return text }
        return compareLines[index % compareLines.count]
    }

    /// The built-in default: the dark theme, also shipped as `themes/dark.theme`.
    /// Keys a theme file leaves out are taken from here.
    public static let dark = Theme(
        name: "dark",
        background: .terminalDefault,
        text: Style(foreground: .indexed(252)),
        muted: Style(foreground: .indexed(244)),
        accent: Style(foreground: .indexed(75), bold: true),
        border: Style(foreground: .indexed(240)),
        title: Style(foreground: .indexed(252), bold: true),
        selection: Style(foreground: .indexed(75), bold: true, reverse: true),
        trainLine: Style(foreground: .indexed(75)),
        validLine: Style(foreground: .indexed(214)),
        bestMarker: Style(foreground: .indexed(226), bold: true),
        right: Style(foreground: .indexed(114)),
        wrong: Style(foreground: .indexed(203)),
        paused: Style(foreground: .indexed(214)),
        running: Style(foreground: .indexed(114)),
        heatRamp: [
            Style(foreground: .grey(12)), Style(foreground: .indexed(144)), Style(foreground: .indexed(179)),
            Style(foreground: .indexed(215)), Style(foreground: .indexed(209)), Style(foreground: .indexed(203)),
            Style(foreground: .indexed(197), bold: true),
        ],
        compareLines: [141, 80, 176, 186, 109, 210].map { Style(foreground: .indexed($0)) })

    /// The built-in default theme.
    public static let `default` = dark
}
