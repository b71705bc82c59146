// MisclassifiedImage: the wrong predictions among a set of test images, most confidently wrong first; the
// images of one confusion-matrix cell.
import Training

public struct MisclassifiedImage: Hashable, Sendable {
    /// Index into the test set.
    public let index: Int
    public let trueLabel: Int
    public let predictedLabel: Int
    /// Probability the model gave its (wrong) prediction.
    public let confidence: Float

    /// The wrong predictions among `predictions` (for test images 0..<count), sorted by
    /// confidence, highest first; ties by index.
    public static func list(_ predictions: Predictions, labels: [UInt8]) -> [MisclassifiedImage] {
        var wrong = [MisclassifiedImage]()
        for index in 0..<min(predictions.count, labels.count) {
            let predicted = predictions.predictedLabel(index)
            let truth = Int(labels[index])
            if predicted != truth {
                wrong.append(MisclassifiedImage(index: index, trueLabel: truth, predictedLabel: predicted,
                                                confidence: predictions.probability(index, label: predicted)))
            }
        }
        return wrong.sorted { ($0.confidence, -$0.index) > ($1.confidence, -$1.index) }
    }

    /// The images of one confusion-matrix cell among `predictions`: wrong ones most confident first, right
    /// ones (a diagonal cell) least confident first; ties by index.
    public static func list(_ predictions: Predictions, labels: [UInt8], in cell: ConfusionCell) -> [MisclassifiedImage] {
        var images = [MisclassifiedImage]()
        for index in 0..<min(predictions.count, labels.count)
        where Int(labels[index]) == cell.trueClass && predictions.predictedLabel(index) == cell.predictedClass {
            images.append(MisclassifiedImage(index: index, trueLabel: cell.trueClass, predictedLabel: cell.predictedClass,
                                             confidence: predictions.probability(index, label: cell.predictedClass)))
        }
        let sign: Float = cell.isDiagonal ? -1 : 1
        return images.sorted { (sign * $0.confidence, -$0.index) > (sign * $1.confidence, -$1.index) }
    }

    /// The three most probable labels with their probabilities, most probable first.
    public static func topThree(_ predictions: Predictions, index: Int) -> [(label: Int, probability: Float)] {
        let ranked = (0..<Predictions.classes).map { (label: $0, probability: predictions.probability(index, label: $0)) }
        return Array(ranked.sorted { ($0.probability, -$0.label) > ($1.probability, -$1.label) }.prefix(3))
    }
}
