// Softmax cross-entropy over logits, mean over the batch, with optional label smoothing.
import Foundation

public struct CrossEntropy: Sendable {
    /// Label smoothing ε: the target puts 1 − ε + ε/K on the true class and ε/K on the others.
    public let labelSmoothing: Float

    public init(labelSmoothing: Float = 0) { self.labelSmoothing = labelSmoothing }

    /// Operations a logit costs (two double-precision exponentials), for `ComputePool.run(work:)`: a batch of 128
    /// splits over the cores, one of 20 stays on the caller.
    static let workPerLogit = 128

    /// Mean loss over the batch; writes ∂loss/∂logits into `gradient` when given. With a pool, the rows are split over
    /// it; the rows' losses are still added in order, so the result is the same bits.
    /// - logits: (N, K); labels: N class indices.
    public func loss(logits: Tensor, labels: UnsafeBufferPointer<Int32>, gradient: Tensor? = nil,
                     pool: ComputePool? = nil) -> Double {
        let n = logits.batch, classes = logits.itemSize
        precondition(labels.count >= n, "fewer labels than logits")
        gradient?.resize(to: logits.shape)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { rowLosses in
            let losses = rowLosses.baseAddress!
            if let pool {
                pool.run(work: n * classes * Self.workPerLogit) { part, parts in
                    for row in ComputePool.range(part: part, of: parts, count: n) {
                        losses[row] = rowLoss(row, logits: logits, labels: labels, gradient: gradient)
                    }
                }
            } else {
                for row in 0..<n { losses[row] = rowLoss(row, logits: logits, labels: labels, gradient: gradient) }
            }
            return rowLosses.reduce(0, +) / Double(n)
        }
    }

    /// One row's loss, −Σ target_c · log softmax_c; writes its row of ∂loss/∂logits (over the batch's mean) when given.
    private func rowLoss(_ row: Int, logits: Tensor, labels: UnsafeBufferPointer<Int32>, gradient: Tensor?) -> Double {
        let n = logits.batch, classes = logits.itemSize
        let smoothing = Double(labelSmoothing), offTarget = smoothing / Double(classes)
        let z = logits.data + row * classes
        var largest = z[0]
        for c in 1..<classes { largest = max(largest, z[c]) }
        var sum = 0.0
        for c in 0..<classes { sum += Foundation.exp(Double(z[c] - largest)) }
        let logSum = Foundation.log(sum) + Double(largest)
        let label = Int(labels[row])
        let g = gradient.map { $0.data + row * classes }
        var loss = 0.0
        for c in 0..<classes {
            let target = (c == label ? 1 - smoothing : 0) + offTarget
            if target > 0 { loss += target * (logSum - Double(z[c])) }
            g?[c] = Float((Foundation.exp(Double(z[c]) - logSum) - target) / Double(n))
        }
        return loss
    }

    /// Per-row losses without smoothing (for scoring), summed.
    public static func summedLoss(logits: Tensor, labels: UnsafeBufferPointer<Int32>) -> Double {
        CrossEntropy().loss(logits: logits, labels: labels) * Double(logits.batch)
    }
}
