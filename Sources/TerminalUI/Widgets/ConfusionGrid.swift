// ConfusionGrid: a confusion matrix as a table: counts shaded by row share, the diagonal in the "right" style, per-class accuracy.

/// Rows are true classes, columns predicted classes. Off-diagonal cells are coloured by their
/// share of the row (the theme's heat ramp), the diagonal in the theme's `right` style, and an
/// `acc` column gives each class's accuracy. As the width shrinks the grid switches to shorter
/// names, then row percentages, then one shade glyph per cell (see `ConfusionGridLayout`).
public struct ConfusionGrid: Widget, Sendable {
    /// `counts[trueClass][predictedClass]`, a square matrix.
    public var counts: [[Int]]
    public var classNames: [String]
    /// A cell drawn in reverse video (the dashboard's confusion cursor), or none.
    public var cursor: (trueClass: Int, predictedClass: Int)?

    public init(counts: [[Int]], classNames: [String], cursor: (trueClass: Int, predictedClass: Int)? = nil) {
        self.counts = counts
        self.classNames = classNames
        self.cursor = cursor
    }

    var classCount: Int { min(counts.count, classNames.count) }

    /// The layout chosen for a width.
    public func layout(forWidth width: Int) -> ConfusionGridLayout {
        let largest = counts.flatMap { $0 }.max() ?? 0
        let longestName = classNames.map(\.count).max() ?? 0
        return ConfusionGridLayout.choose(width: width, classCount: classCount,
                                          countDigits: String(max(largest, 0)).count, longestName: longestName)
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard !rect.isEmpty, classCount > 0 else { return }
        let layout = layout(forWidth: rect.width)
        let glyphs = capabilities.glyphs
        drawHeader(layout, at: Point(x: rect.x, y: rect.y), into: &buffer, theme: theme, clip: rect)
        for trueClass in 0..<min(classCount, rect.height - 1) {
            let row = counts[trueClass]
            let total = row.prefix(classCount).reduce(0, +)
            var column = rect.x
            let y = rect.y + 1 + trueClass
            column = buffer.write(rowLabel(trueClass, layout: layout), at: Point(x: column, y: y), style: theme.text, clip: rect)
            column += 1
            for predicted in 0..<classCount {
                let count = predicted < row.count ? row[predicted] : 0
                let share = total > 0 ? Double(count) / Double(total) : 0
                var style = cellStyle(count: count, share: share, isDiagonal: predicted == trueClass, theme: theme)
                if let cursor, cursor.trueClass == trueClass, cursor.predictedClass == predicted { style = style.reversed().bolded() }
                let text = cellText(count: count, share: share, isDiagonal: predicted == trueClass, layout: layout, glyphs: glyphs)
                column = buffer.write(text.leftPadded(toWidth: layout.cellWidth), at: Point(x: column, y: y), style: style, clip: rect)
            }
            if layout.accuracyWidth > 0 {
                let correct = trueClass < row.count ? row[trueClass] : 0
                let accuracy = total > 0
                    ? formatFixed(100 * Double(correct) / Double(total), decimals: layout.cells == .counts ? 1 : 0)
                    : "-"
                buffer.write(accuracy.leftPadded(toWidth: layout.accuracyWidth), at: Point(x: column, y: y),
                             style: theme.text, clip: rect)
            }
        }
    }

    private func drawHeader(_ layout: ConfusionGridLayout, at origin: Point, into buffer: inout CellBuffer, theme: Theme, clip: Rect) {
        var column = buffer.write(String(repeating: " ", count: layout.rowLabelWidth + 1), at: origin, style: theme.muted, clip: clip)
        for predicted in 0..<classCount {
            let header = layout.cells == .counts || layout.cells == .percentages
                ? ConfusionGridLayout.abbreviation(classNames[predicted], length: layout.cellWidth - 1)
                : String(predicted % 10)
            column = buffer.write(header.leftPadded(toWidth: layout.cellWidth), at: Point(x: column, y: origin.y),
                                  style: theme.muted, clip: clip)
        }
        if layout.accuracyWidth > 0 {
            buffer.write("acc".leftPadded(toWidth: layout.accuracyWidth), at: Point(x: column, y: origin.y), style: theme.muted, clip: clip)
        }
    }

    private func rowLabel(_ trueClass: Int, layout: ConfusionGridLayout) -> String {
        let name = classNames[trueClass]
        switch layout.cells {
        case .counts where layout.rowLabelWidth > 4, .percentages where layout.rowLabelWidth > 4:
            return name.rightPadded(toWidth: layout.rowLabelWidth)
        case .counts, .percentages:
            return ConfusionGridLayout.abbreviation(name, length: layout.rowLabelWidth).rightPadded(toWidth: layout.rowLabelWidth)
        case .shades:
            return (ConfusionGridLayout.abbreviation(name, length: 3).rightPadded(toWidth: 3) + " " + String(trueClass % 10))
        }
    }

    private func cellText(count: Int, share: Double, isDiagonal: Bool, layout: ConfusionGridLayout, glyphs: Glyphs) -> String {
        if count == 0 { return String(glyphs.zero) }
        switch layout.cells {
        case .counts:
            return String(count)
        case .percentages:
            return String(Int((share * 100).rounded()))
        case .shades:
            let unit = isDiagonal ? share : ConfusionGrid.heatUnit(share)
            let index = max(1, Int((unit * Double(glyphs.shades.count - 1)).rounded()))
            return String(glyphs.shades[index])
        }
    }

    private func cellStyle(count: Int, share: Double, isDiagonal: Bool, theme: Theme) -> Style {
        if isDiagonal { return theme.right }
        if count == 0 { return theme.muted }
        return theme.heat(ConfusionGrid.heatUnit(share))
    }

    /// Off-diagonal shares are small; a square root spreads them over the ramp (1 % → 0.14, 10 % → 0.45, ≥ 50 % → 1).
    static func heatUnit(_ share: Double) -> Double {
        min(1, (2 * max(share, 0)).squareRoot())
    }
}
