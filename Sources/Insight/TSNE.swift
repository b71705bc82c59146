// TSNE: exact t-SNE (van der Maaten & Hinton 2008) to 2-D, O(N²) per iteration, with the usual
// optimiser (early exaggeration, momentum, per-coordinate gains) and a progress callback.
import CBLAS
import Foundation

public struct TSNE: Sendable {
    public var perplexity = 30.0
    public var iterations = 1000
    /// P is multiplied by this for the first `exaggerationIterations` (clusters form first, then spread).
    public var earlyExaggeration = 12.0
    public var exaggerationIterations = 250
    /// Nil: scikit-learn's "auto", max(N / earlyExaggeration / 4, 50).
    public var learningRate: Double?

    public init() {}

    /// Embeds `points` (count, dimension) in 2-D starting from `initial` (count, 2), e.g. the PCA
    /// projection, which is rescaled to a standard deviation of 1e-4 along its first axis as
    /// scikit-learn does. `progress(done)` is called every 10 iterations and at the end; returning
    /// false cancels, and then the result is nil.
    /// - Returns: (count, 2) row-major.
    public func embed(_ points: [Float], count: Int, dimension: Int, initial: [Float],
                      progress: (_ iterationsDone: Int) -> Bool = { _ in true }) -> [Float]? {
        precondition(points.count == count * dimension && initial.count == count * 2, "t-SNE: shapes do not match")
        precondition(count > 3 * Int(perplexity.rounded(.up)), "t-SNE: \(count) points are too few for perplexity \(perplexity)")
        // Rows padded to whole 8-lane vectors; padding points sit far away, where their affinity is 0.
        let stride = (count + 7) / 8 * 8
        let affinities = jointProbabilities(points, count: count, dimension: dimension, stride: stride)
        var x = [Float](repeating: 1e18, count: stride), y = [Float](repeating: 1e18, count: stride)
        let firstAxisSD = Self.standardDeviation((0..<count).map { Double(initial[2 * $0]) })
        let scale = firstAxisSD > 0 ? Float(1e-4 / firstAxisSD) : 1
        for i in 0..<count {
            x[i] = initial[2 * i] * scale
            y[i] = initial[2 * i + 1] * scale
        }
        let rate = Float(learningRate ?? max(Double(count) / earlyExaggeration / 4, 50))
        var velocity = [Float](repeating: 0, count: 2 * count), gains = [Float](repeating: 1, count: 2 * count)
        var gradient = [Float](repeating: 0, count: 2 * count)
        for iteration in 0..<iterations {
            let exaggerated = iteration < exaggerationIterations
            Self.gradient(affinities, x: x, y: y, count: count, stride: stride,
                          exaggeration: Float(exaggerated ? earlyExaggeration : 1), into: &gradient)
            let momentum: Float = exaggerated ? 0.5 : 0.8
            for k in 0..<2 * count {
                // Gains grow where the gradient's sign opposes the last step, shrink where it agrees.
                gains[k] = (gradient[k] > 0) != (velocity[k] > 0) ? gains[k] + 0.2 : max(gains[k] * 0.8, 0.01)
                velocity[k] = momentum * velocity[k] - rate * gains[k] * gradient[k]
            }
            for i in 0..<count {
                x[i] += velocity[2 * i]
                y[i] += velocity[2 * i + 1]
            }
            let done = iteration + 1
            if done % 10 == 0 || done == iterations, !progress(done) { return nil }
        }
        return (0..<count).flatMap { [x[$0], y[$0]] }
    }

