// BrailleChartTests: braille dot bits, line drawing, axes, legend, marker, log scale and the ASCII fallback.

import Testing
@testable import TerminalUI

@Suite struct BrailleCanvasTests {
    /// Each dot alone, in the order (column, row): left column 0x01 0x02 0x04 0x40, right 0x08 0x10 0x20 0x80.
    @Test(arguments: [
        (0, 0, "⠁"), (0, 1, "⠂"), (0, 2, "⠄"), (0, 3, "⡀"),
        (1, 0, "⠈"), (1, 1, "⠐"), (1, 2, "⠠"), (1, 3, "⢀"),
    ])
    func singleDot(x: Int, y: Int, glyph: String) {
        var canvas = BrailleCanvas(width: 1, height: 1)
        canvas.setDot(x: x, y: y, layer: 0)
        #expect(canvas.glyph(column: 0, row: 0, unicode: true) == Character(glyph))
    }

    @Test func allDotsAndAsciiHalves() {
        var canvas = BrailleCanvas(width: 3, height: 1)
        canvas.line(from: (0, 0), to: (1, 3), layer: 0)   // steep: both halves of cell 0
        canvas.setDot(x: 2, y: 0, layer: 1)                // upper half of cell 1
        canvas.setDot(x: 5, y: 3, layer: 2)                // lower half of cell 2
        canvas.setDot(x: 6, y: 0, layer: 2)                // outside: ignored
        let braille = (0..<3).map { canvas.glyph(column: $0, row: 0, unicode: true) }
        let ascii = (0..<3).map { canvas.glyph(column: $0, row: 0, unicode: false) }
        #expect(braille == ["⢣", "⠁", "⢀"])  // cell 0: (0,0) 0x01, (0,1) 0x02, (1,2) 0x20, (1,3) 0x80
        #expect(ascii == [":", "'", "."])
        #expect((0..<3).map { canvas.layer(column: $0, row: 0) } == [0, 1, 2])
    }

    @Test func bresenhamDiagonalAndHorizontal() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        canvas.line(from: (0, 0), to: (3, 3), layer: 0)
        #expect(canvas.glyph(column: 0, row: 0, unicode: true) == "⠑")  // (0,0) 0x01 + (1,1) 0x10
        #expect(canvas.glyph(column: 1, row: 0, unicode: true) == "⢄")  // (2,2) 0x04 + (3,3) 0x80
        var flat = BrailleCanvas(width: 2, height: 1)
        flat.line(from: (3, 0), to: (0, 0), layer: 0)
        #expect(flat.glyph(column: 0, row: 0, unicode: true) == "⠉")
        #expect(flat.glyph(column: 1, row: 0, unicode: true) == "⠉")
    }
}

@Suite struct BrailleChartTests {
    static let train = Theme.dark.trainLine
    static let valid = Theme.dark.validLine

    /// Four points (x 1…4, y 0…3) on a 2×1 rect: too small for axes, so only the dots.
    /// Dot columns 0…3, dot rows 3, 2, 1, 0 → cell 0 has 0x40 + 0x20, cell 1 has 0x02 + 0x08.
    @Test func bareLineWithoutRoomForAxes() {
        let chart = BrailleChart(series: [ChartSeries(label: "train", values: [0, 1, 2, 3], style: Self.train)])
        let buffer = rendered(chart, size: Size(width: 2, height: 1))
        #expect(buffer.textGrid == ["⡠⠊"])
        #expect(buffer[0, 0].style == Self.train)
    }

