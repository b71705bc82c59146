// LayerHealthPane: the `h` screen: a row per parameter tensor with its update/weight ratio over the
// sampled steps (log axis, a dotted mark at 1e-3) and its gradient norm; each ReLU's dead units over
// the last epoch; the loss at initialisation against ln 10; what the sampling costs.
import Foundation
import NeuralNet
import TerminalUI
import Training

extension PaneID {
    static let layerHealth = PaneID("layerHealth")
}

struct LayerHealthPane: Pane {
    var id: PaneID { .layerHealth }

    /// The expected loss of 10 equally likely classes, −ln(1/10).
    static let uniformLoss = log(10.0)
    /// How far the loss at initialisation may be from ln 10 and still pass.
    static let initialLossTolerance = 0.1

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (model, theme) = (context.model, context.theme)
        let health = model.health
        let title = "Layer health \(context.glyphs.separator) \(model.model.displayName)"
        let steps = health.samples.last.map { [TextSpan("\(health.samples.count) samples, step \(Formatting.grouped($0.step))",
                                                        style: theme.muted)] } ?? []
        let inside = context.drawFrame(of: id, title: title, rightTitle: steps, clearsInterior: true, into: &buffer, in: rect)
        guard !inside.isEmpty else { return }
        let keys = KeyTable.dashboard.hintLine(for: .screen(.layerHealth), unicode: context.capabilities.unicode)
        buffer.write(keys, at: Point(x: inside.x, y: inside.maxY - 1), style: theme.muted, clip: inside)
        guard let latest = health.samples.last else {
            buffer.write("Layer health appears after the first sampled step (every few steps of training).",
                         at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        let columns = Columns(width: inside.width)
        var row = inside.y
        func nextRow() -> Rect? {
            guard row < inside.maxY - 1 else { return nil }
            defer { row += 1 }
            return Rect(x: inside.x, y: row, width: inside.width, height: 1)
        }
        if let line = nextRow() { drawHeader(columns, in: line, into: &buffer, context: context) }
        for (index, parameter) in latest.parameters.enumerated() {
            guard let line = nextRow() else { return }
            drawParameter(index, parameter, columns: columns, in: line, into: &buffer, context: context)
        }
        let roomy = inside.maxY - 1 - row > health.deadUnits.count + 4
        if roomy { row += 1 }
        if let line = nextRow() {
            buffer.write("ReLU units that never fired on the last epoch's sampled batches", at: line.origin, style: theme.title, clip: line)
        }
        if health.deadUnits.isEmpty, let line = nextRow() {
            buffer.write("  after the first epoch", at: line.origin, style: theme.muted, clip: line)
        }
        for units in health.deadUnits {
            guard let line = nextRow() else { return }
            drawDeadUnits(units, history: health.deadFractionHistory[units.layer] ?? [], columns: columns, in: line,
                          into: &buffer, context: context)
        }
        if roomy { row += 1 }
        if let line = nextRow() { drawInitialLoss(health.initialLoss, in: line, into: &buffer, context: context) }
        if let line = nextRow(), let share = health.samplingShare {
            buffer.write("sampling: every \(Formatting.grouped(max(1, model.batchesPerEpoch / 24))) steps, "
                + "\(Formatting.percent(share, decimals: 2)) of the last epoch's CPU time", at: line.origin, style: theme.muted, clip: line)
        }
    }

    /// Where each column starts and how wide it is, for a row of `width`.
    struct Columns {
        let name = 14, value = 9
        let ratio: Int, gradient: Int

        init(width: Int) {
            let free = max(0, width - name - 2 * value - 4)
            ratio = free * 3 / 5
            gradient = free - ratio
        }

        var ratioX: Int { name }
        var ratioValueX: Int { name + ratio + 1 }
        var gradientX: Int { ratioValueX + value + 2 }
        var gradientValueX: Int { gradientX + gradient + 1 }
    }

    private func drawHeader(_ columns: Columns, in line: Rect, into buffer: inout CellBuffer, context: PaneContext) {
        let style = context.theme.title
        let unicode = context.capabilities.unicode
        let (ratio, gradient) = unicode ? ("‖ΔW‖/‖W‖, log, ┄ 1e-3", "‖∇W‖") : ("|dW|/|W|, log, - 1e-3", "|grad W|")
        buffer.write("tensor", at: line.origin, style: style, clip: line)
        buffer.write("update/weight \(ratio)".truncated(toWidth: columns.ratio + columns.value + 1, ellipsis: context.glyphs.ellipsis),
                     at: Point(x: line.x + columns.ratioX, y: line.y), style: style, clip: line)
        buffer.write("gradient norm \(gradient)", at: Point(x: line.x + columns.gradientX, y: line.y), style: style, clip: line)
    }

    private func drawParameter(_ index: Int, _ latest: ParameterNorms, columns: Columns, in line: Rect,
                               into buffer: inout CellBuffer, context: PaneContext) {
        let (theme, samples) = (context.theme, context.model.health.samples)
        buffer.write(latest.name.truncated(toWidth: columns.name - 1), at: line.origin, style: theme.text, clip: line)
        let ratios = samples.map { index < $0.parameters.count ? $0.parameters[index].updateRatio : nil }
        context.draw(RatioTrace(values: ratios.map { $0 ?? .nan }),
                     into: &buffer, in: Rect(x: line.x + columns.ratioX, y: line.y, width: columns.ratio, height: 1))
        let ratio = latest.updateRatio.map { String(format: "%.1e", $0) } ?? "-"
        let healthy = latest.updateRatio.map { (1e-4...1e-2).contains($0) } ?? true
        buffer.write(ratio.leftPadded(toWidth: columns.value - 1), at: Point(x: line.x + columns.ratioValueX, y: line.y),
                     style: healthy ? theme.text : theme.wrong, clip: line)
        let gradients = samples.map { index < $0.parameters.count ? $0.parameters[index].gradient : .nan }
        context.draw(Sparkline(values: gradients),
                     into: &buffer, in: Rect(x: line.x + columns.gradientX, y: line.y, width: columns.gradient, height: 1))
        buffer.write(String(format: "%.2e", latest.gradient).leftPadded(toWidth: columns.value - 1),
                     at: Point(x: line.x + columns.gradientValueX, y: line.y), style: theme.text, clip: line)
    }

    private func drawDeadUnits(_ units: DeadUnits, history: [Double], columns: Columns, in line: Rect,
                               into buffer: inout CellBuffer, context: PaneContext) {
        let theme = context.theme
        buffer.write(units.layer.truncated(toWidth: columns.name - 1), at: line.origin, style: theme.text, clip: line)
        let text = "dead \(Formatting.percent(units.fraction).leftPadded(toWidth: 7))  "
            + "\(Formatting.grouped(units.dead)) of \(Formatting.grouped(units.units)) units, \(Formatting.grouped(units.images)) images"
        let column = buffer.write(text, at: Point(x: line.x + columns.ratioX, y: line.y),
                                  style: units.fraction > 0.5 ? theme.wrong : theme.text, clip: line)
        if history.count > 1 {
            context.draw(Sparkline(values: history, range: 0...1),
                         into: &buffer, in: Rect(x: column + 2, y: line.y, width: min(40, line.maxX - column - 2), height: 1))
        }
    }

    private func drawInitialLoss(_ loss: Double?, in line: Rect, into buffer: inout CellBuffer, context: PaneContext) {
        let (theme, glyphs) = (context.theme, context.glyphs)
        let expected = "ln 10 = \(formatFixed(Self.uniformLoss, decimals: 3))"
        guard let loss else {
            buffer.write("loss at initialisation: not seen (the run was resumed); expected \(expected)",
                         at: line.origin, style: theme.muted, clip: line)
            return
        }
        let passes = abs(loss - Self.uniformLoss) <= Self.initialLossTolerance * Self.uniformLoss
        buffer.write(["loss at initialisation ", TextSpan(formatFixed(loss, decimals: 3), style: theme.title),
                      TextSpan(" (first batch) vs \(expected) "),
                      TextSpan(String(passes ? glyphs.check : glyphs.cross), style: passes ? theme.right : theme.wrong)],
                     at: line.origin, baseStyle: theme.text, clip: line)
    }
}

/// The update/weight ratio over the sampled steps on one row: braille dots on a log axis, one dot
/// row per decade from 1e-1 (top) to 1e-4 (bottom; values beyond sit on the edge rows), two samples
/// a cell, over a dotted mark at 1e-3. The newest samples that fit, at the right.
struct RatioTrace: Widget {
    let values: [Double]

    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
    /// The dot row of 1e-3.
    static let markRow = 2

