// The seeded 48k/12k train/validation split of the 60k training images.
import NeuralNet

public struct DataSplit: Sendable, Codable, Equatable {
    public static let validationCount = 12_000
    /// Indices into the 60k training images.
    public let trainIndices: [Int]
    public let validationIndices: [Int]

    /// Shuffles 0..<total once with `seed`; the first 12k are held out for validation, the rest
    /// trained on (the first `trainLimit` of them when given). `fullTrain` trains on all of them.
    public init(total: Int, seed: UInt64, trainLimit: Int? = nil, fullTrain: Bool = false) {
        var rng = SplitMix64(seed: seed ^ 0x5EED_5B11_7000_0000)
        var order = Array(0..<total)
        order.shuffle(using: &rng)
        let heldOut = fullTrain ? 0 : min(Self.validationCount, total / 5)
        validationIndices = Array(order[..<heldOut])
        let train = order[heldOut...]
        trainIndices = Array(train.prefix(trainLimit ?? train.count))
    }
}