    /// ∂KL/∂yᵢ = 4 Σⱼ (pᵢⱼ − qᵢⱼ) (1 + |yᵢ − yⱼ|²)⁻¹ (yᵢ − yⱼ), with qᵢⱼ = wᵢⱼ / Z, wᵢⱼ = (1 + |yᵢ − yⱼ|²)⁻¹:
    /// one pass per row sums the attraction Σ pᵢⱼwᵢⱼ(yᵢ − yⱼ), the repulsion Σ wᵢⱼ²(yᵢ − yⱼ) and Z,
    /// then gradᵢ = 4 (attractionᵢ − repulsionᵢ / Z). Each row runs over every j (the pair i = i adds
    /// nothing to either sum and 1 to Z, taken off after).
    static func gradient(_ affinities: [Float], x: [Float], y: [Float], count: Int, stride: Int, exaggeration: Float,
                         into gradient: inout [Float]) {
        typealias V = SIMD8<Float>
        var attraction = [Float](repeating: 0, count: 2 * count), repulsion = [Float](repeating: 0, count: 2 * count)
        var normaliser = 0.0
        affinities.withUnsafeBufferPointer { p in
            x.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    let pRaw = UnsafeRawPointer(p.baseAddress!), xRaw = UnsafeRawPointer(xs.baseAddress!)
                    let yRaw = UnsafeRawPointer(ys.baseAddress!)
                    let size = MemoryLayout<Float>.stride
                    for i in 0..<count {
                        let xi = V(repeating: xs[i]), yi = V(repeating: ys[i])
                        var attractX = V(), attractY = V(), repelX = V(), repelY = V(), rowZ = V()
                        let row = pRaw + i * stride * size
                        for j in Swift.stride(from: 0, to: stride, by: 8) {
                            let dx = xi - xRaw.loadUnaligned(fromByteOffset: j * size, as: V.self)
                            let dy = yi - yRaw.loadUnaligned(fromByteOffset: j * size, as: V.self)
                            let w = 1 / (1 + dx * dx + dy * dy)
                            let pw = row.loadUnaligned(fromByteOffset: j * size, as: V.self) * w
                            let ww = w * w
                            attractX += pw * dx
                            attractY += pw * dy
                            repelX += ww * dx
                            repelY += ww * dy
                            rowZ += w
                        }
                        attraction[2 * i] = attractX.sum()
                        attraction[2 * i + 1] = attractY.sum()
                        repulsion[2 * i] = repelX.sum()
                        repulsion[2 * i + 1] = repelY.sum()
                        normaliser += Double(rowZ.sum()) - 1
                    }
                }
            }
        }
        let inverseZ = Float(1 / max(normaliser, 1e-12))
        for k in 0..<2 * count { gradient[k] = 4 * (exaggeration * attraction[k] - repulsion[k] * inverseZ) }
    }

    /// The symmetric affinities pᵢⱼ = (pⱼ|ᵢ + pᵢ|ⱼ) / 2N, each conditional row's Gaussian width set by a
    /// binary search to the perplexity; (count, stride) row-major, zero on the diagonal and the padding.
    func jointProbabilities(_ points: [Float], count: Int, dimension: Int, stride: Int) -> [Float] {
        let distances = Self.squaredDistances(points, count: count, dimension: dimension)
        var conditional = [Float](repeating: 0, count: count * stride)
        let targetEntropy = log(perplexity)
        var row = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var beta = 1.0, low = 0.0, high = Double.infinity
            // Distances are shifted by the row's smallest so exp() does not underflow for far-apart points.
            let nearest = (0..<count).lazy.filter { $0 != i }.map { Double(distances[i * count + $0]) }.min() ?? 0
            for _ in 0..<64 {
                var sum = 0.0, weighted = 0.0
                for j in 0..<count where j != i {
                    let d = Double(distances[i * count + j]) - nearest
                    row[j] = exp(-d * beta)
                    sum += row[j]
                    weighted += d * row[j]
                }
                // Entropy of p_j|i = exp(−βd)/S: H = log S + β Σ d p.
                let entropy = log(sum) + beta * weighted / sum
                if abs(entropy - targetEntropy) < 1e-5 { break }
                if entropy > targetEntropy {
                    low = beta
                    beta = high.isFinite ? (beta + high) / 2 : beta * 2
                } else {
                    high = beta
                    beta = (beta + low) / 2
                }
            }
            let sum = (0..<count).reduce(0.0) { $1 == i ? $0 : $0 + row[$1] }
            for j in 0..<count where j != i { conditional[i * stride + j] = Float(row[j] / sum) }
        }
        var joint = [Float](repeating: 0, count: count * stride)
        let scale = Float(1 / (2 * Double(count)))
        for i in 0..<count {
            for j in 0..<count where j != i {
                joint[i * stride + j] = max((conditional[i * stride + j] + conditional[j * stride + i]) * scale, 1e-12)
            }
        }
        return joint
    }

    /// |xᵢ − xⱼ|² for every pair, (count, count): |xᵢ|² + |xⱼ|² − 2 xᵢ·xⱼ with the products by sgemm.
    static func squaredDistances(_ points: [Float], count: Int, dimension: Int) -> [Float] {
        var products = [Float](repeating: 0, count: count * count)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(count), Int32(dimension),
                    1, points, Int32(dimension), points, Int32(dimension), 0, &products, Int32(count))
        let norms = (0..<count).map { products[$0 * count + $0] }
        for i in 0..<count {
            for j in 0..<count { products[i * count + j] = max(0, norms[i] + norms[j] - 2 * products[i * count + j]) }
        }
        return products
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }
}
