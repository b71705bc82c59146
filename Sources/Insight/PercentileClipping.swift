// PercentileClipping: attribution maps scaled for display as Captum's visualize_image_attr does: |attr| or
// signed, divided by the value below which 98 % of the total |attr| lies, and clipped.

public enum PercentileClipping {
    /// The smallest sorted value at which the running sum of the non-negative `values` reaches
    /// `percentile` % of their total (Captum's `_cumulative_sum_threshold`): with 98 the few largest
    /// values, holding the last 2 % of the mass, saturate instead of washing out the rest.
    public static func cumulativeSumThreshold(_ values: [Float], percentile: Float) -> Float {
        let sorted = values.sorted()
        guard let largest = sorted.last else { return 0 }
        if percentile >= 100 { return largest }
        let total = sorted.reduce(0, +)
        var sum: Float = 0
        for value in sorted {
            sum += value
            if sum >= total * percentile / 100 { return value }
        }
        return largest
    }

    /// `values` as shown: |v| / t in 0 … 1, or with `signed` v / t in −1 … 1, t the threshold of |v|
    /// at 100 − `outlierPercent`; all zeros when t is (nearly) zero.
    public static func normalized(_ values: [Float], signed: Bool, outlierPercent: Float = 2) -> [Float] {
        let magnitudes = values.map(abs)
        let threshold = cumulativeSumThreshold(magnitudes, percentile: 100 - outlierPercent)
        guard threshold > 1e-12 else { return [Float](repeating: 0, count: values.count) }
        return (signed ? values : magnitudes).map { min(max($0 / threshold, -1), 1) }
    }
}
