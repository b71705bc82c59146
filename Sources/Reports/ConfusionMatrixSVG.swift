// confusion.svg of `fmnist-tui export`: the test confusion matrix of the best weights, counts shaded by row share.
import FashionMNIST
import Foundation
import Training

public enum ConfusionMatrixSVG {
    static let cellSize = 54.0
    static let gridLeft = 150.0, gridTop = 176.0
    /// Shades from an empty cell to a cell holding its whole row.
    static let emptyShade = (247.0, 251.0, 255.0), fullShade = (8.0, 48.0, 107.0)

    /// The matrix as an SVG document, or nil when the run has no test scores yet (it is not finished).
    /// Cells are `<rect class="cell">`, class names `<text class="class-name">` (rows, then columns).
    public static func render(_ record: RunRecord) -> String? {
        guard let scores = record.scores else { return nil }
        let test = scores.test
        let names = FashionMNIST.classNames
        let classCount = test.confusion.count
        let gridSize = cellSize * Double(classCount)
        let width = Int(gridLeft + gridSize + 190), height = Int(gridTop + gridSize + 40)

        var svg = SVGWriter(width: width, height: height, title: "Test confusion matrix — \(record.id)")
        svg.element("text", ["x": 20, "y": 30, "font-size": 19, "font-weight": "bold"],
                    text: "Test confusion matrix — \(record.id)")
        svg.element("text", ["x": 20, "y": 53, "font-size": 13, "fill": "#555"],
                    text: String(format: "best weights (epoch %d): %d of %d test images right, accuracy %.2f %%",
                                 scores.bestEpoch, test.correct, test.total, 100 * test.accuracy))
        svg.element("text", ["x": gridLeft + gridSize / 2, "y": 86, "font-size": 14, "text-anchor": "middle"],
                    text: "predicted class")
        let middle = gridTop + gridSize / 2
        svg.element("text", ["x": 20, "y": middle, "font-size": 14, "text-anchor": "middle",
                             "transform": "rotate(-90 20 \(SVGWriter.number(middle)))"], text: "true class")

        svg.open("g", ["id": "class-names", "font-size": 13, "fill": "#222"])
        for (label, name) in names.enumerated() {
            svg.element("text", ["class": "class-name", "x": gridLeft - 8, "y": gridTop + (Double(label) + 0.5) * cellSize + 4,
                                 "text-anchor": "end"], text: name)
        }
        for (label, name) in names.enumerated() {
            let x = gridLeft + (Double(label) + 0.5) * cellSize, y = gridTop - 8
            svg.element("text", ["class": "class-name", "x": x, "y": y,
                                 "transform": "rotate(-40 \(SVGWriter.number(x)) \(SVGWriter.number(y)))"], text: name)
        }
        svg.close("g")

        svg.open("g", ["id": "cells", "font-size": 13, "text-anchor": "middle"])
        for (trueLabel, row) in test.confusion.enumerated() {
            let rowTotal = row.reduce(0, +)
            for (predicted, count) in row.enumerated() {
                let share = rowTotal == 0 ? 0 : Double(count) / Double(rowTotal)
                let x = gridLeft + Double(predicted) * cellSize, y = gridTop + Double(trueLabel) * cellSize
                svg.element("rect", ["class": "cell", "x": x, "y": y, "width": cellSize, "height": cellSize,
                                     "fill": shade(share), "stroke": "white"])
                svg.element("text", ["x": x + cellSize / 2, "y": y + cellSize / 2 + 5,
                                     "fill": share > 0.45 ? "white" : count == 0 ? "#b0b0b0" : "#222"], text: String(count))
            }
        }
        svg.close("g")

        let accuracyLeft = gridLeft + gridSize + 14
        svg.open("g", ["id": "class-accuracy", "font-size": 13, "fill": "#222"])
        svg.element("text", ["x": accuracyLeft, "y": gridTop - 8, "font-weight": "bold"], text: "accuracy")
        for (label, accuracy) in test.perClassAccuracy.enumerated() {
            svg.element("text", ["x": accuracyLeft, "y": gridTop + (Double(label) + 0.5) * cellSize + 4],
                        text: String(format: "%.1f %%", 100 * accuracy))
        }
        svg.close("g")
        drawShadeKey(&svg, left: accuracyLeft + 86, top: gridTop, height: gridSize)
        return svg.document()
    }

    /// A vertical bar from 100 % (top) to 0 % of the row, the key to the cells' shades.
    private static func drawShadeKey(_ svg: inout SVGWriter, left: Double, top: Double, height: Double) {
        svg.open("defs", [:])
        svg.open("linearGradient", ["id": "row-share", "x1": 0, "y1": 0, "x2": 0, "y2": 1])
        svg.element("stop", ["offset": 0, "stop-color": shade(1)])
        svg.element("stop", ["offset": 1, "stop-color": shade(0)])
        svg.close("linearGradient")
        svg.close("defs")
        svg.open("g", ["id": "shade-key", "font-size": 12, "fill": "#333"])
        svg.element("rect", ["x": left, "y": top, "width": 16, "height": height, "fill": "url(#row-share)", "stroke": "#999"])
        svg.element("text", ["x": left + 22, "y": top + 10], text: "100 %")
        svg.element("text", ["x": left + 22, "y": top + height], text: "0 %")
        let middle = top + height / 2
        svg.element("text", ["x": left + 40, "y": middle, "text-anchor": "middle",
                             "transform": "rotate(90 \(SVGWriter.number(left + 40)) \(SVGWriter.number(middle)))"],
                    text: "share of the true class's images")
        svg.close("g")
    }

    /// The colour of a cell holding `share` (0…1) of its row, as #rrggbb.
    static func shade(_ share: Double) -> String {
        let amount = min(max(share, 0), 1)
        func channel(_ empty: Double, _ full: Double) -> Int { Int((empty + (full - empty) * amount).rounded()) }
        return String(format: "#%02x%02x%02x", channel(emptyShade.0, fullShade.0), channel(emptyShade.1, fullShade.1),
                      channel(emptyShade.2, fullShade.2))
    }
}
