// RunCurvesPane: loss or accuracy per epoch of runs read from their folders, each in its own colour, on one
// pair of axes: the run detail screen (the run and the marked runs) and the compare screen (A and B).
import TerminalUI
import Training

extension PaneID {
    static let runLoss = PaneID("run-loss")
    static let runAccuracy = PaneID("run-accuracy")
}

/// One run's curve and how it is drawn.
struct RunCurve {
    let label: String
    let run: RunSummary
    let style: Style
}

struct RunCurvesPane: Pane {
    enum Metric { case loss, accuracy }

    let metric: Metric
    /// The runs to draw, first on top of the legend.
    let curves: (PaneContext) -> [RunCurve]
    /// A training-loss line of the first run too (the detail screen), in the theme's train colour.
    var showsFirstTrainLoss = false

    var id: PaneID { metric == .loss ? .runLoss : .runAccuracy }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, theme) = (context.state, context.theme)
        let curves = curves(context)
        var series = curves.map { curve in
            ChartSeries(label: curve.label, points: Self.points(curve.run, metric: metric, weight: state.smoothingWeight), style: curve.style)
        }
        if showsFirstTrainLoss, metric == .loss, let first = curves.first {
            let train = smoothed(first.run.history.map(\.trainLoss), weight: state.smoothingWeight)
            series.append(ChartSeries(label: "train", points: zip(first.run.history, train).map { ChartPoint(x: Double($0.epoch), y: $1) },
                                      style: theme.trainLine))
        }
        let separator = context.glyphs.separator
        var title = metric == .loss ? "Validation loss" : "Validation accuracy %"
        if metric == .loss, state.lossScale == .logarithmic { title += " \(separator) log" }
        if state.smoothingLevel > 0 { title += " \(separator) smooth \(formatFixed(state.smoothingWeight, decimals: 2))" }
        let chart = BrailleChart(series: series, yScale: metric == .loss ? state.lossScale : .linear,
                                 marker: metric == .loss ? curves.first.flatMap(Self.bestMarker) : nil, showsLegend: false)
        let inside = context.drawFrame(of: id, title: title, rightTitle: chart.legendSpans(theme: theme, capabilities: context.capabilities),
                                       into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        guard series.contains(where: { !$0.points.isEmpty }) else {
            buffer.write("no epoch completed yet", at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        context.draw(chart, into: &buffer, in: inside)
    }

    /// Validation loss or accuracy (in percent) per epoch, smoothed as the dashboard is set to.
    static func points(_ run: RunSummary, metric: Metric, weight: Double) -> [ChartPoint] {
        let values: [(epoch: Int, value: Double)] = run.history.compactMap { metrics in
            let value = metric == .loss ? metrics.validLoss : metrics.validAccuracy.map { 100 * $0 }
            return value.map { (metrics.epoch, $0) }
        }
        return zip(values, smoothed(values.map(\.value), weight: weight)).map { ChartPoint(x: Double($0.epoch), y: $1) }
    }

    static func bestMarker(_ curve: RunCurve) -> ChartMarker? {
        guard let epoch = curve.run.bestEpoch, let loss = curve.run.bestValidLoss else { return nil }
        return ChartMarker(x: Double(epoch), y: loss)
    }
}
