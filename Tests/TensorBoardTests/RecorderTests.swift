// The live writer fed a trainer's events: a resumed run's earlier epochs first, each new epoch, the test at the end.
import Foundation
import Testing
@testable import NeuralNet
@testable import TensorBoard
@testable import Training

@Suite("live recorder")
struct RecorderTests {
    @Test func writesWhatTheEventsSayInOneFileOfTheRun() throws {
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-tb-\(UUID().uuidString)")
        let runFolder = URL(fileURLWithPath: "/nonexistent/20250101-000000-fcnn")
        let failures = Failures()
        let recorder = try TensorBoardRecorder(logDirectory: logDirectory, runFolder: runFolder, onFailure: failures.add)
        let history = Array(RunEventLogTests.history.prefix(2))
        let configuration = TrainingConfiguration(model: .fcnn)
        recorder.record(.started(TrainingStart(model: .fcnn, configuration: configuration, runFolder: runFolder,
                                               batchesPerEpoch: 10, completedEpochs: 2, history: history)))
        recorder.record(.progress(BatchProgress(model: .fcnn, epoch: 3, batch: 1, batchesPerEpoch: 10, runningLoss: 1,
                                                imagesPerSecond: 1)))
        let third = EpochMetrics(epoch: 3, trainLoss: 0.3, validLoss: 0.5, validAccuracy: 0.85, seconds: 9,
                                 learningRate: 0.001, imagesPerSecond: 4000)
        recorder.record(.epochFinished(EpochReport(model: .fcnn, metrics: third, validation: nil, isBest: true, bestEpoch: 3,
                                                   bestValidLoss: 0.5, testPreview: nil)))
        let evaluation = RunEventLogTests.evaluation
        recorder.record(.finished(FinalReport(model: .fcnn, bestEpoch: 3, test: evaluation, lastTest: evaluation,
                                              testPredictions: Predictions(probabilities: []), runFolder: runFolder)))
        #expect(failures.all.isEmpty)

        let files = RunEventLog.eventFiles(in: recorder.folder)
        #expect(files.count == 1 && files[0].hasSuffix(".20250101-000000-fcnn"))
        let events = try EventFileReader.events(in: recorder.folder.appendingPathComponent(files[0]))
        let scalars = EventFileReader.scalars(events)
        #expect(scalars["train/loss"]!.map(\.step) == [1, 2, 3] && scalars["train/loss"]![2].value == 0.3)
        #expect(scalars["valid/best_loss"]!.map(\.value) == [0.6, 0.6, 0.5])
        #expect(scalars["test/accuracy"]!.map(\.step) == [3])
        let ends = events.flatMap(\.summary.value).filter { $0.tag == HParams.sessionEndTag }
        #expect(ends.count == 1)
    }

    @Test func aForeignFolderIsRefusedBeforeTrainingWithoutAForceHint() throws {
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-tb-\(UUID().uuidString)")
        let folder = logDirectory.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("events.out.tfevents.1.host.other"))
        do {
            _ = try TensorBoardRecorder(logDirectory: logDirectory, runFolder: URL(fileURLWithPath: "/x/run"), onFailure: { _ in })
            Issue.record("a folder with another run's events was accepted")
        } catch {
            #expect("\(error)".contains("already holds event files of another run") && !"\(error)".contains("--force"))
        }
    }
}

/// Failure messages a recorder reported, from any thread.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages = [String]()
    func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}
