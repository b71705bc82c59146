// ProjectionPane: the `e` screen: the projector's 2,000 test images as a braille scatter in class
// colours (each cell the colour of its majority class), the legend, the variance explained, the
// cursor's nearest image, and t-SNE's progress.
import FashionMNIST
import Insight
import TerminalUI

extension PaneID {
    static let projector = PaneID("projector")
}

struct ProjectionPane: Pane {
    var id: PaneID { .projector }

    /// A colour per class (xterm-256 indices; mapped to the nearest of 8 or 16 colours where needed).
    static let classColors: [UInt8] = [203, 214, 227, 114, 80, 75, 141, 213, 250, 137]

    static func classStyle(_ label: Int) -> Style { Style(foreground: .indexed(classColors[label % classColors.count])) }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, model, theme) = (context.state, context.model, context.theme)
        let picture = state.shownPicture
        let wide = rect.width >= 120
        let inside = context.drawFrame(of: id, title: title(picture, wide: wide, context: context),
                                       rightTitle: rightTitle(picture, wide: wide, context: context),
                                       clearsInterior: true, into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let (body, bottom) = inside.divided(atDistance: inside.height - 1, from: .top)
        drawStatus(picture, into: &buffer, in: bottom, context: context)
        let side = min(34, max(18, body.width / 3))
        let (plot, column) = body.divided(atDistance: body.width - side, from: .left)
        guard let picture else {
            let text = model.projector.weights == nil
                ? "The projector appears when the first epoch ends: PCA of the \(Activations.penultimate) activations of 2,000 test images."
                : "Computing the projection\(context.glyphs.ellipsis)"
            buffer.write(text, at: plot.origin, style: theme.muted, clip: plot)
            drawLegend(into: &buffer, in: column.inset(left: 1), context: context)
            return
        }
        let scatter = ProjectionScatter(projection: picture.projection, selected: state.projectorView.selected,
                                        cursor: (state.projectorView.cursorX, state.projectorView.cursorY))
        scatter.render(into: &buffer, in: plot.inset(right: 1), theme: theme, capabilities: context.capabilities)
        let legendRows = drawLegend(into: &buffer, in: column.inset(left: 1), context: context)
        drawSelection(picture, into: &buffer, in: column.inset(top: legendRows + 1, left: 1), context: context)
    }

    /// Narrow (`wide` false), the title leaves out the image count.
    private func title(_ picture: ModelProjector.Timed?, wide: Bool, context: PaneContext) -> String {
        let separator = context.glyphs.separator
        var parts = ["Embedding", context.model.model.displayName, context.state.projectorView.method.displayName]
        if let picture {
            if picture.projection.method != context.state.projectorView.method { parts[2] = picture.projection.method.displayName }
            parts.append("epoch \(picture.epoch)")
            if wide { parts.append("\(Formatting.grouped(picture.projection.count)) test images") }
        }
        return parts.joined(separator: " \(separator) ")
    }

    private func rightTitle(_ picture: ModelProjector.Timed?, wide: Bool, context: PaneContext) -> [TextSpan] {
        guard let explained = picture?.projection.axes?.varianceExplained, explained.count == 2 else { return [] }
        let shares = "PC1 \(Formatting.percent(explained[0])) + PC2 \(Formatting.percent(explained[1]))"
        let text = wide ? "variance explained \(shares) = \(Formatting.percent(explained[0] + explained[1]))" : "\(shares) of variance"
        return [TextSpan(text, style: context.theme.muted)]
    }

    /// One row per class in its colour; returns the rows used.
    @discardableResult
    private func drawLegend(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) -> Int {
        let mark: Character = context.capabilities.unicode ? "■" : "#"
        for (label, name) in FashionMNIST.classNames.enumerated() where label < rect.height {
            buffer.write([TextSpan("\(mark) ", style: Self.classStyle(label)), TextSpan(name)],
                         at: Point(x: rect.x, y: rect.y + label), baseStyle: context.theme.text, clip: rect)
        }
        return min(FashionMNIST.classNames.count, rect.height)
    }

    /// The image nearest the cursor: its test index and class, and the image itself.
    private func drawSelection(_ picture: ModelProjector.Timed, into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        guard let selected = context.state.projectorView.selected, selected < picture.projection.count, !rect.isEmpty else { return }
        let (testIndex, label) = (picture.projection.testIndices[selected], picture.projection.labels[selected])
        buffer.write([TextSpan("#\(testIndex) ", style: context.theme.muted),
                      TextSpan(FashionMNIST.classNames[label], style: Self.classStyle(label).bolded(true))],
                     at: rect.origin, baseStyle: context.theme.text, clip: rect)
        let room = rect.inset(top: 1)
        let scale: GrayscaleImage.Scale = room.height >= 14 && room.width >= 28 ? .full : .thumbnail
        context.draw(GrayscaleImage(pixels: Array(context.state.testImages.image(testIndex)), scale: scale),
                     into: &buffer, in: room)
    }

    /// The bottom row: the keys, then t-SNE's progress or what the picture cost.
    private func drawStatus(_ picture: ModelProjector.Timed?, into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (theme, projector) = (context.theme, context.model.projector)
        let keys = KeyTable.dashboard.hintLine(for: .screen(.projector), unicode: context.capabilities.unicode)
        let column = buffer.write(keys, at: rect.origin, style: theme.muted, clip: rect) + 3
        let rest = Rect(x: column, y: rect.y, width: rect.maxX - column, height: 1)
        if let done = projector.tsneProgress {
            let iterations = TSNE().iterations
            context.draw(ProgressBar(fraction: Double(done) / Double(iterations),
                                     label: "t-SNE of epoch \(projector.tsneRunningEpoch) \(done)/\(Formatting.grouped(iterations))"),
                         into: &buffer, in: Rect(x: rest.x, y: rest.y, width: min(rest.width, 56), height: 1))
        } else if let picture {
            var text = "\(picture.projection.method.displayName): \(formatFixed(picture.seconds, decimals: 2)) s CPU"
            // PCA runs after every epoch, so its share of the epoch's CPU time is what the projector costs (CPU
            // time: on a shared machine wall time counts other processes' turns); t-SNE only on demand.
            if picture.projection.method == .pca,
               let epochSeconds = context.model.health.epochCPUSeconds[picture.epoch], epochSeconds > 0 {
                text += ", \(Formatting.percent(picture.seconds / epochSeconds, decimals: 2)) of the epoch"
            }
            buffer.write(text, at: rest.origin, style: theme.muted, clip: rest)
        }
    }
}

