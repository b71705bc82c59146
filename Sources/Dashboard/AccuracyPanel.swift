// AccuracyPanel: validation accuracy per epoch, as a braille chart when there is room, else a sparkline, with the best value.
import TerminalUI
import Training

struct AccuracyPanel {
    let model: ModelRunState
    let theme: Theme
    let capabilities: Capabilities

    func render(into buffer: inout CellBuffer, in rect: Rect) {
        let accuracies = model.history.map { 100 * $0.validAccuracy }
        let best = model.history.max { $0.validAccuracy < $1.validAccuracy }
        let bestText: [TextSpan] = best.map {
            [TextSpan("\(capabilities.glyphs.marker) \(Formatting.percent($0.validAccuracy)) (epoch \($0.epoch))", style: theme.bestMarker)]
        } ?? []
        let inside = Panel(title: "Validation accuracy", rightTitle: bestText)
            .renderFrame(into: &buffer, in: rect, theme: theme, capabilities: capabilities)
        guard !inside.isEmpty else { return }
        guard let best, let last = model.history.last else {
            buffer.write("appears when an epoch ends", at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        if inside.height >= 5 {
            BrailleChart(series: [ChartSeries(label: "accuracy %", values: accuracies, style: theme.validLine)],
                         marker: ChartMarker(x: Double(best.epoch), y: 100 * best.validAccuracy, label: "max"),
                         showsLegend: false)
                .render(into: &buffer, in: inside, theme: theme, capabilities: capabilities)
        } else {
            let lastText = Formatting.percent(last.validAccuracy) + " "
            let column = buffer.write(lastText, at: inside.origin, style: theme.text, clip: inside)
            Sparkline(values: accuracies, style: theme.validLine)
                .render(into: &buffer, in: Rect(x: column, y: inside.y, width: inside.maxX - column, height: 1),
                        theme: theme, capabilities: capabilities)
        }
    }
}
