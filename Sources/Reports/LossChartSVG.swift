// losses.svg of `fmnist-tui export`: training and validation loss per epoch, the best epoch marked.
import Foundation
import Training

public enum LossChartSVG {
    static let width = 860, height = 540
    static let plotLeft = 84.0, plotRight = 830.0, plotTop = 76.0, plotBottom = 446.0
    static let trainColour = "#1f77b4", validColour = "#ff7f0e", bestColour = "#2ca02c"

    /// The chart as an SVG document. Series are `<path id="train-loss">` and `<path id="valid-loss">`
    /// (non-finite losses leave a gap; a run without a validation split has no second one); the best
    /// epoch is the group `<g id="best-epoch">`.
    public static func render(_ record: RunRecord) -> String {
        let history = record.history
        let configuration = record.settings.configuration
        let validation = history.compactMap { metrics in metrics.validLoss.map { (metrics.epoch, $0) } }
        let finiteLosses = (history.map(\.trainLoss) + validation.map(\.1)).filter(\.isFinite)
        let xAxis = AxisScale(epochs: history.last?.epoch ?? 1, pixelStart: plotLeft, pixelEnd: plotRight)
        let yAxis = AxisScale(dataMin: finiteLosses.min() ?? 0, dataMax: finiteLosses.max() ?? 1,
                              pixelStart: plotBottom, pixelEnd: plotTop)
        let best = record.bestValidation

        var svg = SVGWriter(width: width, height: height, title: "Loss per epoch — \(record.id)")
        svg.element("text", ["x": plotLeft, "y": 30, "font-size": 19, "font-weight": "bold"],
                    text: "\(validation.isEmpty && !history.isEmpty ? "Training loss" : "Training and validation loss") — \(record.id)")
        var subtitle = "\(configuration.model.displayName), \(record.recipe) recipe: "
            + "\(history.last?.epoch ?? 0) of \(configuration.epochs) epochs"
        if let best { subtitle += String(format: "; best validation loss %.4f at epoch %d", best.loss, best.epoch) }
        if validation.isEmpty && !history.isEmpty { subtitle += "; no validation split (--full-train)" }
        svg.element("text", ["x": plotLeft, "y": 54, "font-size": 13, "fill": "#555"], text: subtitle)

        drawAxes(&svg, xAxis: xAxis, yAxis: yAxis)
        if history.isEmpty {
            svg.element("text", ["x": (plotLeft + plotRight) / 2, "y": (plotTop + plotBottom) / 2, "font-size": 15,
                                 "fill": "#777", "text-anchor": "middle"], text: "no completed epochs yet")
        }
        let markers = history.count <= 60
        drawSeries(&svg, id: "train-loss", colour: trainColour, points: history.map { ($0.epoch, $0.trainLoss) },
                   xAxis: xAxis, yAxis: yAxis, markers: markers)
        if !validation.isEmpty {
            drawSeries(&svg, id: "valid-loss", colour: validColour, points: validation, xAxis: xAxis, yAxis: yAxis,
                       markers: markers)
        }
        if let best { drawBest(&svg, epoch: best.epoch, loss: best.loss, xAxis: xAxis, yAxis: yAxis) }
        drawLegend(&svg, hasValidation: !validation.isEmpty, hasBest: best != nil)
        return svg.document()
    }

