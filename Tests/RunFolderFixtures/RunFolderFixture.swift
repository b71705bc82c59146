// Run folders written by hand for tests of Training and Reports: chosen metrics lines, scores and state, no training.
import Foundation
import NeuralNet
import Training

public enum RunFolderFixture {
    /// Epochs whose validation loss bottoms out at epoch 3 of 5.
    public static let history = [(1.20, 0.90), (0.80, 0.70), (0.60, 0.55), (0.50, 0.58), (0.45, 0.61)].enumerated().map {
        EpochMetrics(epoch: $0.offset + 1, trainLoss: $0.element.0, validLoss: $0.element.1,
                     validAccuracy: 0.6 + 0.05 * Double($0.offset), seconds: 1.5)
    }

    /// A confusion matrix of 100 images a class, `right` of them on the diagonal, the rest one class on.
    public static func evaluation(right: Int) -> Evaluation {
        let confusion = (0..<10).map { label in
            (0..<10).map { predicted in predicted == label ? right : predicted == (label + 1) % 10 ? 100 - right : 0 }
        }
        return Evaluation(loss: 0.4, correct: 10 * right, total: 1_000, confusion: confusion)
    }

    /// A run folder in a new runs directory with `lines` as metrics.jsonl (default: `history`), and
    /// test.json when `finished`. Returns the folder; no lock is held.
    public static func make(lines: [String]? = nil, finished: Bool = true, state: String = "finished",
                     configuration: TrainingConfiguration = TrainingConfiguration(model: .fcnn)) throws -> URL {
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-fixture-\(UUID().uuidString)")
        let folder = try RunStore(runsDirectory: runs, configuration: configuration, dataFiles: []).folder
        let text = try lines ?? history.map { String(decoding: try RunJSON.encode($0, pretty: false), as: UTF8.self) }
        try Data(text.map { $0 + "\n" }.joined().utf8).write(to: folder.appendingPathComponent("metrics.jsonl"))
        if finished {
            let scores = TestScores(bestEpoch: 3, test: evaluation(right: 85), lastTest: evaluation(right: 80))
            try RunStore.writeAtomically(RunJSON.encode(scores), to: folder.appendingPathComponent("test.json"))
        }
        try Data((state + "\n").utf8).write(to: folder.appendingPathComponent("state"))
        return folder
    }
}
