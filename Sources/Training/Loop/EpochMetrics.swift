// One completed epoch as metrics.jsonl logs it, and the best epoch of a history.

public struct EpochMetrics: Codable, Sendable, Equatable {
    public let epoch: Int
    public let trainLoss: Double
    /// Validation scores; nil when training on the full training set (no held-out split).
    public let validLoss: Double?
    public let validAccuracy: Double?
    /// Wall time of the epoch, validation included.
    public let seconds: Double
    /// The validation set's confusion matrix after the epoch, [true][predicted]; nil without a validation
    /// split, in logs written before it was added, and in run summaries for all but the latest epoch.
    public let validConfusion: [[Int]]?
    /// The learning rate of the epoch's last update (nil in runs saved before it was recorded).
    public let learningRate: Double?
    /// Training images per second of training steps, pauses and validation left out (nil in older runs).
    public let imagesPerSecond: Double?

    public init(epoch: Int, trainLoss: Double, validLoss: Double?, validAccuracy: Double?, seconds: Double,
                learningRate: Double? = nil, imagesPerSecond: Double? = nil, validConfusion: [[Int]]? = nil) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validLoss = validLoss
        self.validAccuracy = validAccuracy
        self.seconds = seconds
        self.learningRate = learningRate
        self.imagesPerSecond = imagesPerSecond
        self.validConfusion = validConfusion
    }

    /// The same epoch without its confusion matrix.
    var withoutConfusion: EpochMetrics {
        EpochMetrics(epoch: epoch, trainLoss: trainLoss, validLoss: validLoss, validAccuracy: validAccuracy, seconds: seconds,
                     learningRate: learningRate, imagesPerSecond: imagesPerSecond)
    }
}

extension Collection<EpochMetrics> {
    /// The epoch with the lowest validation loss (the first of equals, as the trainer picks it); nil
    /// without a validation split (--full-train).
    public var bestValidation: (epoch: Int, loss: Double)? {
        var best: (epoch: Int, loss: Double)?
        for metrics in self {
            guard let loss = metrics.validLoss, !loss.isNaN else { continue }
            if best.map({ loss < $0.loss }) ?? true { best = (metrics.epoch, loss) }
        }
        return best
    }
}