    private static func drawAxes(_ svg: inout SVGWriter, xAxis: AxisScale, yAxis: AxisScale) {
        svg.open("g", ["id": "axes", "font-size": 12, "fill": "#333"])
        for tick in yAxis.ticks {
            let y = yAxis.pixel(tick)
            svg.element("line", ["x1": plotLeft, "y1": y, "x2": plotRight, "y2": y, "stroke": "#e6e6e6"])
            svg.element("text", ["x": plotLeft - 8, "y": y + 4, "text-anchor": "end"], text: yAxis.label(tick))
        }
        for tick in xAxis.ticks {
            let x = xAxis.pixel(tick)
            svg.element("line", ["x1": x, "y1": plotBottom, "x2": x, "y2": plotBottom + 5, "stroke": "#333"])
            svg.element("text", ["x": x, "y": plotBottom + 20, "text-anchor": "middle"], text: xAxis.label(tick))
        }
        svg.element("path", ["d": "M\(SVGWriter.number(plotLeft)),\(SVGWriter.number(plotTop)) "
            + "V\(SVGWriter.number(plotBottom)) H\(SVGWriter.number(plotRight))", "fill": "none", "stroke": "#333"])
        svg.element("text", ["x": (plotLeft + plotRight) / 2, "y": plotBottom + 46, "font-size": 14,
                             "text-anchor": "middle"], text: "epoch")
        let middle = (plotTop + plotBottom) / 2
        svg.element("text", ["x": 22, "y": middle, "font-size": 14, "text-anchor": "middle",
                             "transform": "rotate(-90 22 \(SVGWriter.number(middle)))"], text: "cross-entropy loss")
        svg.close("g")
    }

    /// A line through the finite points (a gap where a loss is NaN or infinite), with dots when few.
    private static func drawSeries(_ svg: inout SVGWriter, id: String, colour: String, points: [(Int, Double)],
                                   xAxis: AxisScale, yAxis: AxisScale, markers: Bool) {
        var commands = [String]()
        var penDown = false
        for (epoch, loss) in points {
            guard loss.isFinite else { penDown = false; continue }
            let x = SVGWriter.number(xAxis.pixel(Double(epoch))), y = SVGWriter.number(yAxis.pixel(loss))
            commands.append((penDown ? "L" : "M") + "\(x),\(y)")
            penDown = true
        }
        svg.element("path", ["id": id, "d": commands.joined(separator: " "), "fill": "none", "stroke": colour,
                             "stroke-width": 2.2, "stroke-linejoin": "round"])
        guard markers else { return }
        svg.open("g", ["id": "\(id)-points", "fill": colour])
        for (epoch, loss) in points where loss.isFinite {
            svg.element("circle", ["cx": xAxis.pixel(Double(epoch)), "cy": yAxis.pixel(loss), "r": 3.2])
        }
        svg.close("g")
    }

    private static func drawBest(_ svg: inout SVGWriter, epoch: Int, loss: Double, xAxis: AxisScale, yAxis: AxisScale) {
        let x = xAxis.pixel(Double(epoch)), y = yAxis.pixel(loss)
        svg.open("g", ["id": "best-epoch", "stroke": bestColour, "fill": "none"])
        svg.element("line", ["x1": x, "y1": plotTop, "x2": x, "y2": plotBottom, "stroke-width": 1.5,
                             "stroke-dasharray": "6 4"])
        svg.element("circle", ["cx": x, "cy": y, "r": 7, "stroke-width": 2.5])
        let rightHalf = x > (plotLeft + plotRight) / 2
        svg.element("text", ["x": rightHalf ? x - 8 : x + 8, "y": plotTop + 14, "font-size": 12, "stroke": "none",
                             "fill": bestColour, "text-anchor": rightHalf ? "end" : "start"],
                    text: String(format: "best: epoch %d, %.4f", epoch, loss))
        svg.close("g")
    }

    /// The legend, in a row under the x axis so that it never hides a curve.
    private static func drawLegend(_ svg: inout SVGWriter, hasValidation: Bool, hasBest: Bool) {
        let entries = [("training loss", trainColour, false)]
            + (hasValidation ? [("validation loss", validColour, false)] : [])
            + (hasBest ? [("best epoch (lowest validation loss)", bestColour, true)] : [])
        let y = plotBottom + 74
        svg.open("g", ["id": "legend", "font-size": 13])
        var left = plotLeft
        for (name, colour, dashed) in entries {
            svg.element("line", ["x1": left, "y1": y, "x2": left + 28, "y2": y, "stroke": colour,
                                 "stroke-width": dashed ? 1.5 : 2.2, "stroke-dasharray": dashed ? "6 4" : "none"])
            svg.element("text", ["x": left + 36, "y": y + 4, "fill": "#222"], text: name)
            left += 36 + Double(name.count) * 7.5 + 30
        }
        svg.close("g")
    }
}
