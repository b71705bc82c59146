// Every setting of a training run, as recorded in the run's config.json.
import NeuralNet

public struct TrainingConfiguration: Codable, Sendable, Equatable {
    public var model: ModelKind
    public var epochs = 50
    public var batchSize = 20
    public var learningRate = 1e-3
    public var seed: UInt64 = 0
    /// Train on the first N of the 48k training images only (tests, quick looks).
    public var trainLimit: Int?
    /// Threads of the trainer's compute pool.
    public var threads = 2

    public init(model: ModelKind) { self.model = model }

    /// Checks values a user can get wrong; the message names the flag.
    public func validate() throws(ConfigurationError) {
        if epochs < 1 { throw .invalid(flag: "--epochs", value: "\(epochs)", reason: "must be at least 1") }
        if batchSize < 1 { throw .invalid(flag: "--batch-size", value: "\(batchSize)", reason: "must be at least 1") }
        if !(learningRate > 0) || !learningRate.isFinite {
            throw .invalid(flag: "--lr", value: "\(learningRate)", reason: "must be a positive number such as 0.001")
        }
        if let trainLimit, trainLimit < 1 {
            throw .invalid(flag: "--train-limit", value: "\(trainLimit)", reason: "must be at least 1")
        }
        if threads < 1 { throw .invalid(flag: "--threads", value: "\(threads)", reason: "must be at least 1") }
    }
}

public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case invalid(flag: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let flag, let value, let reason): return "\(flag) \(value): \(reason)"
        }
    }
}
