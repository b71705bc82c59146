// One completed epoch as metrics.jsonl logs it, and the best epoch of a history.

public struct EpochMetrics: Codable, Sendable, Equatable {
    public let epoch: Int
    public let trainLoss: Double
    /// Validation scores; nil when training on the full training set (no held-out split).
    public let validLoss: Double?
    public let validAccuracy: Double?
    /// Wall time of the epoch, validation included.
    public let seconds: Double

    public init(epoch: Int, trainLoss: Double, validLoss: Double?, validAccuracy: Double?, seconds: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validLoss = validLoss
        self.validAccuracy = validAccuracy
        self.seconds = seconds
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
