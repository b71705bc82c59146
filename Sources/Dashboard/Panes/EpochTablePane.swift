// EpochTablePane: the per-epoch numbers (losses, accuracy, time) as a table, newest last, best epoch marked.
import TerminalUI
import Training

extension PaneID {
    static let epochs = PaneID("epochs")
}

struct EpochTablePane: Pane {
    static let header = "epoch   train loss   valid loss   valid acc     time"

    var id: PaneID { .epochs }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (model, theme) = (context.model, context.theme)
        let inside = context.drawFrame(of: id, title: "Epochs", into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        buffer.write(Self.header, at: inside.origin, style: theme.muted, clip: inside)
        let shown = model.history.suffix(max(0, inside.height - 1))
        for (offset, metrics) in shown.enumerated() {
            let isBest = metrics.epoch == model.bestEpoch
            let point = Point(x: inside.x, y: inside.y + 1 + offset)
            buffer.write(Self.row(metrics), at: point, style: theme.text, clip: inside)
            if isBest {
                buffer.put(context.glyphs.marker, at: Point(x: inside.x + 6, y: point.y), style: theme.bestMarker, clip: inside)
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
