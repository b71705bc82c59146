// SpearmanCorrelation: the rank correlation of two maps, ties given their average rank (the sanity badge's ρ).

public enum SpearmanCorrelation {
    /// Ranks 1 … n of `values`, tied values sharing the mean of the ranks they span.
    public static func ranks(_ values: [Float]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = averageRank }
            start = end + 1
        }
        return ranks
    }

    /// ρ: Pearson's correlation of the ranks (exact with ties); 0 when either side is constant.
    public static func rho(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "two maps of the same size")
        let (ra, rb) = (ranks(a), ranks(b))
        let mean = Double(a.count + 1) / 2
        var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
        for (x, y) in zip(ra, rb) {
            covariance += (x - mean) * (y - mean)
            varianceA += (x - mean) * (x - mean)
            varianceB += (y - mean) * (y - mean)
        }
        guard varianceA > 0, varianceB > 0 else { return 0 }
        return covariance / (varianceA * varianceB).squareRoot()
    }
}
