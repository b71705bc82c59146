// LossPane: training and validation loss per epoch in braille, the current epoch's running loss, the best epoch, compared runs.
import TerminalUI
import Training

extension PaneID {
    static let loss = PaneID("loss")
}

struct LossPane: Pane {
    var id: PaneID { .loss }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, model, theme) = (context.state, context.model, context.theme)
        let chart = Self.chart(context)
        let separator = context.glyphs.separator
        var title = "Loss \(separator) \(model.model.displayName)"
        if state.lossScale == .logarithmic { title += " \(separator) log" }
        if state.smoothingLevel > 0 { title += " \(separator) smooth \(formatFixed(state.smoothingWeight, decimals: 2))" }
        var legendChart = chart
        legendChart.series.removeAll { $0.label.isEmpty }
        let inside = context.drawFrame(of: id, title: title,
                                       rightTitle: legendChart.legendSpans(theme: theme, capabilities: context.capabilities),
                                       into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        if chart.series.allSatisfy({ $0.points.isEmpty }) {
            let message = model.phase.isFinal ? "no epoch was completed" : "the curves start with the first batches"
            buffer.write(message, at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        context.draw(chart, into: &buffer, in: inside)
    }

    /// Train and validation lines per epoch, smoothed as chosen; the running training loss of the
    /// epoch in progress (a line of its own, unlabelled: it starts high again with each epoch's mean);
    /// the compared runs' validation lines; the best epoch's marker.
    static func chart(_ context: PaneContext) -> BrailleChart {
        let (state, model, theme) = (context.state, context.model, context.theme)
        let weight = state.smoothingWeight
        let epochs = model.history.map { Double($0.epoch) }
        let train = zip(epochs, smoothed(model.history.map(\.trainLoss), weight: weight)).map { ChartPoint(x: $0, y: $1) }
        let validated = model.history.compactMap { metrics in metrics.validLoss.map { (Double(metrics.epoch), $0) } }
        let valid = zip(validated.map(\.0), smoothed(validated.map(\.1), weight: weight)).map { ChartPoint(x: $0, y: $1) }
        var series = [
            ChartSeries(label: "train", points: train, style: theme.trainLine),
            ChartSeries(label: "valid", points: valid, style: theme.validLine),
            ChartSeries(label: "", points: model.runningLoss, style: theme.trainLine),
        ]
        for (offset, run) in state.comparedRuns.enumerated() {
            let values = smoothed(run.history.compactMap(\.validLoss), weight: weight)
            series.append(ChartSeries(label: shortName(run), values: values, style: theme.compareLine(offset)))
        }
        let best = model.bestMetrics.flatMap { metrics in metrics.validLoss.map { ChartMarker(x: Double(metrics.epoch), y: $0) } }
        return BrailleChart(series: series, yScale: state.lossScale, marker: best, xRange: wholeEpochs(series),
                            showsLegend: false)
    }

    /// The x range widened to whole epochs, so the axis ends at the epoch in progress ("epoch 3", not 2.4).
    static func wholeEpochs(_ series: [ChartSeries]) -> ClosedRange<Double>? {
        let xs = series.flatMap { $0.points.map(\.x) }
        guard let low = xs.min(), let high = xs.max() else { return nil }
        let lower = min(1, low.rounded(.down))
        return lower...max(high.rounded(.up), lower + 1)
    }

    /// "20250412-153012-cnn" → "0412-1530 cnn"; other ids as they are, at most 16 characters.
    static func shortName(_ run: RunSummary) -> String {
        let parts = run.id.split(separator: "-")
        if parts.count >= 3, parts[0].count == 8, parts[1].count == 6 {
            return "\(parts[0].suffix(4))-\(parts[1].prefix(4)) \(run.model?.rawValue ?? "?")"
        }
        return run.id.truncated(toWidth: 16)
    }
}
