// AttributionQuadrature: the points along the path from the baseline to the image at which Integrated
// Gradients takes the gradient, and their weights: midpoints, or Gauss–Legendre nodes (Captum's default).
import Foundation

public enum AttributionQuadrature: String, Sendable, Hashable, CaseIterable {
    /// (k + ½)/m with weight 1/m.
    case midpoint
    /// The roots of the Legendre polynomial P_m mapped to [0, 1], with their weights (sum 1).
    case gaussLegendre = "gauss-legendre"

    /// `count` points in (0, 1) and weights summing to 1.
    public func nodes(_ count: Int) -> (points: [Double], weights: [Double]) {
        switch self {
        case .midpoint:
            return ((0..<count).map { (Double($0) + 0.5) / Double(count) }, [Double](repeating: 1 / Double(count), count: count))
        case .gaussLegendre:
            return Self.gaussLegendre(count)
        }
    }

    /// The nodes for 3 × `count` steps after `nodes(count)`: for midpoints only the 2 × `count` new ones
    /// ((k + 1/6)/m and (k + 5/6)/m, each weighing 1/(3m)), the earlier estimate counting a third
    /// (`keepsEarlier`); Gauss–Legendre's nodes do not nest, so all 3 × `count` anew.
    public func refinement(of count: Int) -> (points: [Double], weights: [Double], keepsEarlier: Bool) {
        switch self {
        case .midpoint:
            let width = 1 / Double(count)
            let points: [Double] = (0..<count).flatMap { (k: Int) -> [Double] in
                let left = Double(k) * width
                return [left + width / 6, left + 5 * width / 6]
            }
            return (points, [Double](repeating: 1 / Double(3 * count), count: 2 * count), true)
        case .gaussLegendre:
            let (points, weights) = Self.gaussLegendre(3 * count)
            return (points, weights, false)
        }
    }

    /// Newton's iteration on P_n from the Chebyshev-like first guess cos(π(i − ¼)/(n + ½)), the recurrence
    /// (k + 1) P_{k+1} = (2k + 1) x P_k − k P_{k−1} giving P_n and its derivative; w = 2 / ((1 − x²) P_n′²) on
    /// [−1, 1], halved on [0, 1].
    static func gaussLegendre(_ n: Int) -> (points: [Double], weights: [Double]) {
        var points = [Double](repeating: 0, count: n), weights = points
        for i in 0..<(n + 1) / 2 {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var (previous, current) = (1.0, x)
                for k in stride(from: 1, to: n, by: 1) {
                    (previous, current) = (current, ((2 * Double(k) + 1) * x * current - Double(k) * previous) / (Double(k) + 1))
                }
                derivative = Double(n) * (x * current - previous) / (x * x - 1)
                let step = current / derivative
                x -= step
                if abs(step) < 1e-15 { break }
            }
            let weight = 2 / ((1 - x * x) * derivative * derivative)
            points[i] = (1 - x) / 2
            points[n - 1 - i] = (1 + x) / 2
            weights[i] = weight / 2
            weights[n - 1 - i] = weight / 2
        }
        return (points, weights)
    }
}