    /// y 4, 2, 1, 0.5, 0 over epochs 1…5 on a 10×4 plot (20×16 dots): dot columns 0, 5, 10, 14, 19,
    /// dot rows 0, 8, 11, 13, 15; end labels are the rounded data bounds.
    @Test func axesLabelsAndLines() {
        let chart = BrailleChart(series: [ChartSeries(label: "train", values: [4, 2, 1, 0.5, 0], style: Self.train)],
                                 showsLegend: false)
        let buffer = rendered(chart, size: Size(width: 14, height: 6))
        #expect(buffer.textGrid == [
            "4.0┤⠱⡀        ",
            "   │ ⠘⡄       ",
            "   │  ⠈⠒⠤⡀    ",
            "0.0┤     ⠈⠑⠒⠤⣀",
            "   └──────────",
            "    1  epoch 5",
        ])
        #expect(buffer[0, 0].style == Theme.dark.muted)
        #expect(buffer[3, 0].style == Theme.dark.border)
    }

    /// Log scale, ASCII: legend on top, three y labels (the middle one the geometric mean of the
    /// ends: √(0.9 × 0.27) ≈ 0.49), the marker on the last point.
    @Test func logScaleAsciiWithLegendAndMarker() {
        let chart = BrailleChart(series: [ChartSeries(label: "train", values: [0.9, 0.5, 0.4, 0.35, 0.3, 0.28, 0.27], style: Self.train)],
                                 yScale: .logarithmic, marker: ChartMarker(x: 7, y: 0.27))
        let buffer = rendered(chart, size: Size(width: 40, height: 12), capabilities: .basic)
        #expect(buffer.textGrid == [
            "                          - train @ best",
            "0.90+:.                                 ",
            "    | ':                                ",
            "    |   :.                              ",
            "    |    '.                             ",
            "0.49+     ':.                           ",
            "    |        ''..                       ",
            "    |           ''':....                ",
            "    |                  '':..            ",
            "0.27+                      ''''':......@",
            "    +-----------------------------------",
            "     1                4          epoch 7",
        ])
        #expect(buffer[39, 9].style == Theme.dark.bestMarker)
        #expect(buffer[34, 0].style == Theme.dark.bestMarker)
    }

    @Test func laterSeriesIsDrawnOverEarlierAndMarkerOverBoth() {
        let chart = BrailleChart(series: [ChartSeries(label: "train", values: [1, 1], style: Self.train),
                                          ChartSeries(label: "valid", values: [1, 1], style: Self.valid)],
                                 marker: ChartMarker(x: 2, y: 1))
        let buffer = rendered(chart, size: Size(width: 3, height: 1))
        #expect(buffer.textGrid == ["⠤⠤◆"])
        #expect(buffer[0, 0].style == Self.valid)
        #expect(buffer[2, 0].style == Theme.dark.bestMarker)
    }

    @Test func legendHidesWhenCrampedAndGapsBreakLines() {
        let series = ChartSeries(label: "a-long-training-label", values: [1, .nan, 1], style: Self.train)
        let narrow = rendered(BrailleChart(series: [series]), size: Size(width: 12, height: 8))
        #expect(!narrow.textGrid[0].contains("train"))
        let short = rendered(BrailleChart(series: [series]), size: Size(width: 40, height: 5))
        #expect(!short.textGrid.joined().contains("train"))
        let bare = rendered(BrailleChart(series: [series]), size: Size(width: 3, height: 1))
        #expect(bare.textGrid == ["⠄ ⠠"])  // a flat line sits at dot row 2 (half way rounds down the screen)
    }

    @Test func legendSpansCarryTheSeriesStyles() {
        let chart = BrailleChart(series: [ChartSeries(label: "train", values: [1], style: Self.train),
                                          ChartSeries(label: "valid", values: [1], style: Self.valid)],
                                 marker: ChartMarker(x: 1, y: 1))
        #expect(chart.legendSpans(theme: .dark, capabilities: .full) == [
            TextSpan("─ train", style: Self.train), " ", TextSpan("─ valid", style: Self.valid), " ",
            TextSpan("◆ best", style: Theme.dark.bestMarker),
        ])
    }

    @Test func logAxisSkipsNonPositiveValuesAndSpacesDecades() throws {
        let axis = try #require(ValueAxis(values: [0, -1, 1, 100], scale: .logarithmic))
        #expect(axis.lower == 1 && axis.upper == 100)
        #expect(axis.unit(10) == 0.5)
        #expect(axis.unit(0) == nil)
        #expect(ValueAxis(values: [-3, 0], scale: .logarithmic) == nil)
    }

    @Test func linearAxisRoundsOutwardsToLabelPrecision() throws {
        let axis = try #require(ValueAxis(values: [0.2871, 0.5932], scale: .linear))
        #expect(axis.label(axis.upper) == "0.60")
        #expect(axis.label(axis.lower) == "0.28")
        let flat = try #require(ValueAxis(values: [2, 2], scale: .linear))
        #expect(flat.lower < 2 && flat.upper > 2)
    }

    @Test func emptyChartDrawsOnlyAxes() {
        let buffer = rendered(BrailleChart(series: [], xRange: 1...50), size: Size(width: 12, height: 4))
        #expect(buffer.textGrid == ["            ", "            ", "────────────", "1   epoch 50"])
    }
}

@Suite struct SmoothingTests {
    /// w = 0.5: ema 0.5, 1.25, 2.125 debiased by 0.5, 0.75, 0.875 → 1, 5/3, 17/7.
    @Test func debiasedEmaMatchesHandComputation() {
        let result = smoothed([1, 2, 3], weight: 0.5)
        let expected = [1.0, 5.0 / 3.0, 17.0 / 7.0]
        #expect(result.count == 3)
        #expect(zip(result, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// w = 0.9 on a constant stays constant (the debias removes the pull towards zero).
    @Test func constantStaysConstant() {
        #expect(smoothed([0.7, 0.7, 0.7, 0.7], weight: 0.9).allSatisfy { abs($0 - 0.7) < 1e-12 })
    }

    @Test func nonFiniteValuesPassThroughAndAreSkipped() {
        let result = smoothed([1, .nan, 3], weight: 0.5)
        #expect(result[0] == 1)
        #expect(result[1].isNaN)
        #expect(abs(result[2] - 7.0 / 3.0) < 1e-12)  // ema 0.5 → 1.75, debias 0.75
    }

    @Test func zeroWeightIsIdentity() {
        #expect(smoothed([3, 1, 2], weight: 0) == [3, 1, 2])
    }
}
