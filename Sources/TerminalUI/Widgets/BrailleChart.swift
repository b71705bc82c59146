// BrailleChart: line series over epochs on a braille dot grid, with y tick labels, an epoch axis, a legend and a marker.

/// One (epoch, value) point; epochs may be fractional (per-batch training loss).
public struct ChartPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// One line of the chart. Non-finite values (and values ≤ 0 on a log scale) leave a gap.
public struct ChartSeries: Hashable, Sendable {
    public var label: String
    public var points: [ChartPoint]
    public var style: Style

    public init(label: String, points: [ChartPoint], style: Style) {
        self.label = label
        self.points = points
        self.style = style
    }

    /// Values at x = firstX, firstX + xStep, … (by default epochs 1, 2, 3, …).
    public init(label: String, values: [Double], firstX: Double = 1, xStep: Double = 1, style: Style) {
        self.init(label: label,
                  points: values.enumerated().map { ChartPoint(x: firstX + Double($0.offset) * xStep, y: $0.element) },
                  style: style)
    }
}

/// A highlighted point, e.g. the best epoch: drawn as ◆ over the lines, named in the legend.
public struct ChartMarker: Hashable, Sendable {
    public var point: ChartPoint
    public var label: String

    public init(x: Double, y: Double, label: String = "best") {
        self.point = ChartPoint(x: x, y: y)
        self.label = label
    }
}

/// A line chart drawn with braille dots (2×4 per cell). The y range fits the data (and the
/// marker); the end labels show its bounds. Parts drop out as the rect shrinks: first the
/// legend, then the axes, leaving the bare plot.
public struct BrailleChart: Widget, Sendable {
    public var series: [ChartSeries]
    public var yScale: ChartScale
    public var marker: ChartMarker?
    /// The epochs the x axis spans; nil fits the data.
    public var xRange: ClosedRange<Double>?
    /// Whether to draw the legend on the top row (the dashboard may put `legendSpans` in a panel title instead).
    public var showsLegend: Bool
    public var xAxisTitle: String

    public init(series: [ChartSeries], yScale: ChartScale = .linear, marker: ChartMarker? = nil,
                xRange: ClosedRange<Double>? = nil, showsLegend: Bool = true, xAxisTitle: String = "epoch") {
        self.series = series
        self.yScale = yScale
        self.marker = marker
        self.xRange = xRange
        self.showsLegend = showsLegend
        self.xAxisTitle = xAxisTitle
    }

    /// `─ train ─ valid ◆ best`, each in its series' style.
    public func legendSpans(theme: Theme, capabilities: Capabilities) -> [TextSpan] {
        let glyphs = capabilities.glyphs
        var items = series.map { TextSpan("\(glyphs.lineSample) \($0.label)", style: $0.style) }
        if let marker {
            items.append(TextSpan("\(glyphs.marker) \(marker.label)", style: theme.bestMarker))
        }
        return items.enumerated().flatMap { $0.offset == 0 ? [$0.element] : [" ", $0.element] }
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard !rect.isEmpty else { return }
        var area = rect
        let legend = legendSpans(theme: theme, capabilities: capabilities)
        if showsLegend, !legend.isEmpty, rect.height >= 6, legend.width <= rect.width {
            let (legendRow, rest) = area.divided(atDistance: 1, from: .top)
            buffer.write(legend, at: Point(x: legendRow.maxX - legend.width, y: legendRow.y), baseStyle: theme.text, clip: legendRow)
            area = rest
        }
        var xAxisRows: Rect?
        if area.height >= 4 {
            let (axisRows, rest) = area.divided(atDistance: 2, from: .bottom)
            xAxisRows = axisRows
            area = rest
        }
        let yValues = series.flatMap { $0.points.map(\.y) } + (marker.map { [$0.point.y] } ?? [])
        let valueAxis = ValueAxis(values: yValues, scale: yScale)
        var plot = area
        if let valueAxis {
            let labels = tickLabels(valueAxis, rows: area.height)
            let labelWidth = labels.map(\.text.count).max() ?? 0
            if area.width >= labelWidth + 3 {
                plot = area.inset(left: labelWidth + 1)
                drawValueAxis(labels, labelWidth: labelWidth, plot: plot, into: &buffer, theme: theme, glyphs: capabilities.glyphs)
            }
        }
        let epochs = EpochAxis(range: xRange ?? fittedXRange())
        if let xAxisRows {
            drawEpochAxis(epochs, rows: xAxisRows, plot: plot, hasValueAxis: plot.x > area.x,
                          into: &buffer, theme: theme, glyphs: capabilities.glyphs)
        }
        guard let valueAxis, !plot.isEmpty else { return }
        drawLines(valueAxis: valueAxis, epochs: epochs, plot: plot, into: &buffer, unicode: capabilities.unicode)
        if let marker, let column = epochs.dotColumn(marker.point.x, dotWidth: plot.width * 2),
           let row = valueAxis.dotRow(marker.point.y, dotHeight: plot.height * 4) {
            buffer.put(capabilities.glyphs.marker, at: Point(x: plot.x + column / 2, y: plot.y + row / 4),
                       style: theme.bestMarker, clip: plot)
        }
    }

