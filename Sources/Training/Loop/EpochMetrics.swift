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

    public init(epoch: Int, trainLoss: Double, validLoss: Double?, validAccuracy: Double?, seconds: Double,
                validConfusion: [[Int]]? = nil) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validLoss = validLoss
        self.validAccuracy = validAccuracy
        self.seconds = seconds
        self.validConfusion = validConfusion
    }

    /// The same epoch without its confusion matrix.
    var withoutConfusion: EpochMetrics {
        EpochMetrics(epoch: epoch, trainLoss: trainLoss, validLoss: validLoss, validAccuracy: validAccuracy, seconds: seconds)
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
