// Scoring a network on a set of images: loss, accuracy, confusion matrix, per-image predictions.
import FashionMNIST
import Foundation
import NeuralNet

public struct Evaluation: Sendable, Codable, Equatable {
    /// Mean cross-entropy (no smoothing).
    public let loss: Double
    public let correct: Int
    public let total: Int
    /// confusion[true][predicted]
    public let confusion: [[Int]]

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    public var perClassAccuracy: [Double] {
        confusion.enumerated().map { label, row in
            let count = row.reduce(0, +)
            return count == 0 ? 0 : Double(row[label]) / Double(count)
        }
    }

    public init(loss: Double, correct: Int, total: Int, confusion: [[Int]]) {
        self.loss = loss
        self.correct = correct
        self.total = total
        self.confusion = confusion
    }

    /// Read from a run folder, the matrix must be `isConfusionMatrix`: what prints and draws it indexes
    /// rows and columns by class.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let confusion = try values.decode([[Int]].self, forKey: .confusion)
        guard Self.isConfusionMatrix(confusion) else {
            throw DecodingError.dataCorruptedError(forKey: .confusion, in: values,
                                                   debugDescription: "not a 10×10 matrix of counts")
        }
        self.init(loss: try values.decode(Double.self, forKey: .loss), correct: try values.decode(Int.self, forKey: .correct),
                  total: try values.decode(Int.self, forKey: .total), confusion: confusion)
    }

    /// One row and one column per class, counts from 0 to 2^40 (so that no sum of them overflows).
    static func isConfusionMatrix(_ matrix: [[Int]]) -> Bool {
        let classes = FashionMNIST.classNames.count
        return matrix.count == classes && matrix.allSatisfy { row in
            row.count == classes && row.allSatisfy { (0...(1 << 40)).contains($0) }
        }
    }
}

/// Softmax probabilities for each image of a set, for browsing predictions.
public struct Predictions: Sendable {
    public static let classes = 10
    /// N × 10 probabilities, row-major.
    public let probabilities: [Float]
    public var count: Int { probabilities.count / Self.classes }

    public func predictedLabel(_ index: Int) -> Int {
        let row = probabilities[index * Self.classes..<(index + 1) * Self.classes]
        return row.indices.max(by: { row[$0] < row[$1] })! - index * Self.classes
    }

    public func probability(_ index: Int, label: Int) -> Float { probabilities[index * Self.classes + label] }
}

public struct Evaluator {
    public static let batchSize = 200
    let pool: ComputePool
    private let input = Tensor(shape: [1])
    private var labels = [Int32]()

    public init(pool: ComputePool) { self.pool = pool }

    /// Scores `network` in evaluation mode on `indices` of `assembler`'s images (all when nil).
    public mutating func evaluate(_ network: Network, on assembler: BatchAssembler, indices: [Int]? = nil,
                                  keepProbabilities: Bool = false) -> (Evaluation, Predictions?) {
        let chosen = indices ?? Array(0..<assembler.images.count)
        let context = PassContext(pool: pool, training: false)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        var lossSum = 0.0, correct = 0
        var probabilities = [Float]()
        if keepProbabilities { probabilities.reserveCapacity(chosen.count * 10) }
        for start in stride(from: 0, to: chosen.count, by: Self.batchSize) {
            let batch = chosen[start..<min(start + Self.batchSize, chosen.count)]
            assembler.fill(input, labels: &labels, indices: batch, pool: pool)
            let logits = network.forward(input, context)
            lossSum += labels.withUnsafeBufferPointer { CrossEntropy.summedLoss(logits: logits, labels: $0) }
            let allLogits = logits.values
            for row in 0..<batch.count {
                let z = Array(allLogits[row * 10..<(row + 1) * 10])
                var predicted = 0
                for c in 1..<10 where z[c] > z[predicted] { predicted = c }
                let label = Int(labels[row])
                confusion[label][predicted] += 1
                if predicted == label { correct += 1 }
                if keepProbabilities {
                    let largest = z[predicted]
                    var sum: Float = 0
                    for c in 0..<10 { sum += Foundation.exp(z[c] - largest) }
                    for c in 0..<10 { probabilities.append(Foundation.exp(z[c] - largest) / sum) }
                }
            }
        }
        let evaluation = Evaluation(loss: chosen.isEmpty ? 0 : lossSum / Double(chosen.count), correct: correct,
                                    total: chosen.count, confusion: confusion)
        return (evaluation, keepProbabilities ? Predictions(probabilities: probabilities) : nil)
    }
}
