// ConfusionCursor: the cell of the confusion matrix under the cursor (`c` on the main screen), and the
// matrix's most confused pairs.

public struct ConfusionCell: Hashable, Sendable {
    public var trueClass: Int
    public var predictedClass: Int

    public init(trueClass: Int, predictedClass: Int) {
        self.trueClass = trueClass
        self.predictedClass = predictedClass
    }

    public var isDiagonal: Bool { trueClass == predictedClass }

    /// Moved by (rows, columns), kept inside a `classes`×`classes` matrix.
    func moved(rows: Int, columns: Int, classes: Int) -> ConfusionCell {
        ConfusionCell(trueClass: min(max(trueClass + rows, 0), classes - 1),
                      predictedClass: min(max(predictedClass + columns, 0), classes - 1))
    }

    /// The `count` off-diagonal cells with the most images, largest first (ties: lower true, then predicted
    /// class first), leaving out empty ones: fastai's `most_confused`.
    public static func mostConfused(_ counts: [[Int]], count: Int = 3) -> [(cell: ConfusionCell, images: Int)] {
        var cells = [(cell: ConfusionCell, images: Int)]()
        for (trueClass, row) in counts.enumerated() {
            for (predicted, images) in row.enumerated() where predicted != trueClass && images > 0 {
                cells.append((ConfusionCell(trueClass: trueClass, predictedClass: predicted), images))
            }
        }
        let key = { (entry: (cell: ConfusionCell, images: Int)) in (entry.images, -entry.cell.trueClass, -entry.cell.predictedClass) }
        return Array(cells.sorted { key($0) > key($1) }.prefix(count))
    }
}
