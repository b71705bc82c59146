// The scalar series of a run in TensorBoard: one point per epoch, and the test scores once it has finished.
import FashionMNIST
import Training

enum RunScalars {
    static let trainLoss = "train/loss", learningRate = "train/learning_rate", imagesPerSecond = "train/images_per_second"
    static let validLoss = "valid/loss", validAccuracy = "valid/accuracy"
    /// The lowest validation loss so far: the HParams plugin's metric (it takes a series' last value).
    static let bestValidLoss = "valid/best_loss"
    static let testAccuracy = "test/accuracy", testLoss = "test/loss"
    static let lastWeightsAccuracy = "test/last_weights_accuracy", lastWeightsLoss = "test/last_weights_loss"
    /// Followed by the class name, e.g. "test_class_accuracy/Sandal".
    static let classAccuracyPrefix = "test_class_accuracy/"

    /// An epoch's points; validation scores only with a validation split, learning rate and images/s
    /// only where metrics.jsonl recorded them.
    static func epoch(_ metrics: EpochMetrics, bestValidLoss: Double?) -> [(tag: String, value: Double)] {
        var values: [(tag: String, value: Double)] = [(trainLoss, metrics.trainLoss)]
        if let loss = metrics.validLoss { values.append((validLoss, loss)) }
        if let accuracy = metrics.validAccuracy { values.append((validAccuracy, accuracy)) }
        if let bestValidLoss { values.append((Self.bestValidLoss, bestValidLoss)) }
        if let rate = metrics.learningRate { values.append((learningRate, rate)) }
        if let speed = metrics.imagesPerSecond { values.append((imagesPerSecond, speed)) }
        return values
    }

    /// The test set scored with the best weights (and each class's accuracy) and with the last weights.
    static func test(best: Evaluation, last: Evaluation) -> [(tag: String, value: Double)] {
        var values: [(tag: String, value: Double)] = [
            (testAccuracy, best.accuracy), (testLoss, best.loss),
            (lastWeightsAccuracy, last.accuracy), (lastWeightsLoss, last.loss),
        ]
        for (label, accuracy) in best.perClassAccuracy.enumerated() where label < FashionMNIST.classNames.count {
            values.append((classAccuracyPrefix + FashionMNIST.classNames[label], accuracy))
        }
        return values
    }
}
