// MisclassifiedBrowser: which image the `m` view shows, and its filters: a true class (`c`), or one cell of
// the confusion matrix (Enter on the matrix).

public struct MisclassifiedBrowser: Hashable, Sendable {
    /// The test image shown; kept across prediction updates while it stays in the list.
    public var testIndex: Int?
    /// Only images of this true class, or all.
    public var classFilter: Int?
    /// Only images of this (true, predicted) cell; a diagonal cell lists right answers, least confident first.
    public var cell: ConfusionCell?

    public init(testIndex: Int? = nil, classFilter: Int? = nil, cell: ConfusionCell? = nil) {
        self.testIndex = testIndex
        self.classFilter = classFilter
        self.cell = cell
    }

    /// The images the browser steps through.
    public func visible(_ snapshot: PredictionSnapshot?, labels: [UInt8]) -> [MisclassifiedImage] {
        guard let snapshot else { return [] }
        if let cell { return MisclassifiedImage.list(snapshot.predictions, labels: labels, in: cell) }
        guard let classFilter else { return snapshot.misclassified }
        return snapshot.misclassified.filter { $0.trueLabel == classFilter }
    }

    /// Position of the shown image in `visible` (the first when it is gone), nil when empty.
    public func position(in visible: [MisclassifiedImage]) -> Int? {
        guard !visible.isEmpty else { return nil }
        return visible.firstIndex { $0.index == testIndex } ?? 0
    }

    /// Moves by `step` through `shown` (wrapping around).
    mutating func move(by step: Int, in shown: [MisclassifiedImage]) {
        guard let position = position(in: shown) else { return }
        let count = shown.count
        testIndex = shown[((position + step) % count + count) % count].index
    }

    /// Next filter: all → class 0 → … → class 9 → all (a cell filter ends); the shown image goes back to the first.
    mutating func cycleClassFilter(classCount: Int) {
        switch (cell, classFilter) {
        case (.some, _): classFilter = nil
        case (nil, nil): classFilter = 0
        case (nil, let label?) where label + 1 < classCount: classFilter = label + 1
        default: classFilter = nil
        }
        cell = nil
        testIndex = nil
    }
}
