// The middle of repeated timings, as bench and its measurements of the machine take them.
import Foundation

extension Array where Element == Double {
    /// The middle value once sorted: of an even count, the upper of the two middle values (one of the measured
    /// values, not their mean); 0 when empty.
    public var upperMedian: Double {
        isEmpty ? 0 : sorted()[count / 2]
    }

    /// The middle value once sorted: of an even count, the mean of the two middle values (as Python's
    /// `statistics.median`, which the speed report uses on the same figures); 0 when empty.
    public var median: Double {
        guard !isEmpty else { return 0 }
        let sorted = sorted(), middle = count / 2
        return count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Runs `work` `runs` times (at least once) and returns the upper median of their wall-clock seconds.
func upperMedianSeconds(of runs: Int, _ work: () -> Void) -> Double {
    (0..<max(1, runs)).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }.upperMedian
}
