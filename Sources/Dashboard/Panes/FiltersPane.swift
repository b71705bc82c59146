// FiltersPane: the `f` screen: the CNN's conv1 kernels and the conv1 and conv2 feature maps (after
// their ReLU) of the projector's selected test image, as grey blocks.
import FashionMNIST
import Insight
import TerminalUI

extension PaneID {
    static let filters = PaneID("filters")
}

struct FiltersPane: Pane {
    var id: PaneID { .filters }

    /// Cells of one feature map, and of one kernel: small (maps 7×4, kernels 3×2) or large (14×7, 6×3).
    struct Scale {
        let map: Size, kernelMagnification: Int

        static let small = Scale(map: Size(width: 7, height: 4), kernelMagnification: 1)
        static let large = Scale(map: Size(width: 14, height: 7), kernelMagnification: 2)
    }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (state, model, theme) = (context.state, context.model, context.theme)
        let projector = model.projector
        let maps = projector.filters
        var title = "Filters \(context.glyphs.separator) \(model.model.displayName)"
        if let maps {
            title += " \(context.glyphs.separator) epoch \(projector.filtersEpoch) \(context.glyphs.separator) test image #\(maps.testIndex) "
                + FashionMNIST.classNames[Int(state.testImages.labels[maps.testIndex])]
        }
        let inside = context.drawFrame(of: id, title: title, clearsInterior: true, into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let keys = KeyTable.dashboard.hintLine(for: .screen(.filters), unicode: context.capabilities.unicode)
        buffer.write(keys + "  (the image is the projector's, e)", at: Point(x: inside.x, y: inside.maxY - 1), style: theme.muted,
                     clip: inside)
        let body = inside.inset(bottom: 1)
        guard model.model == .cnn else {
            buffer.write("The FCNN has no convolutions: its filters are the CNN's (Tab to switch model).",
                         at: body.origin, style: theme.muted, clip: body)
            return
        }
        guard let maps else {
            let text = projector.weights == nil ? "The filters appear when the first epoch ends." : "Computing the feature maps\(context.glyphs.ellipsis)"
            buffer.write(text, at: body.origin, style: theme.muted, clip: body)
            return
        }
        let scale = Self.fits(maps, scale: .large, width: body.width - 30, height: body.height) ? Scale.large : .small
        let imageScale: GrayscaleImage.Scale = scale.map.width == 14 ? .full : .thumbnail
        let image = GrayscaleImage(pixels: Array(state.testImages.image(maps.testIndex)), scale: imageScale)
        buffer.write("input", at: body.origin, style: theme.title, clip: body)
        context.draw(image, into: &buffer, in: Rect(origin: Point(x: body.x, y: body.y + 1), size: image.cellSize).intersection(body))
        var area = body.inset(left: image.cellSize.width + 2)
        area = area.inset(top: drawKernels(maps, scale: scale, into: &buffer, in: area, context: context) + 1)
        for (index, layer) in maps.layers.enumerated() {
            // Short of room, each layer but the last takes at most its share, so every layer shows some maps.
            let share = index == maps.layers.count - 1 ? area.height : area.height / (maps.layers.count - index)
            let used = drawLayer(layer, scale: scale, into: &buffer, in: Rect(x: area.x, y: area.y, width: area.width, height: share),
                                 context: context)
            area = area.inset(top: used + 1)
        }
    }

    /// Whether the kernels and every map fit `width` × `height` at `scale`.
    static func fits(_ maps: FilterMaps, scale: Scale, width: Int, height: Int) -> Bool {
        let perRow = max(1, (width + 1) / (scale.map.width + 1))
        let kernelRows = (maps.kernelSide * scale.kernelMagnification + 1) / 2 + 1
        let mapRows = maps.layers.reduce(0) { $0 + 2 + ($1.channels + perRow - 1) / perRow * scale.map.height }
        return kernelRows + 1 + mapRows <= height
    }

    /// conv1's kernels in a row (0 mid-grey, positive lighter, negative darker); returns the rows used.
    private func drawKernels(_ maps: FilterMaps, scale: Scale, into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) -> Int {
        let (times, minus) = context.capabilities.unicode ? ("×", "−") : ("x", "-")
        buffer.write("conv1 kernels \(maps.kernelSide)\(times)\(maps.kernelSide) (grey 0, white +, black \(minus))", at: rect.origin,
                     style: context.theme.title, clip: rect)
        let magnification = scale.kernelMagnification, side = maps.kernelSide * magnification
        let cells = Size(width: side, height: (side + 1) / 2)
        let perRow = max(1, (rect.width + 1) / (cells.width + 1))
        for index in 0..<maps.kernelCount {
            let weights = maps.kernelPixels(index)
            let pixels = (0..<side * side).map { weights[($0 / side / magnification) * maps.kernelSide + ($0 % side) / magnification] }
            let origin = Point(x: rect.x + (index % perRow) * (cells.width + 1), y: rect.y + 1 + (index / perRow) * cells.height)
            context.draw(GrayscaleImage(pixels: pixels, width: side, height: side), into: &buffer,
                         in: Rect(origin: origin, size: cells).intersection(rect))
        }
        return 1 + (maps.kernelCount + perRow - 1) / perRow * cells.height
    }

    /// A layer's maps in rows, each map scaled to its own maximum; returns the rows used.
    private func drawLayer(_ layer: FilterMaps.Layer, scale: Scale, into buffer: inout CellBuffer, in rect: Rect,
                           context: PaneContext) -> Int {
        let perRow = max(1, (rect.width + 1) / (scale.map.width + 1))
        let rows = (layer.channels + perRow - 1) / perRow
        let room = max(0, (rect.height - 1) / scale.map.height)
        let shown = min(layer.channels, room * perRow)
        let times = context.capabilities.unicode ? "×" : "x"
        var label = "\(layer.name) feature maps after ReLU: \(layer.channels) of \(layer.side)\(times)\(layer.side)"
        if shown < layer.channels { label += " (\(shown) shown; a larger terminal shows all)" }
        buffer.write(label, at: rect.origin, style: context.theme.title, clip: rect)
        for channel in 0..<shown {
            let origin = Point(x: rect.x + (channel % perRow) * (scale.map.width + 1), y: rect.y + 1 + (channel / perRow) * scale.map.height)
            let image = Self.image(FilterMaps.pixels(layer.map(channel)), side: layer.side, cells: scale.map)
            context.draw(image, into: &buffer, in: Rect(origin: origin, size: scale.map).intersection(rect))
        }
        return 1 + min(rows, room) * scale.map.height
    }

    /// A square map drawn in `cells` (7×4 or 14×7): averaged down by 2 (thumbnails) as often as needed.
    static func image(_ pixels: [UInt8], side: Int, cells: Size) -> GrayscaleImage {
        var (pixels, side) = (pixels, side)
        // A thumbnail shows 2×2 pixels a half cell: halve first while that still leaves more than the cells hold.
        while side > 2 * cells.width {
            let half = side / 2
            pixels = (0..<half * half).map { index in
                let (y, x) = (2 * (index / half), 2 * (index % half))
                let sum = [(0, 0), (0, 1), (1, 0), (1, 1)].reduce(0) { $0 + Int(pixels[(y + $1.0) * side + x + $1.1]) }
                return UInt8((sum + 2) / 4)
            }
            side = half
        }
        return GrayscaleImage(pixels: pixels, width: side, height: side, scale: side > cells.width ? .thumbnail : .full)
    }
}
