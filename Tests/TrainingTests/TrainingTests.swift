// Training on real data slices: it learns, it is reproducible, and it leaves a run folder.
import FashionMNIST
import Foundation
import NeuralNet
import Testing
@testable import Training

let dataAvailable = FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory)

/// Loaded once for all tests.
let fullData = Result { try FashionMNIST.load(from: FashionMNIST.defaultDirectory) }

/// Real data cut short: the first 15,000 training images (so the split holds out 3,000 for
/// validation) and the first `testCount` test images.
func realData(testCount: Int) throws -> FashionMNIST {
    let full = try fullData.get()
    return FashionMNIST(train: full.train.subset(0..<15_000), test: full.test.subset(0..<testCount), files: full.files)
}

func temporaryRunsFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-runs-\(UUID().uuidString)")
}

@Suite("Training", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct TrainingTests {
    @Test func fcnnLearnsFromTwoThousandImages() throws {
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 2
        configuration.trainLimit = 2_000
        let trainer = Trainer(configuration: configuration, dataset: try realData(testCount: 1_000))
        let report = try #require(try trainer.run { _ in })
        #expect(report.test.total == 1_000)
        #expect(report.test.accuracy > 0.70, "test accuracy \(report.test.accuracy)")
        #expect(trainer.history.count == 2 && trainer.history[1].trainLoss < trainer.history[0].trainLoss)
    }

    @Test(arguments: ModelKind.allCases)
    func sameSeedGivesBitIdenticalLosses(kind: ModelKind) throws {
        var configuration = TrainingConfiguration(model: kind)
        configuration.epochs = 2
        configuration.trainLimit = 300
        configuration.seed = 42
        let data = try realData(testCount: 200)
        func losses() throws -> [Double] {
            let trainer = Trainer(configuration: configuration, dataset: data)
            try trainer.run { _ in }
            return trainer.history.flatMap { [$0.trainLoss, $0.validLoss ?? .nan] }
        }
        let first = try losses(), second = try losses()
        #expect(first == second)
        configuration.seed = 43
        #expect(try losses() != first, "another seed gives another run")
    }

    @Test func runFolderHoldsSettingsMetricsAndScores() throws {
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 2
        configuration.trainLimit = 200
        let data = try realData(testCount: 100)
        let runs = temporaryRunsFolder()
        let store = try RunStore(runsDirectory: runs, configuration: configuration, dataFiles: data.files)
        try Trainer(configuration: configuration, dataset: data, runStore: store).run { _ in }
        let folder = store.folder
        #expect(folder.lastPathComponent.hasSuffix("-fcnn"))
        let lines = try String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(first["epoch"] as? Int == 1 && first["valid_loss"] is Double)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config.json"))) as! [String: Any]
        #expect((config["configuration"] as? [String: Any])?["batch_size"] as? Int == 20)
        let scores = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("test.json"))) as! [String: Any]
        #expect((scores["test"] as? [String: Any])?["total"] as? Int == 100)
        #expect(try String(contentsOf: folder.appendingPathComponent("state"), encoding: .utf8) == "finished\n")
        // A second run in the same second gets its own folder.
        let again = try RunStore(runsDirectory: runs, configuration: configuration, dataFiles: [], date: Date())
        #expect(again.folder != folder)
    }
}

@Suite("Data split")
struct DataSplitTests {
    @Test func heldOutTwelveThousandDisjointAndSeeded() {
        let split = DataSplit(total: 60_000, seed: 0)
        #expect(split.validationIndices.count == 12_000 && split.trainIndices.count == 48_000)
        #expect(Set(split.validationIndices).isDisjoint(with: split.trainIndices))
        #expect(Set(split.validationIndices + split.trainIndices).count == 60_000)
        #expect(split == DataSplit(total: 60_000, seed: 0))
        #expect(split != DataSplit(total: 60_000, seed: 1))
        let limited = DataSplit(total: 60_000, seed: 0, trainLimit: 1_000)
        #expect(limited.trainIndices == Array(split.trainIndices.prefix(1_000)))
        #expect(limited.validationIndices == split.validationIndices)
    }

