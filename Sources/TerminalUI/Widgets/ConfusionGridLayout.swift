// ConfusionGridLayout: how wide each part of a confusion grid is, degrading step by step as the width shrinks.

/// Column widths of a confusion grid. Each cell holds its text right-aligned after a space.
public struct ConfusionGridLayout: Hashable, Sendable {
    /// What a cell shows.
    public enum CellContent: Hashable, Sendable {
        /// The count, with 4-letter class abbreviations as column headers.
        case counts
        /// The share of the row in percent, 3-letter headers.
        case percentages
        /// One shade glyph by share; columns headed by class index.
        case shades
    }

    public var cells: CellContent
    public var rowLabelWidth: Int
    /// Width of one cell including its leading space.
    public var cellWidth: Int
    /// Width of the accuracy column including its leading space; 0 hides it.
    public var accuracyWidth: Int

    /// Total width for `classCount` columns.
    public func width(classCount: Int) -> Int {
        rowLabelWidth + 1 + classCount * cellWidth + accuracyWidth
    }

    /// The widest layout that fits, from full names with counts down to one glyph per cell
    /// without accuracy (which is used, clipped, if even that does not fit).
    static func choose(width: Int, classCount: Int, countDigits: Int, longestName: Int) -> ConfusionGridLayout {
        let countCell = max(countDigits, 4) + 1
        let candidates = [
            ConfusionGridLayout(cells: .counts, rowLabelWidth: min(max(longestName, 4), 12), cellWidth: countCell, accuracyWidth: 6),
            ConfusionGridLayout(cells: .counts, rowLabelWidth: 4, cellWidth: countCell, accuracyWidth: 6),
            ConfusionGridLayout(cells: .percentages, rowLabelWidth: 4, cellWidth: 4, accuracyWidth: 4),
            ConfusionGridLayout(cells: .shades, rowLabelWidth: 5, cellWidth: 2, accuracyWidth: 4),
            ConfusionGridLayout(cells: .shades, rowLabelWidth: 5, cellWidth: 1, accuracyWidth: 4),
            ConfusionGridLayout(cells: .shades, rowLabelWidth: 5, cellWidth: 1, accuracyWidth: 0),
        ]
        return candidates.first { $0.width(classCount: classCount) <= width } ?? candidates[candidates.count - 1]
    }

    /// The first `length` characters of a name ("Ankle boot" → "Ankl").
    static func abbreviation(_ name: String, length: Int) -> String {
        String(name.prefix(max(0, length)))
    }
}