    /// The x range of all points and the marker; 0...1 without data.
    private func fittedXRange() -> ClosedRange<Double> {
        let xs = (series.flatMap { $0.points.map(\.x) } + (marker.map { [$0.point.x] } ?? [])).filter(\.isFinite)
        guard let low = xs.min(), let high = xs.max() else { return 0...1 }
        return low...high
    }

    /// Labels for the top and bottom rows, and the middle row when there are at least five.
    private func tickLabels(_ axis: ValueAxis, rows: Int) -> [(row: Int, text: String)] {
        guard rows >= 2 else { return rows == 1 ? [(0, axis.label(axis.upper))] : [] }
        var labels = [(row: 0, text: axis.label(axis.upper)), (row: rows - 1, text: axis.label(axis.lower))]
        if rows >= 5 {
            let middle = rows / 2
            let unit = 1 - (Double(middle * 4) + 1.5) / Double(rows * 4 - 1)
            labels.insert((middle, axis.label(axis.value(atUnit: unit))), at: 1)
        }
        return labels
    }

    private func drawValueAxis(_ labels: [(row: Int, text: String)], labelWidth: Int, plot: Rect,
                               into buffer: inout CellBuffer, theme: Theme, glyphs: Glyphs) {
        let labelColumn = plot.x - labelWidth - 1
        let clip = Rect(x: labelColumn, y: plot.y, width: labelWidth + 1, height: plot.height)
        for row in 0..<plot.height {
            let label = labels.first { $0.row == row }
            if let label {
                buffer.write(label.text.leftPadded(toWidth: labelWidth), at: Point(x: labelColumn, y: plot.y + row),
                             style: theme.muted, clip: clip)
            }
            buffer.put(label == nil ? glyphs.vertical : glyphs.axisTick, at: Point(x: plot.x - 1, y: plot.y + row),
                       style: theme.border, clip: clip)
        }
    }

    /// The axis line under the plot, then first and last epoch (and the middle one when it fits).
    private func drawEpochAxis(_ epochs: EpochAxis, rows: Rect, plot: Rect, hasValueAxis: Bool,
                               into buffer: inout CellBuffer, theme: Theme, glyphs: Glyphs) {
        if hasValueAxis {
            buffer.put(glyphs.bottomLeft, at: Point(x: plot.x - 1, y: rows.y), style: theme.border, clip: rows)
        }
        buffer.write(String(repeating: glyphs.horizontal, count: plot.width), at: Point(x: plot.x, y: rows.y),
                     style: theme.border, clip: rows)
        let labelRow = rows.y + 1
        let first = EpochAxis.label(epochs.lower)
        var last = EpochAxis.label(epochs.upper)
        if !xAxisTitle.isEmpty, first.count + xAxisTitle.count + last.count + 2 <= plot.width {
            last = xAxisTitle + " " + last
        }
        guard first.count + last.count + 1 <= plot.width else { return }
        buffer.write(first, at: Point(x: plot.x, y: labelRow), style: theme.muted, clip: rows)
        buffer.write(last, at: Point(x: plot.maxX - last.count, y: labelRow), style: theme.muted, clip: rows)
        let middleValue = ((epochs.lower + epochs.upper) / 2).rounded()
        let middle = EpochAxis.label(middleValue)
        guard let dotColumn = epochs.dotColumn(middleValue, dotWidth: plot.width * 2) else { return }
        let middleStart = plot.x + dotColumn / 2 - middle.count / 2
        if middleStart >= plot.x + first.count + 2, middleStart + middle.count + 2 <= plot.maxX - last.count {
            buffer.write(middle, at: Point(x: middleStart, y: labelRow), style: theme.muted, clip: rows)
        }
    }

    /// Every series onto one canvas (later series over earlier ones), then the canvas into the buffer.
    private func drawLines(valueAxis: ValueAxis, epochs: EpochAxis, plot: Rect,
                           into buffer: inout CellBuffer, unicode: Bool) {
        var canvas = BrailleCanvas(width: plot.width, height: plot.height)
        for (layer, line) in series.enumerated() {
            var previous: (x: Int, y: Int)?
            for point in line.points {
                guard let column = epochs.dotColumn(point.x, dotWidth: canvas.dotWidth),
                      let row = valueAxis.dotRow(point.y, dotHeight: canvas.dotHeight) else {
                    previous = nil
                    continue
                }
                let dot = (x: column, y: row)
                canvas.line(from: previous ?? dot, to: dot, layer: layer)
                previous = dot
            }
        }
        for row in 0..<plot.height {
            for column in 0..<plot.width {
                guard let glyph = canvas.glyph(column: column, row: row, unicode: unicode) else { continue }
                let style = series[canvas.layer(column: column, row: row)].style
                buffer.put(glyph, at: Point(x: plot.x + column, y: plot.y + row), style: style, clip: plot)
            }
        }
    }
}
