// Made-up run folders for `fmnist-tui bench-runs` and tests: files as a trainer writes them (config.json,
// a metrics line per epoch with its validation confusion matrix, test.json, state), settings varied as a
// sweep varies them, curves that fall like real ones. Seeded: the same call writes the same bytes.
import Foundation
import NeuralNet

public enum SyntheticRuns {
    /// Writes `count` finished runs of `epochs` epochs into `runsDirectory` (created if needed); every tenth
    /// run is stopped halfway, without test scores. Returns the run folders.
    public static func write(count: Int, epochs: Int, into runsDirectory: URL, seed: UInt64 = 1) throws -> [URL] {
        try FileManager.default.createDirectory(at: runsDirectory, withIntermediateDirectories: true)
        var rng = SplitMix64(seed: seed)
        let firstStart = Date(timeIntervalSince1970: 1_735_689_600)   // 2025-01-01 00:00 UTC
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        var folders = [URL]()
        for index in 0..<count {
            var configuration = TrainingConfiguration(model: index % 2 == 0 ? .cnn : .fcnn,
                                                      recipe: index % 3 == 0 ? .improved : .seed)
            configuration.epochs = epochs
            configuration.learningRate = [1e-3, 3e-4, 1e-4][index % 3]
            configuration.seed = UInt64(index % 5)
            let started = firstStart.addingTimeInterval(Double(index) * 600)
            let folder = runsDirectory.appendingPathComponent("\(formatter.string(from: started))-\(configuration.model.rawValue)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            let sweep = index % 4 == 0 ? "sweep-\(index / 100)" : nil
            let settings = RunSettings(configuration: configuration, dataFiles: [], program: RunSettings.programVersion,
                                       started: started, sweepID: sweep, sweepTrial: sweep.map { _ in index % 100 })
            try RunJSON.encode(settings).write(to: folder.appendingPathComponent("config.json"))

            let finished = index % 10 != 9
            let done = finished ? epochs : epochs / 2
            let skill = 0.84 + 0.08 * Double(rng.next() % 1000) / 1000   // the accuracy the run levels off at
            var log = Data()
            for epoch in stride(from: 1, through: done, by: 1) {
                let progress = 1 - exp(-Double(epoch) / 6)
                let accuracy = 0.7 + (skill - 0.7) * progress
                let noise = Double(rng.next() % 1000) / 100_000
                let validation = evaluation(accuracy: accuracy, images: 1_200, loss: 0.9 - 0.65 * progress + noise)
                let metrics = EpochMetrics(epoch: epoch, trainLoss: 0.8 - 0.6 * progress, validLoss: validation.loss,
                                           validAccuracy: validation.accuracy, seconds: 4 + noise * 100,
                                           validConfusion: validation.confusion)
                log += try RunJSON.encode(metrics, pretty: false) + Data([0x0A])
            }
            try log.write(to: folder.appendingPathComponent("metrics.jsonl"))
            if finished {
                let scores = TestScores(bestEpoch: done, test: evaluation(accuracy: skill, images: 1_000, loss: 0.3),
                                        lastTest: evaluation(accuracy: skill - 0.002, images: 1_000, loss: 0.31))
                try RunJSON.encode(scores).write(to: folder.appendingPathComponent("test.json"))
            }
            try Data(((finished ? "finished" : "stopped") + "\n").utf8).write(to: folder.appendingPathComponent("state"))
            folders.append(folder)
        }
        return folders
    }

    /// A 10-class confusion matrix of `images` a class with `accuracy` of each on the diagonal and the
    /// rest spread over the next two classes.
    static func evaluation(accuracy: Double, images: Int, loss: Double) -> Evaluation {
        let right = Int((accuracy * Double(images)).rounded())
        let confusion = (0..<10).map { label in
            (0..<10).map { predicted -> Int in
                if predicted == label { return right }
                if predicted == (label + 1) % 10 { return (images - right + 1) / 2 }
                return predicted == (label + 2) % 10 ? (images - right) / 2 : 0
            }
        }
        return Evaluation(loss: loss, correct: 10 * right, total: 10 * images, confusion: confusion)
    }
}