    /// The dot row of a ratio: 0 for ≥ 1e-1 … 3 for ≤ 1e-4.
    static func dotRow(_ ratio: Double) -> Int { min(3, max(0, Int((-1 - log10(ratio)).rounded()))) }

    func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard rect.width > 0, rect.height > 0 else { return }
        let shown = values.suffix(2 * rect.width)
        let start = 2 * rect.width - shown.count
        for column in 0..<rect.width {
            var mark: UInt8 = 0, trace: UInt8 = 0
            for half in 0..<2 {
                let position = 2 * column + half
                if position % 2 == 0 { mark |= Self.dotBits[half][Self.markRow] }
                guard position >= start else { continue }
                let value = shown[shown.startIndex + position - start]
                if value.isFinite && value > 0 { trace |= Self.dotBits[half][Self.dotRow(value)] }
            }
            let point = Point(x: rect.x + column, y: rect.y)
            if capabilities.unicode {
                let bits = mark | trace
                buffer.put(Character(Unicode.Scalar(0x2800 + UInt32(bits))!), at: point,
                           style: trace != 0 ? theme.accent.bolded(false) : theme.muted, clip: rect)
            } else {
                let character: Character = trace == 0 ? "-" : (trace & 0x1B != 0 ? "'" : ".")
                buffer.put(character, at: point, style: trace != 0 ? theme.accent.bolded(false) : theme.muted, clip: rect)
            }
        }
    }
}
