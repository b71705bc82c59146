// t-SNE: its gradient against finite differences of the KL divergence, and neighbours kept on three blobs.
@testable import Insight
import Foundation
import NeuralNet
import Testing

@Suite("t-SNE")
struct TSNETests {
    static func normal(_ rng: inout SplitMix64) -> Float {
        let u = max(Double(rng.nextUniform()), 1e-12), v = Double(rng.nextUniform())
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }

    /// `perBlob` points around each of three centres 20 apart in 10-D (unit spread).
    static func blobs(perBlob: Int, seed: UInt64) -> (points: [Float], labels: [Int]) {
        var rng = SplitMix64(seed: seed)
        var points = [Float](), labels = [Int]()
        for blob in 0..<3 {
            for _ in 0..<perBlob {
                points += (0..<10).map { Float($0 == blob ? 20 : 0) + normal(&rng) }
                labels.append(blob)
            }
        }
        return (points, labels)
    }

    /// KL(P‖Q) = Σ pᵢⱼ log(pᵢⱼ / qᵢⱼ) for a 2-D layout, in float64.
    static func divergence(_ p: [Float], stride: Int, layout: [Double], count: Int) -> Double {
        var weights = [Double](repeating: 0, count: count * count), total = 0.0
        for i in 0..<count {
            for j in 0..<count where j != i {
                let dx = layout[2 * i] - layout[2 * j], dy = layout[2 * i + 1] - layout[2 * j + 1]
                weights[i * count + j] = 1 / (1 + dx * dx + dy * dy)
                total += weights[i * count + j]
            }
        }
        var kl = 0.0
        for i in 0..<count {
            for j in 0..<count where j != i {
                let pij = Double(p[i * stride + j])
                kl += pij * log(pij / (weights[i * count + j] / total))
            }
        }
        return kl
    }

    /// The one-pass gradient (attraction, repulsion, Z) equals central differences of KL in float64.
    @Test func gradientMatchesFiniteDifferencesOfTheDivergence() {
        let (points, _) = Self.blobs(perBlob: 4, seed: 3)
        let count = 12, stride = 16
        var settings = TSNE()
        settings.perplexity = 3
        let p = settings.jointProbabilities(points, count: count, dimension: 10, stride: stride)
        var rng = SplitMix64(seed: 4)
        let layout = (0..<2 * count).map { _ in Double(Self.normal(&rng)) }
        var x = [Float](repeating: 1e18, count: stride), y = [Float](repeating: 1e18, count: stride)
        for i in 0..<count { (x[i], y[i]) = (Float(layout[2 * i]), Float(layout[2 * i + 1])) }
        var gradient = [Float](repeating: 0, count: 2 * count)
        TSNE.gradient(p, x: x, y: y, count: count, stride: stride, exaggeration: 1, into: &gradient)
        let h = 1e-5
        for k in [0, 5, 13, 22] {
            var plus = layout, minus = layout
            plus[k] += h
            minus[k] -= h
            let numeric = (Self.divergence(p, stride: stride, layout: plus, count: count)
                - Self.divergence(p, stride: stride, layout: minus, count: count)) / (2 * h)
            #expect(abs(Double(gradient[k]) - numeric) < 1e-4 * max(1, abs(numeric)), "coordinate \(k)")
        }
        // Each conditional row was tuned to the perplexity, so P sums to 1.
        #expect(abs(p.reduce(0, +) - 1) < 1e-4)
    }

    /// Three well-separated blobs (40 points each in 10-D): after t-SNE, each point's 10 nearest
    /// neighbours in 2-D are mostly from its own blob.
    @Test func keepsTheNeighboursOfThreeBlobs() throws {
        let (points, labels) = Self.blobs(perBlob: 40, seed: 1)
        var settings = TSNE()
        settings.iterations = 400
        var reported = [Int]()
        let projection = try #require(Projection.tsne(points, dimension: 10, labels: labels, testIndices: Array(labels.indices),
                                                      settings: settings, progress: { reported.append($0); return true }))
        #expect(reported.last == 400 && reported.count == 40)
        var ownNeighbours = 0
        for i in labels.indices {
            let (xi, yi) = projection.point(i)
            let nearest = labels.indices.filter { $0 != i }.sorted {
                let (a, b) = (projection.point($0), projection.point($1))
                return (a.x - xi) * (a.x - xi) + (a.y - yi) * (a.y - yi) < (b.x - xi) * (b.x - xi) + (b.y - yi) * (b.y - yi)
            }.prefix(10)
            ownNeighbours += nearest.filter { labels[$0] == labels[i] }.count
        }
        #expect(Double(ownNeighbours) / Double(10 * labels.count) > 0.95)
    }

    @Test func stopsWhenProgressSaysSo() {
        let (points, labels) = Self.blobs(perBlob: 40, seed: 2)
        let result = Projection.tsne(points, dimension: 10, labels: labels, testIndices: Array(labels.indices),
                                     progress: { $0 < 30 })
        #expect(result == nil)
    }
}
