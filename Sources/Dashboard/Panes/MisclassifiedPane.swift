// MisclassifiedPane: the `m` screen: one misclassified test image drawn large, its true and predicted class, the top 3 probabilities.
import FashionMNIST
import TerminalUI
import Training

extension PaneID {
    static let misclassified = PaneID("misclassified")
}

struct MisclassifiedPane: Pane {
    var id: PaneID { .misclassified }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, model, theme) = (context.state, context.model, context.theme)
        let all = model.predictions?.misclassified ?? []
        let shown = state.browser.visible(all)
        let position = state.browser.position(in: shown)
        let counter: [TextSpan] = position.map { [TextSpan("\($0 + 1) of \(Formatting.grouped(shown.count))")] } ?? []
        let inside = context.drawFrame(of: id, title: title(model, context: context), rightTitle: counter, clearsInterior: true,
                                       into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let content = inside.inset(top: 1, left: 2, right: 1)
        guard let position, let predictions = model.predictions?.predictions else {
            let filter = state.browser.classFilter.map { " of true class \(FashionMNIST.classNames[$0])" } ?? ""
            let reason = model.predictions == nil ? ": they appear when an epoch ends" : ""
            buffer.write("no misclassified images\(filter)\(reason)", at: content.origin, style: theme.muted, clip: content)
            drawKeys(into: &buffer, at: Point(x: content.x, y: content.y + 2), clip: content, context: context)
            return
        }
        let image = shown[position]
        let scale: GrayscaleImage.Scale = content.height >= 14 && content.width >= 70 ? .full : .thumbnail
        let picture = GrayscaleImage(pixels: Array(state.testImages.image(image.index)), scale: scale)
        context.draw(picture, into: &buffer, in: Rect(origin: content.origin, size: picture.cellSize))
        let text = content.inset(left: picture.cellSize.width + 3)
        drawFacts(image, predictions: predictions, into: &buffer, in: text, context: context)
        let strip = content.inset(top: max(picture.cellSize.height, 13) + 1)
        drawFollowing(shown, after: position, into: &buffer, in: strip, context: context)
    }

    /// The next misclassified images as thumbnails, when there is room under the large one.
    private func drawFollowing(_ shown: [MisclassifiedImage], after position: Int, into buffer: inout CellBuffer, in rect: Rect,
                               context: PaneContext) {
        guard rect.height >= SampleTile.height + 1, shown.count > 1 else { return }
        buffer.write("next", at: rect.origin, style: context.theme.title, clip: rect)
        let columns = max(1, (rect.width + SamplesPane.tileSpacing - SampleTile.width) / SamplesPane.tileSpacing)
        for offset in 0..<min(columns, shown.count - 1) {
            let image = shown[(position + 1 + offset) % shown.count]
            let tile = Rect(x: rect.x + offset * SamplesPane.tileSpacing, y: rect.y + 1, width: SampleTile.width,
                            height: SampleTile.height).intersection(rect)
            context.draw(SampleTile(pixels: Array(context.state.testImages.image(image.index)), trueLabel: image.trueLabel,
                                    predictedLabel: image.predictedLabel),
                         into: &buffer, in: tile)
        }
    }

    private func title(_ model: ModelRunState, context: PaneContext) -> String {
        let separator = context.glyphs.separator
        let source: String
        switch model.predictions?.source {
        case .preview(let epoch)?:
            let count = Formatting.grouped(model.predictions?.predictions.count ?? 0)
            source = "epoch \(epoch), first \(count) test images"
        case .test(let bestEpoch)?:
            source = "test set, best weights (epoch \(bestEpoch))"
        case nil:
            source = "test images"
        }
        return "Misclassified \(separator) \(model.model.displayName) \(separator) \(source)"
    }

    private func drawFacts(_ image: MisclassifiedImage, predictions: Predictions, into buffer: inout CellBuffer, in rect: Rect,
                           context: PaneContext) {
        let (theme, names) = (context.theme, FashionMNIST.classNames)
        var row = rect.y
        func line(_ spans: [TextSpan]) {
            buffer.write(spans, at: Point(x: rect.x, y: row), baseStyle: theme.text, clip: rect)
            row += 1
        }
        line([TextSpan("test image #\(image.index)", style: theme.muted)])
        line(["true       ", TextSpan(names[image.trueLabel], style: theme.right)])
        line(["predicted  ", TextSpan("\(names[image.predictedLabel]) \(context.glyphs.cross)", style: theme.wrong)])
        row += 1
        line([TextSpan("top 3", style: theme.title)])
        for (label, probability) in MisclassifiedImage.topThree(predictions, index: image.index) {
            let style = label == image.trueLabel ? theme.right : (label == image.predictedLabel ? theme.wrong : theme.text)
            let text = "  " + names[label].rightPadded(toWidth: 12) + Formatting.percent(Double(probability)).leftPadded(toWidth: 8) + "  "
            let column = buffer.write(text, at: Point(x: rect.x, y: row), style: style, clip: rect)
            context.draw(ProgressBar(fraction: Double(probability)),
                         into: &buffer, in: Rect(x: column, y: row, width: min(20, rect.maxX - column), height: 1))
            row += 1
        }
        row += 1
        drawKeys(into: &buffer, at: Point(x: rect.x, y: row), clip: rect, context: context)
    }

    /// The browser's keys from the key table (the class filter's with the current class).
    private func drawKeys(into buffer: inout CellBuffer, at origin: Point, clip: Rect, context: PaneContext) {
        let theme = context.theme
        let filter = context.state.browser.classFilter.map { FashionMNIST.classNames[$0] } ?? "all classes"
        let lines: [(action: KeyAction, value: [TextSpan])] = [
            (.browse(.cycleClassFilter), [" ", TextSpan(filter, style: theme.title)]),
            (.browse(.next), []),
            (.back, []),
        ]
        for (offset, line) in lines.enumerated() {
            guard let binding = KeyTable.dashboard.binding(for: line.action, in: .screen(.misclassified)), let hint = binding.hint
            else { continue }
            let keys = binding.hintKeys(unicode: context.capabilities.unicode)
            let spans = [TextSpan(keys.rightPadded(toWidth: 11), style: theme.accent), TextSpan(hint.text)] + line.value
            buffer.write(spans, at: Point(x: origin.x, y: origin.y + offset), baseStyle: theme.text, clip: clip)
        }
    }
}
