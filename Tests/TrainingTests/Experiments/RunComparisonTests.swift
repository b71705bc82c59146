// Comparing two runs, checked on a small case worked out by hand.
import Foundation
import NeuralNet
import Testing
@testable import Training

@Suite("Run comparison")
struct RunComparisonTests {
    static func run(_ id: String, lr: String, seed: String, confusion: [[Int]]?) -> RunSummary {
        let scores = confusion.map { matrix in
            let evaluation = Evaluation(loss: 0.3, correct: (0..<matrix.count).map { matrix[$0][$0] }.reduce(0, +),
                                        total: matrix.joined().reduce(0, +), confusion: matrix)
            return TestScores(bestEpoch: 1, test: evaluation, lastTest: evaluation)
        }
        return RunSummary(id: id, folder: URL(fileURLWithPath: "/runs/\(id)"), model: .cnn, recipe: "seed", plannedEpochs: 50,
                          settings: ["learning_rate": lr, "seed": seed, "batch_size": "20"], history: [], status: .finished,
                          scores: scores)
    }

    /// Three classes of 10 images. A: [[8,2,0],[1,9,0],[0,3,7]]; B: [[9,1,0],[2,8,0],[0,1,9]].
    /// B − A = [[1,-1,0],[1,-1,0],[0,-2,2]]; per class B − A: +0.1, −0.1, +0.2.
    /// Positive is better for B: [[1,1,0],[-1,-1,0],[0,2,2]] (B confuses class 1 for 0 once more: −1).
    @Test func aSmallCaseByHand() throws {
        let a = Self.run("a", lr: "0.001", seed: "0", confusion: [[8, 2, 0], [1, 9, 0], [0, 3, 7]])
        let b = Self.run("b", lr: "0.0003", seed: "0", confusion: [[9, 1, 0], [2, 8, 0], [0, 1, 9]])
        let comparison = RunComparison(a, b)
        #expect(comparison.settings == [RunComparison.SettingChange(key: "lr", a: "0.001", b: "0.0003")])
        #expect(comparison.confusionDifference == [[1, -1, 0], [1, -1, 0], [0, -2, 2]])
        #expect(comparison.confusionImprovement == [[1, 1, 0], [-1, -1, 0], [0, 2, 2]])
        let deltas = try #require(comparison.perClassAccuracyDelta)
        #expect(zip(deltas, [0.1, -0.1, 0.2]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(deltas)")
    }

    @Test func withoutTestScoresOnlySettingsCompare() {
        let a = Self.run("a", lr: "0.001", seed: "0", confusion: [[1]])
        let b = Self.run("b", lr: "0.001", seed: "1", confusion: nil)
        let comparison = RunComparison(a, b)
        #expect(comparison.settings == [RunComparison.SettingChange(key: "seed", a: "0", b: "1")])
        #expect(comparison.confusionDifference == nil && comparison.perClassAccuracyDelta == nil)
        #expect(RunComparison(a, a).settings.isEmpty)
    }
}
