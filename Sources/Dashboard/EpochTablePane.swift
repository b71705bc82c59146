// EpochTablePane: the per-epoch numbers (losses, accuracy, time) as a table, newest last, best epoch marked.
import TerminalUI
import Training

struct EpochTablePane {
    let model: ModelRunState
    let theme: Theme
    let capabilities: Capabilities

    static let header = "epoch   train loss   valid loss   valid acc     time"

    func render(into buffer: inout CellBuffer, in rect: Rect) {
        let inside = Panel(title: "Epochs").renderFrame(into: &buffer, in: rect, theme: theme, capabilities: capabilities)
        guard !inside.isEmpty else { return }
        buffer.write(Self.header, at: inside.origin, style: theme.muted, clip: inside)
        let shown = model.history.suffix(max(0, inside.height - 1))
        for (offset, metrics) in shown.enumerated() {
            let isBest = metrics.epoch == model.bestEpoch
            let point = Point(x: inside.x, y: inside.y + 1 + offset)
            buffer.write(Self.row(metrics), at: point, style: theme.text, clip: inside)
            if isBest {
                buffer.put(capabilities.glyphs.marker, at: Point(x: inside.x + 6, y: point.y), style: theme.bestMarker, clip: inside)
            }
        }
    }

    /// The columns of `header`, right-aligned.
    static func row(_ metrics: EpochMetrics) -> String {
        String(metrics.epoch).leftPadded(toWidth: 5) + "  "
            + Formatting.loss(metrics.trainLoss).leftPadded(toWidth: 11)
            + Formatting.loss(metrics.validLoss).leftPadded(toWidth: 13)
            + Formatting.percent(metrics.validAccuracy, decimals: 2).leftPadded(toWidth: 12)
            + Formatting.clock(metrics.seconds).leftPadded(toWidth: 9)
    }
}
