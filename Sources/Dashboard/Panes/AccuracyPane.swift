// AccuracyPane: validation accuracy per epoch, as a braille chart when there is room, else a sparkline, with the best value.
import TerminalUI
import Training

extension PaneID {
    static let accuracy = PaneID("accuracy")
}

struct AccuracyPane: Pane {
    var id: PaneID { .accuracy }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (model, theme) = (context.model, context.theme)
        // Epochs with a validation score (a --full-train run has none).
        let validated = model.history.compactMap { metrics in metrics.validAccuracy.map { (epoch: metrics.epoch, accuracy: $0) } }
        let accuracies = validated.map { 100 * $0.accuracy }
        let best = validated.max { $0.accuracy < $1.accuracy }
        let bestText: [TextSpan] = best.map {
            [TextSpan("\(context.glyphs.marker) \(Formatting.percent($0.accuracy)) (epoch \($0.epoch))", style: theme.bestMarker)]
        } ?? []
        let inside = context.drawFrame(of: id, title: "Validation accuracy", rightTitle: bestText, into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        guard let best, let last = validated.last else {
            let note = model.history.isEmpty ? "appears when an epoch ends" : "no validation split (--full-train)"
            buffer.write(note, at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        if inside.height >= 5 {
            // The marked runs' accuracy too, in their colours, as the loss chart shows their loss.
            let marked = context.state.comparedRuns.enumerated().map { offset, run in
                ChartSeries(label: LossPane.shortName(run), points: RunCurvesPane.points(run, metric: .accuracy, weight: 0),
                            style: theme.compareLine(offset))
            }
            context.draw(BrailleChart(series: [ChartSeries(label: "accuracy %", values: accuracies, style: theme.validLine)] + marked,
                                      marker: ChartMarker(x: Double(best.epoch), y: 100 * best.accuracy, label: "max"),
                                      showsLegend: false),
                         into: &buffer, in: inside)
        } else {
            let lastText = Formatting.percent(last.accuracy) + " "
            let column = buffer.write(lastText, at: inside.origin, style: theme.text, clip: inside)
            context.draw(Sparkline(values: accuracies, style: theme.validLine),
                         into: &buffer, in: Rect(x: column, y: inside.y, width: inside.maxX - column, height: 1))
        }
    }
}