    @Test func configurationRejectsBadValuesNamingTheFlag() {
        var configuration = TrainingConfiguration(model: .cnn)
        configuration.batchSize = 0
        #expect(throws: ConfigurationError.invalid(flag: "--batch-size", value: "0",
                                                   reason: "must be between 1 and 60000 (the training images)")) {
            try configuration.validate()
        }
        configuration.batchSize = 20
        configuration.learningRate = -0.1
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }

    /// Found by the reliability review: a huge --epochs overflowed the schedule's step count (a trap), a huge
    /// --batch-size or --threads tried to allocate buffers or start threads without end.
    @Test func configurationRejectsValuesTooLargeToRun() {
        let tooLarge: [(WritableKeyPath<TrainingConfiguration, Int>, String, Int)] = [
            (\.epochs, "--epochs", 100_001), (\.batchSize, "--batch-size", 60_001), (\.threads, "--threads", 257),
            (\.epochs, "--epochs", Int.max), (\.batchSize, "--batch-size", Int.max), (\.threads, "--threads", 1 << 40),
        ]
        for (path, flag, value) in tooLarge {
            var configuration = TrainingConfiguration(model: .fcnn)
            configuration[keyPath: path] = value
            #expect(throws: ConfigurationError.self) { try configuration.validate() }
            do { try configuration.validate() } catch { #expect(error.description.hasPrefix("\(flag) \(value): must be between 1 and")) }
        }
        var largest = TrainingConfiguration(model: .fcnn)
        (largest.epochs, largest.batchSize, largest.threads) = (100_000, 60_000, 256)
        #expect(throws: Never.self) { try largest.validate() }
    }
}

@Suite("Improved recipe training", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct ImprovedTrainingTests {
    @Test func fullTrainHasNoValidationAndScoresTheLastWeights() throws {
        var configuration = TrainingConfiguration(model: .cnn, recipe: .improved)
        configuration.epochs = 2
        configuration.trainLimit = 512
        configuration.fullTrain = true
        let trainer = Trainer(configuration: configuration, dataset: try realData(testCount: 300))
        #expect(trainer.split.validationIndices.isEmpty && trainer.split.trainIndices.count == 512)
        let report = try #require(try trainer.run { _ in })
        #expect(trainer.history.allSatisfy { $0.validLoss == nil && $0.validAccuracy == nil })
        #expect(report.bestEpoch == 2 && report.test == report.lastTest)
        // 8 steps (2 epochs of 4 batches), warm-up 4: the last step ran at the schedule's rate for step 7.
        let lastRate = LearningRateSchedule.warmupCosine.rate(step: 7, totalSteps: 8, warmupSteps: 4, peak: 1e-3)
        #expect(trainer.optimizer.step == 8 && abs(Double(trainer.optimizer.learningRate) - lastRate) < 1e-9)
    }
}

@Suite("Pausing", .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct PauseTests {
    @Test func aPausedTrainerWaitsAndItsRunSaysPaused() throws {
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.epochs = 1
        configuration.trainLimit = 200
        let data = try realData(testCount: 100)
        let store = try RunStore(runsDirectory: temporaryRunsFolder(), configuration: configuration, dataFiles: [])
        let trainer = Trainer(configuration: configuration, dataset: data, runStore: store)
        let stateFile = store.folder.appendingPathComponent("state")
        func state() -> String { (try? String(contentsOf: stateFile, encoding: .utf8)) ?? "" }
        trainer.control.pause()
        let done = Locked(false)
        let thread = Thread { _ = try? trainer.run { _ in }; done.set(true) }
        thread.start()
        let deadline = Date().addingTimeInterval(20)
        while state() != "paused\n", Date() < deadline { usleep(10_000) }
        #expect(state() == "paused\n")
        #expect(trainer.history.isEmpty && !done.get(), "no epoch completes while paused")
        trainer.control.resume()
        while !done.get(), Date() < deadline { usleep(10_000) }
        #expect(done.get() && trainer.history.count == 1)
        #expect(state() == "finished\n")
    }
}

/// A value shared with a thread.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ newValue: Value) { lock.lock(); value = newValue; lock.unlock() }
}
