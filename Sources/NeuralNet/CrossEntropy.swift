// Softmax cross-entropy over logits, mean over the batch, with optional label smoothing.
import Foundation

public struct CrossEntropy: Sendable {
    /// Label smoothing ε: the target puts 1 − ε + ε/K on the true class and ε/K on the others.
    public let labelSmoothing: Float

    public init(labelSmoothing: Float = 0) { self.labelSmoothing = labelSmoothing }

    /// Mean loss over the batch; writes ∂loss/∂logits into `gradient` when given.
    /// - logits: (N, K); labels: N class indices.
    public func loss(logits: Tensor, labels: UnsafeBufferPointer<Int32>, gradient: Tensor? = nil) -> Double {
        let n = logits.batch, classes = logits.itemSize
        precondition(labels.count >= n, "fewer labels than logits")
        gradient?.resize(to: logits.shape)
        let smoothing = Double(labelSmoothing), offTarget = smoothing / Double(classes)
        var total = 0.0
        for row in 0..<n {
            let z = logits.data + row * classes
            var largest = z[0]
            for c in 1..<classes { largest = max(largest, z[c]) }
            var sum = 0.0
            for c in 0..<classes { sum += Foundation.exp(Double(z[c] - largest)) }
            let logSum = Foundation.log(sum) + Double(largest)
            let label = Int(labels[row])
            // −Σ target_c · log softmax_c
            var rowLoss = 0.0
            for c in 0..<classes {
                let target = (c == label ? 1 - smoothing : 0) + offTarget
                if target > 0 { rowLoss += target * (logSum - Double(z[c])) }
            }
            total += rowLoss
            if let gradient {
                let g = gradient.data + row * classes
                for c in 0..<classes {
                    let target = (c == label ? 1 - smoothing : 0) + offTarget
                    g[c] = Float((Foundation.exp(Double(z[c]) - logSum) - target) / Double(n))
                }
            }
        }
        return total / Double(n)
    }

    /// Per-row losses without smoothing (for scoring), summed.
    public static func summedLoss(logits: Tensor, labels: UnsafeBufferPointer<Int32>) -> Double {
        CrossEntropy().loss(logits: logits, labels: labels) * Double(logits.batch)
    }
}
