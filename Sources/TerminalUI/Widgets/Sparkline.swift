// Sparkline: one row of ▁▂▃▄▅▆▇█ levels, newest value at the right.

/// A one-row trend. When there are more values than columns, the most recent ones are shown.
public struct Sparkline: Widget, Sendable {
    public var values: [Double]
    /// The value range mapped to the lowest and highest level; nil scales to the shown values.
    public var range: ClosedRange<Double>?
    /// Nil draws in the theme's accent colour.
    public var style: Style?

    public init(values: [Double], range: ClosedRange<Double>? = nil, style: Style? = nil) {
        self.values = values
        self.range = range
        self.style = style
    }

    /// The level characters for `width` columns (empty for non-finite values).
    public func glyphs(width: Int, capabilities: Capabilities) -> String {
        let levels = capabilities.glyphs.sparkLevels
        let shown = values.suffix(max(0, width))
        let finite = shown.filter(\.isFinite)
        guard let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max() else {
            return String(repeating: " ", count: shown.count)
        }
        return String(shown.map { value -> Character in
            guard value.isFinite else { return " " }
            guard high > low else { return levels[levels.count / 2 - 1] }
            let share = min(max((value - low) / (high - low), 0), 1)
            return levels[Int((share * Double(levels.count - 1)).rounded())]
        })
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard !rect.isEmpty else { return }
        buffer.write(glyphs(width: rect.width, capabilities: capabilities), at: Point(x: rect.x, y: rect.y),
                     style: style ?? theme.accent.bolded(false), clip: rect)
    }
}
