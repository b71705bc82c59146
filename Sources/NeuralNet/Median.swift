// The middle of repeated timings, as bench and its measurements of the machine take them.

extension Array where Element == Double {
    /// The middle value once sorted: of an even count, the upper of the two middle values (one of the measured
    /// values, not their mean); 0 when empty.
    public var upperMedian: Double {
        isEmpty ? 0 : sorted()[count / 2]
    }
}