/// The scatter itself: points on a braille dot grid (2×4 dots a cell), each cell coloured by the
/// class most of its points belong to; the cursor's nearest point in the selection style and the
/// cursor as `+`.
struct ProjectionScatter: Widget {
    let projection: Projection
    let selected: Int?
    /// 0…1 across and up the frame.
    let cursor: (x: Double, y: Double)

    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard rect.width > 0, rect.height > 0 else { return }
        let frame = ProjectionFrame(projection)
        let (width, height) = (rect.width, rect.height)
        var bits = [UInt8](repeating: 0, count: width * height)
        var counts = [Int](repeating: 0, count: width * height * 10)
        func dot(_ point: (x: Float, y: Float)) -> (x: Int, y: Int) {
            let (x, y) = frame.normalized(point)
            return (min(Int(x * Double(2 * width - 1) + 0.5), 2 * width - 1),
                    min(Int((1 - y) * Double(4 * height - 1) + 0.5), 4 * height - 1))
        }
        for index in 0..<projection.count {
            let (x, y) = dot(projection.point(index))
            let cell = (y / 4) * width + x / 2
            bits[cell] |= Self.dotBits[x % 2][y % 4]
            counts[cell * 10 + projection.labels[index] % 10] += 1
        }
        for row in 0..<height {
            for column in 0..<width {
                let cell = row * width + column
                guard bits[cell] != 0 else { continue }
                let classCounts = counts[cell * 10..<cell * 10 + 10]
                let majority = classCounts.indices.max { classCounts[$0] < classCounts[$1] }! - cell * 10
                buffer.put(glyph(bits[cell], unicode: capabilities.unicode), at: Point(x: rect.x + column, y: rect.y + row),
                           style: ProjectionPane.classStyle(majority), clip: rect)
            }
        }
        let cursorCell = Point(x: rect.x + min(Int(cursor.x * Double(width - 1) + 0.5), width - 1),
                               y: rect.y + min(Int((1 - cursor.y) * Double(height - 1) + 0.5), height - 1))
        buffer.put("+", at: cursorCell, style: theme.bestMarker, clip: rect)
        if let selected, selected < projection.count {
            let (x, y) = dot(projection.point(selected))
            let point = Point(x: rect.x + x / 2, y: rect.y + y / 4)
            let character = buffer.cell(at: point)?.character ?? "+"
            let color = ProjectionPane.classColors[projection.labels[selected] % ProjectionPane.classColors.count]
            buffer.put(character, at: point, style: Style(foreground: .indexed(color), bold: true, reverse: true), clip: rect)
        }
    }

    /// Braille, or in ASCII `'` (upper dots), `.` (lower) or `:` (both).
    private func glyph(_ value: UInt8, unicode: Bool) -> Character {
        if unicode { return Character(Unicode.Scalar(0x2800 + UInt32(value))!) }
        let upper = value & 0x1B != 0, lower = value & ~0x1B != 0
        return upper && lower ? ":" : (upper ? "'" : ".")
    }
}
