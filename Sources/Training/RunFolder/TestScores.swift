// test.json of a finished run: the test set scored with the best and with the last weights.

public struct TestScores: Codable, Sendable, Equatable {
    public let bestEpoch: Int
    public let test: Evaluation
    public let lastTest: Evaluation

    public init(bestEpoch: Int, test: Evaluation, lastTest: Evaluation) {
        self.bestEpoch = bestEpoch
        self.test = test
        self.lastTest = lastTest
    }
}
