// MisclassifiedBrowser: which misclassified image the `m` view shows, and the true-class filter `c` sets.

public struct MisclassifiedBrowser: Hashable, Sendable {
    /// The test image shown; kept across prediction updates while it stays misclassified.
    public var testIndex: Int?
    /// Only images of this true class, or all.
    public var classFilter: Int?

    public init(testIndex: Int? = nil, classFilter: Int? = nil) {
        self.testIndex = testIndex
        self.classFilter = classFilter
    }

    /// The images the browser steps through.
    public func visible(_ all: [MisclassifiedImage]) -> [MisclassifiedImage] {
        guard let classFilter else { return all }
        return all.filter { $0.trueLabel == classFilter }
    }

    /// Position of the shown image in `visible` (the first when it is gone), nil when empty.
    public func position(in visible: [MisclassifiedImage]) -> Int? {
        guard !visible.isEmpty else { return nil }
        return visible.firstIndex { $0.index == testIndex } ?? 0
    }

    /// Moves by `step` (wrapping around).
    mutating func move(by step: Int, in all: [MisclassifiedImage]) {
        let shown = visible(all)
        guard let position = position(in: shown) else { return }
        let count = shown.count
        testIndex = shown[((position + step) % count + count) % count].index
    }

    /// Next filter: all → class 0 → … → class 9 → all; the shown image goes back to the first.
    mutating func cycleClassFilter(classCount: Int) {
        switch classFilter {
        case nil: classFilter = 0
        case let label? where label + 1 < classCount: classFilter = label + 1
        default: classFilter = nil
        }
        testIndex = nil
    }
}
