// SamplesPane: the first test images as grey thumbnails, each with its prediction (right or wrong) and its true class.
import TerminalUI

extension PaneID {
    static let samples = PaneID("samples")
}

struct SamplesPane: Pane {
    /// Tiles sit this many columns apart.
    static let tileSpacing = SampleTile.width + 2

    var id: PaneID { .samples }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, model) = (context.state, context.model)
        let separator = context.glyphs.separator
        var title = "Test samples"
        switch model.predictions?.source {
        case .preview(let epoch)?: title += " \(separator) epoch \(epoch)"
        case .test?: title += " \(separator) test, best weights"
        case nil: break
        }
        let inside = context.drawFrame(of: id, title: title,
                                       rightTitle: [TextSpan("prediction / truth", style: context.theme.muted)],
                                       into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let columns = max(1, (inside.width + Self.tileSpacing - SampleTile.width) / Self.tileSpacing)
        let rows = max(1, inside.height / SampleTile.height)
        let predictions = model.predictions?.predictions
        for index in 0..<min(columns * rows, state.testImages.count) {
            let origin = Point(x: inside.x + (index % columns) * Self.tileSpacing,
                               y: inside.y + (index / columns) * SampleTile.height)
            let predicted = predictions.flatMap { index < $0.count ? $0.predictedLabel(index) : nil }
            context.draw(SampleTile(pixels: Array(state.testImages.image(index)), trueLabel: Int(state.testImages.labels[index]),
                                    predictedLabel: predicted),
                         into: &buffer, in: Rect(origin: origin, size: inside.size).intersection(inside))
        }
    }
}
