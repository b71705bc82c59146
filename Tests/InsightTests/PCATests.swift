// PCA against a covariance known exactly, and the sign rule keeping the axes still when the data barely change.
import Foundation
@testable import Insight
import NeuralNet
import Testing

@Suite("PCA")
struct PCATests {
    /// Orthonormal vectors of ℝ⁶: the rows of a Householder reflection I − 2vvᵀ/|v|², a generic rotation of the basis.
    static func orthonormalBasis(dimension: Int = 6) -> [[Double]] {
        let v: [Double] = (0..<dimension).map { index -> Double in
            let sign: Double = index % 2 == 0 ? 1 : -0.7
            return Double(index + 1) * sign
        }
        let squared: Double = v.reduce(0) { $0 + $1 * $1 }
        return (0..<dimension).map { i -> [Double] in
            (0..<dimension).map { j -> Double in
                let identity: Double = i == j ? 1 : 0
                return identity - 2 * v[i] * v[j] / squared
            }
        }
    }

    static func dot(_ a: some Collection<Float>, _ b: some Collection<Double>) -> Double {
        zip(a, b).reduce(0) { $0 + Double($1.0) * $1.1 }
    }

    /// Points ±sₖuₖ (mean 0) have the covariance Σₖ 2sₖ²uₖuₖᵀ / (n − 1) exactly: eigenvalues 2sₖ²/(n − 1)
    /// on the axes uₖ. PCA must find u₁, u₂ (up to sign) and those variances, and the share of the trace.
    @Test func findsTheAxesAndVariancesOfAKnownCovariance() throws {
        let basis = Self.orthonormalBasis(), scales = [5.0, 3.0, 1.0, 0.5, 0.2, 0.1]
        var points = [Float]()
        for (axis, scale) in zip(basis, scales) {
            points += axis.map { Float(scale * $0) }
            points += axis.map { Float(-scale * $0) }
        }
        let count = 2 * scales.count
        let pca = try #require(PCA.fit(points, count: count, dimension: 6))
        let expected = scales.map { 2 * $0 * $0 / Double(count - 1) }
        for component in 0..<2 {
            #expect(abs(abs(Self.dot(pca.axis(component), basis[component])) - 1) < 1e-5)
            #expect(abs(pca.variances[component] - expected[component]) < 1e-4 * expected[component])
        }
        #expect(abs(pca.totalVariance - expected.reduce(0, +)) < 1e-4 * pca.totalVariance)
        #expect(abs(pca.varianceExplained[0] - 25 / 35.3) < 1e-4)
        // The projection of +s₁u₁ is (±s₁, 0).
        let projected = pca.project(Array(points[0..<6]), count: 1)
        #expect(abs(abs(projected[0]) - 5) < 1e-4 && abs(projected[1]) < 1e-4)
    }

    /// Gaussian points with a chosen covariance (σ = 3, 1, 0.3 on the rotated axes), 4,000 of them:
    /// the sample eigenvalues are within a few percent of σ².
    @Test func recoversTheCovarianceOfGaussianSamples() throws {
        let basis = Self.orthonormalBasis(dimension: 3), sigmas = [3.0, 1.0, 0.3]
        var rng = SplitMix64(seed: 5)
        var points = [Float]()
        for _ in 0..<4000 {
            let z = sigmas.map { $0 * Self.normal(&rng) }
            points += (0..<3).map { j in Float((0..<3).reduce(0) { $0 + z[$1] * basis[$1][j] }) + 10 }
        }
        let pca = try #require(PCA.fit(points, count: 4000, dimension: 3))
        #expect(abs(pca.variances[0] / 9 - 1) < 0.06)
        #expect(abs(pca.variances[1] / 1 - 1) < 0.06)
        #expect(abs(abs(Self.dot(pca.axis(0), basis[0])) - 1) < 1e-3)
        #expect(abs(pca.mean[0] - 10) < 0.2)
    }

    static func normal(_ rng: inout SplitMix64) -> Double {
        let u = max(Double(rng.nextUniform()), 1e-12), v = Double(rng.nextUniform())
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// Data whose first axis has two near-equal coefficients of opposite sign (0.72, −0.69). Without a
    /// reference the largest coefficient is made positive, and stays so under a small change; when the
    /// change swaps which coefficient is larger, the rule alone would mirror the picture, and the
    /// previous epoch's axes keep it.
    @Test func signRuleKeepsTheAxesStill() throws {
        func cloud(_ first: [Double]) -> [Float] {
            let norm = first.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let u = first.map { $0 / norm }, w = [u[1], -u[0], 0]   // w ⟂ u in the plane
            var rng = SplitMix64(seed: 9)
            var points = [Float]()
            for _ in 0..<500 {
                let a = 4 * Self.normal(&rng), b = Self.normal(&rng), c = 0.1 * Self.normal(&rng)
                points += (0..<3).map { Float(a * u[$0] + b * w[$0] + (($0 == 2) ? c : 0)) }
            }
            return points
        }
        let original = try #require(PCA.fit(cloud([0.72, -0.69, 0]), count: 500, dimension: 3))
        let largest = original.axis(0).max { abs($0) < abs($1) }!
        #expect(largest > 0)
        let nudged = try #require(PCA.fit(cloud([0.721, -0.69, 0]), count: 500, dimension: 3))
        #expect(Self.dot(nudged.axis(0), original.axis(0).map(Double.init)) > 0.999)
        #expect(Self.dot(nudged.axis(1), original.axis(1).map(Double.init)) > 0.999)

        let swapped = try #require(PCA.fit(cloud([0.69, -0.72, 0]), count: 500, dimension: 3))
        #expect(Self.dot(swapped.axis(0), original.axis(0).map(Double.init)) < 0, "the rule alone mirrors it")
        let kept = try #require(PCA.fit(cloud([0.69, -0.72, 0]), count: 500, dimension: 3, previous: original))
        #expect(Self.dot(kept.axis(0), original.axis(0).map(Double.init)) > 0.99)
        #expect(Self.dot(kept.axis(1), original.axis(1).map(Double.init)) > 0.99)
    }

    @Test func refusesValuesThatAreNotFinite() {
        #expect(PCA.fit([1, 2, .nan, 4, 5, 6], count: 3, dimension: 2) == nil)
    }
}
