// SamplesPane: the first test images as grey thumbnails, each with its prediction (right or wrong) and its true class.
import TerminalUI

struct SamplesPane {
    /// Tiles sit this many columns apart.
    static let tileSpacing = SampleTile.width + 2

    let state: DashboardState
    let theme: Theme
    let capabilities: Capabilities

    func render(into buffer: inout CellBuffer, in rect: Rect) {
        let model = state.selectedModel
        let separator = capabilities.glyphs.separator
        var title = "Test samples"
        switch model.predictions?.source {
        case .preview(let epoch)?: title += " \(separator) epoch \(epoch)"
        case .test?: title += " \(separator) test, best weights"
        case nil: break
        }
        let inside = Panel(title: title, rightTitle: [TextSpan("prediction / truth", style: theme.muted)])
            .renderFrame(into: &buffer, in: rect, theme: theme, capabilities: capabilities)
        guard !inside.isEmpty else { return }
        let columns = max(1, (inside.width + Self.tileSpacing - SampleTile.width) / Self.tileSpacing)
        let rows = max(1, inside.height / SampleTile.height)
        let predictions = model.predictions?.predictions
        for index in 0..<min(columns * rows, state.testImages.count) {
            let origin = Point(x: inside.x + (index % columns) * Self.tileSpacing,
                               y: inside.y + (index / columns) * SampleTile.height)
            let predicted = predictions.flatMap { index < $0.count ? $0.predictedLabel(index) : nil }
            SampleTile(pixels: Array(state.testImages.image(index)), trueLabel: Int(state.testImages.labels[index]),
                       predictedLabel: predicted)
                .render(into: &buffer, in: Rect(origin: origin, size: inside.size).intersection(inside),
                        theme: theme, capabilities: capabilities)
        }
    }
}
