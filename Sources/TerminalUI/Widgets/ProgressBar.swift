// ProgressBar: a one-row bar with eighth-cell precision and a label on its right.

/// `██████▍░░░░░░ 1430/2400`: drawn on the first row of its rect.
public struct ProgressBar: Widget, Sendable {
    /// Done share, clamped to 0...1 (NaN counts as 0).
    public var fraction: Double
    public var label: String

    public init(fraction: Double, label: String = "") {
        self.fraction = fraction
        self.label = label
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard !rect.isEmpty else { return }
        let glyphs = capabilities.glyphs
        let labelWidth = label.isEmpty ? 0 : label.count + 1
        let barWidth = rect.width - labelWidth
        guard barWidth >= 3 else {
            buffer.write(label.truncated(toWidth: rect.width, ellipsis: glyphs.ellipsis),
                         at: Point(x: rect.x, y: rect.y), style: theme.text, clip: rect)
            return
        }
        let done = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighths = Int((done * Double(barWidth * 8)).rounded(.down))
        var bar = String(repeating: glyphs.progressFilled, count: eighths / 8)
        let partial = eighths % 8
        if partial > 0, !glyphs.progressEighths.isEmpty {
            bar.append(glyphs.progressEighths[partial])
        }
        buffer.write(bar, at: Point(x: rect.x, y: rect.y), style: theme.accent.bolded(false), clip: rect)
        buffer.write(String(repeating: glyphs.progressEmpty, count: barWidth - bar.count),
                     at: Point(x: rect.x + bar.count, y: rect.y), style: theme.muted, clip: rect)
        if !label.isEmpty {
            buffer.write(label, at: Point(x: rect.x + barWidth + 1, y: rect.y), style: theme.text, clip: rect)
        }
    }
}
