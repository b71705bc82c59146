// MisclassifiedPane: the `m` screen: one misclassified test image drawn large, its true and predicted class,
// the top 3 probabilities, and its saliency maps (SaliencyMapsBlock); or the images of one confusion cell.
import FashionMNIST
import TerminalUI
import Training

extension PaneID {
    static let misclassified = PaneID("misclassified")
}

struct MisclassifiedPane: Pane {
    var id: PaneID { .misclassified }
    /// The facts column's width in the wide layout.
    static let factsWidth = 44

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, model, theme) = (context.state, context.model, context.theme)
        let shown = state.browser.visible(model.predictions, labels: state.testImages.labels)
        let position = state.browser.position(in: shown)
        let counter: [TextSpan] = position.map { [TextSpan("\($0 + 1) of \(Formatting.grouped(shown.count))")] } ?? []
        let inside = context.drawFrame(of: id, title: title(model, context: context), rightTitle: counter, clearsInterior: true,
                                       into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let content = inside.inset(top: 1, left: 2, right: 1)
        guard let position, let predictions = model.predictions?.predictions else {
            buffer.write("no images\(filterText(state))\(model.predictions == nil ? ": they appear when an epoch ends" : "")",
                         at: content.origin, style: theme.muted, clip: content)
            drawKeys(Self.browserKeys + Self.saliencyKeys, into: &buffer,
                     in: Rect(x: content.x, y: content.y + 2, width: content.width, height: 6), context: context)
            return
        }
        let image = shown[position]
        let picture = GrayscaleImage(pixels: Array(state.testImages.image(image.index)), scale: .full)
        let wide = content.width >= 28 + 3 + SaliencyMapsBlock(image: image, context: context, scale: .full).width + 3 + Self.factsWidth
            && content.height >= 14 + 2
        let fits = content.height >= 14 && content.width >= 70
        let imageScale: GrayscaleImage.Scale = fits ? .full : .thumbnail
        let imageSize = GrayscaleImage(pixels: [], scale: imageScale).cellSize
        context.draw(GrayscaleImage(pixels: picture.pixels, scale: imageScale), into: &buffer,
                     in: Rect(origin: content.origin, size: imageSize))
        let maps = SaliencyMapsBlock(image: image, context: context, scale: wide ? .full : .thumbnail)
        let right = content.inset(left: imageSize.width + 3)
        var bottom: Int
        if wide {
            let mapsBottom = maps.drawMaps(into: &buffer, at: right.origin, clip: right)
            let facts = right.inset(left: maps.width + 3)
            var row = drawFacts(image, predictions: predictions, compact: false, into: &buffer, in: facts, context: context)
            row = drawLines(maps.infoLines(compact: false), from: row + 1, into: &buffer, in: facts, context: context)
            let keysBottom = drawKeys(Self.browserKeys + Self.saliencyKeys, into: &buffer,
                                      in: Rect(x: facts.x, y: row + 1, width: facts.width, height: max(0, facts.maxY - row - 1)),
                                      context: context)
            bottom = max(mapsBottom, content.y + imageSize.height, keysBottom)
        } else {
            // The browser's keys flow along the bottom; the saliency keys go with the maps' lines. With both
            // models' maps the column holds the maps alone.
            let keysTop = content.maxY - 2
            let column = Rect(x: right.x, y: right.y, width: right.width, height: max(0, keysTop - right.y))
            let both = state.saliency.bothModels
            var row = both ? column.y : drawFacts(image, predictions: predictions, compact: true, into: &buffer, in: column, context: context)
            row = maps.drawMaps(into: &buffer, at: Point(x: column.x, y: row), clip: column)
            if !both {
                row = drawKeys(Self.saliencyKeys, into: &buffer, in: Rect(x: column.x, y: row, width: column.width, height: 2),
                               context: context, flowing: true)
                drawLines(maps.infoLines(compact: true), from: row, into: &buffer, in: column, context: context)
            }
            drawKeys(Self.browserKeys, into: &buffer, in: Rect(x: content.x, y: keysTop, width: content.width, height: 2),
                     context: context, flowing: true)
            bottom = content.maxY
        }
        let strip = Rect(x: content.x, y: bottom + 1, width: content.width, height: max(0, content.maxY - bottom - 1))
        drawFollowing(shown, after: position, into: &buffer, in: strip, context: context)
    }

    private func filterText(_ state: DashboardState) -> String {
        let names = FashionMNIST.classNames
        if let cell = state.browser.cell { return " in cell true \(names[cell.trueClass]), predicted \(names[cell.predictedClass])" }
        return state.browser.classFilter.map { " of true class \(names[$0])" } ?? ""
    }

    /// The next images as thumbnails, when there is room under the large one.
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
        let what: String
        if let cell = context.state.browser.cell {
            let names = FashionMNIST.classNames
            what = cell.isDiagonal ? "Right \(names[cell.trueClass]), least confident first"
                : "True \(names[cell.trueClass]) predicted \(names[cell.predictedClass])"
        } else {
            what = "Misclassified"
        }
        return "\(what) \(separator) \(model.model.displayName) \(separator) \(source)"
    }

    /// The image's facts from the top of `rect`; compact: two lines without the top 3. Returns the next free row.
    private func drawFacts(_ image: MisclassifiedImage, predictions: Predictions, compact: Bool, into buffer: inout CellBuffer,
                           in rect: Rect, context: PaneContext) -> Int {
        let (theme, names) = (context.theme, FashionMNIST.classNames)
        let mark = image.trueLabel == image.predictedLabel ? TextSpan(" \(context.glyphs.check)", style: theme.right)
            : TextSpan(" \(context.glyphs.cross)", style: theme.wrong)
        let predictedStyle = image.trueLabel == image.predictedLabel ? theme.right : theme.wrong
        let confidence = Formatting.percent(Double(image.confidence))
        if compact {
            buffer.write([TextSpan("#\(image.index) ", style: theme.muted), "true ", TextSpan(names[image.trueLabel], style: theme.right)],
                         at: rect.origin, baseStyle: theme.text, clip: rect)
            buffer.write(["predicted ", TextSpan(names[image.predictedLabel], style: predictedStyle), mark, TextSpan(" \(confidence)")],
                         at: Point(x: rect.x, y: rect.y + 1), baseStyle: theme.text, clip: rect)
            return rect.y + 2
        }
        let lines: [[TextSpan]] = [
            [TextSpan("test image #\(image.index)", style: theme.muted)],
            ["true       ", TextSpan(names[image.trueLabel], style: theme.right)],
            ["predicted  ", TextSpan(names[image.predictedLabel], style: predictedStyle), mark],
            [],
            [TextSpan("top 3", style: theme.title)],
        ]
        var row = drawLines(lines, from: rect.y, into: &buffer, in: rect, context: context)
        for (label, probability) in MisclassifiedImage.topThree(predictions, index: image.index) {
            let style = label == image.trueLabel ? theme.right : (label == image.predictedLabel ? theme.wrong : theme.text)
            let text = "  " + names[label].rightPadded(toWidth: 12) + Formatting.percent(Double(probability)).leftPadded(toWidth: 8) + "  "
            let column = buffer.write(text, at: Point(x: rect.x, y: row), style: style, clip: rect)
            context.draw(ProgressBar(fraction: Double(probability)),
                         into: &buffer, in: Rect(x: column, y: row, width: min(20, rect.maxX - column), height: 1))
            row += 1
        }
        return row
    }

    /// One line of spans per row from `top`; returns the next free row.
    @discardableResult
    private func drawLines(_ lines: [[TextSpan]], from top: Int, into buffer: inout CellBuffer, in rect: Rect,
                           context: PaneContext) -> Int {
        for (offset, line) in lines.enumerated() where top + offset < rect.maxY {
            buffer.write(line, at: Point(x: rect.x, y: top + offset), baseStyle: context.theme.text, clip: rect)
        }
        return top + lines.count
    }

    static let browserKeys: [KeyAction] = [.browse(.cycleClassFilter), .browse(.next), .back]
    static let saliencyKeys: [KeyAction] = [.saliency(.nextMethod), .saliency(.toggleSigned), .saliency(.toggleBothModels)]

    /// The misclassified view's `actions` from the key table, with the current filter, method and display: a line
    /// each, or `flowing` as many as fit on each row. Returns the row after the last one written.
    @discardableResult
    private func drawKeys(_ actions: [KeyAction], into buffer: inout CellBuffer, in rect: Rect, context: PaneContext,
                          flowing: Bool = false) -> Int {
        let (state, theme) = (context.state, context.theme)
        let names = FashionMNIST.classNames
        let filter = state.browser.cell.map { "\(names[$0.trueClass]) → \(names[$0.predictedClass])" }
            ?? state.browser.classFilter.map { names[$0] } ?? "all classes"
        func value(_ action: KeyAction) -> String {
            switch action {
            case .browse(.cycleClassFilter): " " + filter
            case .saliency(.nextMethod): " " + state.saliency.method(for: state.selectedModel.model).displayName
            case .saliency(.toggleSigned): state.saliency.signed ? " signed" : " |attribution|"
            case .saliency(.toggleBothModels): state.saliency.bothModels ? " (on)" : ""
            default: ""
            }
        }
        var point = rect.origin
        for action in actions {
            guard let binding = KeyTable.dashboard.binding(for: action, in: .screen(.misclassified)), let hint = binding.hint
            else { continue }
            let keys = binding.hintKeys(unicode: context.capabilities.unicode)
            let spans = [TextSpan((flowing ? keys + " " : keys.rightPadded(toWidth: 11)), style: theme.accent),
                         TextSpan(hint.text), TextSpan(value(action), style: theme.title)]
            let width = spans.reduce(0) { $0 + $1.text.count }
            if flowing && point.x > rect.x && point.x + width > rect.maxX { point = Point(x: rect.x, y: point.y + 1) }
            guard point.y < rect.maxY else { break }
            let end = buffer.write(spans, at: point, baseStyle: theme.text, clip: rect)
            point = flowing ? Point(x: end + 2, y: point.y) : Point(x: rect.x, y: point.y + 1)
        }
        return flowing && point.x > rect.x ? point.y + 1 : point.y
    }
}
