// SaliencyMapsBlock: the misclassified view's attribution maps, for the predicted and the true class (and
// with `v` for both models, a row each), with the method, IG's completeness error and the sanity badge.
import FashionMNIST
import Insight
import TerminalUI

struct SaliencyMapsBlock {
    let image: MisclassifiedImage
    let context: PaneContext
    /// Full-size maps (28×14 cells) or thumbnails (14×7).
    let scale: GrayscaleImage.Scale

    private var state: DashboardState { context.state }
    private var mapSize: Size { GrayscaleImage(pixels: [], scale: scale).cellSize }
    private static let gap = 2

    /// Width of the maps: two maps and the gap.
    var width: Int { 2 * mapSize.width + Self.gap }
    /// Height of the maps with their captions: per model, a caption row and the maps.
    var mapsHeight: Int { state.saliencySlots.count * (mapSize.height + 1) }

    /// Draws the maps in rows from `origin`; returns the first row under them.
    @discardableResult
    func drawMaps(into buffer: inout CellBuffer, at origin: Point, clip: Rect) -> Int {
        let (theme, names) = (context.theme, FashionMNIST.classNames)
        var y = origin.y
        let pixels = Array(state.testImages.image(image.index))
        for slot in state.saliencySlots {
            let model = state.models[slot]
            let request = state.saliencyRequest(slot: slot)
            let result = request.flatMap { state.saliency.result(for: $0) }
            let prefix = state.saliency.bothModels ? model.model.displayName + " " : ""
            for (column, (label, target)) in [("predicted", image.predictedLabel), ("true", image.trueLabel)].enumerated() {
                let x = origin.x + column * (mapSize.width + Self.gap)
                let caption = Rect(x: x, y: y, width: mapSize.width, height: 1).intersection(clip)
                let style = target == image.trueLabel ? theme.right : theme.wrong
                buffer.write([TextSpan(prefix, style: theme.title), TextSpan(label + " ", style: theme.muted),
                              TextSpan(names[target], style: style)],
                             at: caption.origin, baseStyle: theme.text, clip: caption)
                let mapRect = Rect(x: x, y: y + 1, width: mapSize.width, height: mapSize.height).intersection(clip)
                drawMap(result, row: column, pixels: pixels, hasWeights: request != nil, into: &buffer, in: mapRect)
            }
            y += mapSize.height + 1
        }
        return y
    }

    private func drawMap(_ result: SaliencyResult?, row: Int, pixels: [UInt8], hasWeights: Bool, into buffer: inout CellBuffer,
                         in rect: Rect) {
        guard case .success(let maps)? = result?.outcome, row < maps.attribution.maps.count else {
            let text: String
            switch result?.outcome {
            case .failure?: text = "no map"
            default: text = hasWeights ? "computing…" : "no weights yet"
            }
            buffer.fill(rect, with: " ", style: context.theme.text)
            buffer.write(text, at: Point(x: rect.x, y: rect.y + rect.height / 2), style: context.theme.muted, clip: rect)
            return
        }
        let map = maps.attribution.maps[row]
        if map.isNearlyEmptyGradCAM, !state.saliency.signed {
            drawEmptyGradCAMNote(map, into: &buffer, in: rect)
            return
        }
        // Signed Grad-CAM shows Σ α_k A_k before its ReLU: where conv2 counts against the class too.
        let values = state.saliency.signed ? (map.signedValues ?? map.values) : map.values
        let shown = PercentileClipping.normalized(values, signed: state.saliency.signed)
        context.draw(SaliencyHeatmap(pixels: pixels, heat: shown, signed: state.saliency.signed, scale: scale), into: &buffer, in: rect)
    }

    /// In place of a Grad-CAM map its ReLU emptied (scaling up what is left would show noise as evidence): why.
    private func drawEmptyGradCAMNote(_ map: AttributionMap, into buffer: inout CellBuffer, in rect: Rect) {
        let theme = context.theme
        let share = Formatting.percent(Double(map.negativeShare ?? 0), decimals: 0)
        let text = "Grad-CAM ≈ 0: Σ α·A < 0 on \(share) of the image (conv2's channels count against this class). "
            + "a: the signed map"
        buffer.fill(rect, with: " ", style: theme.text)
        for (offset, line) in Self.wrapped(text, width: rect.width).prefix(rect.height).enumerated() {
            buffer.write(line, at: Point(x: rect.x, y: rect.y + offset), style: theme.muted, clip: rect)
        }
    }

    /// Words into lines of at most `width` characters (a longer word is cut).
    static func wrapped(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines = [String](), line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word.prefix(width)
        }
        return line.isEmpty ? lines : lines + [line]
    }

    /// The lines under or beside the maps: (unless `compact`, where the keys say it) method and display, then
    /// the completeness error, the sanity badge, the time taken (and whether IG is still refining its maps).
    func infoLines(compact: Bool) -> [[TextSpan]] {
        let theme = context.theme
        let glyphs = context.glyphs
        let method = state.saliency.method(for: state.selectedModel.model)
        let display = state.saliency.signed ? "signed: green for, red against" : "|attribution|"
        var lines: [[TextSpan]] = compact ? [] : [
            [TextSpan("method ", style: theme.muted), TextSpan(method.displayName, style: theme.title)],
            [TextSpan("\(display), clipped at the 98th percentile", style: theme.muted)],
        ]
        guard let request = state.saliencyRequest(slot: state.selected), let result = state.saliency.result(for: request) else {
            return lines
        }
        switch result.outcome {
        case .failure(let failure):
            lines.append([TextSpan(failure.description, style: theme.wrong)])
        case .success(let maps):
            // The larger of the two maps' errors: the one that is still being refined, if either is.
            if let error = maps.attribution.maps.compactMap(\.completeness?.relativeError).max() {
                lines.append([TextSpan("completeness error ", style: theme.muted),
                              TextSpan(Formatting.percent(Double(error), decimals: 2))]
                    + (compact ? [] : [TextSpan(" of y(x) − y(baseline)", style: theme.muted)]))
            }
            let label = TextSpan(compact ? "sanity ρ " : "sanity: ρ vs re-initialised net ", style: theme.muted)
            if let sanity = maps.sanity {
                let badge = sanity.passes ? TextSpan(" \(glyphs.check)", style: theme.right)
                    : TextSpan(" \(glyphs.cross)", style: theme.wrong)
                lines.append([label, TextSpan(formatFixed(sanity.fullyRandomizedRho, decimals: 2)), badge])
            } else {
                lines.append([label, TextSpan(String(glyphs.ellipsis), style: theme.muted)])
            }
            let cpu = maps.cpuSeconds.map { ", CPU \(Int(($0 * 1000).rounded())) ms" } ?? ""
            lines.append([TextSpan("computed in \(Int((maps.seconds * 1000).rounded())) ms" + cpu, style: theme.muted)]
                + (maps.isRefining ? [TextSpan(", refining\(glyphs.ellipsis)", style: theme.title)] : []))
        }
        return lines
    }
}
