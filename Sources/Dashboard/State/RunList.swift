// RunList: earlier runs the `r` overlay lists (Training's RunSummary), to overlay their loss curves on the chart.
import Training

/// The `r` overlay's list: nil runs while loading, then the runs and the cursor.
public struct RunList: Equatable, Sendable {
    public var runs: [RunSummary]?
    public var cursor = 0

    public init(runs: [RunSummary]? = nil, cursor: Int = 0) {
        self.runs = runs
        self.cursor = cursor
    }
}
