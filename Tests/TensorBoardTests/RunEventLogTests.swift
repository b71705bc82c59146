// A run's event log: what it writes and reads back, one file per run, and never a folder shared with another run.
import Foundation
import SwiftProtobuf
import Testing
@testable import NeuralNet
@testable import TensorBoard
@testable import Training

@Suite("run event log")
struct RunEventLogTests {
    static let history = [
        EpochMetrics(epoch: 1, trainLoss: 0.9, validLoss: 0.6, validAccuracy: 0.8, seconds: 10, learningRate: 0.001,
                     imagesPerSecond: 5000),
        EpochMetrics(epoch: 2, trainLoss: 0.5, validLoss: 0.7, validAccuracy: 0.79, seconds: 11, learningRate: 0.0005,
                     imagesPerSecond: 5100),
        EpochMetrics(epoch: 3, trainLoss: 0.4, validLoss: 0.55, validAccuracy: 0.82, seconds: 12),   // an older run's line
    ]
    static let evaluation = Evaluation(loss: 0.5, correct: 8, total: 10, confusion: (0..<10).map { row in
        (0..<10).map { row == $0 ? (row < 8 ? 1 : 0) : (row >= 8 && $0 == 0 ? 1 : 0) }
    })

    private func logDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-tb-\(UUID().uuidString)")
    }

    private func events(in folder: URL) throws -> [Tensorboard_Event] {
        let files = RunEventLog.eventFiles(in: folder)
        try #require(files.count == 1, "\(files)")
        return try EventFileReader.events(in: folder.appendingPathComponent(files[0]))
    }

    @Test func writesHyperparametersEpochsTestScoresAndTheImage() throws {
        var configuration = TrainingConfiguration(model: .cnn, recipe: .improved)
        configuration.trainLimit = 500
        let log = try RunEventLog(logDirectory: logDirectory(), runID: "20250101-000000-cnn", removeForeign: false,
                                  forceAllowed: true)
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        try log.begin(configuration, runFolder: URL(fileURLWithPath: "/runs/x"), started: started, history: Self.history)
        try log.finish(best: Self.evaluation, last: Self.evaluation, epoch: 3, wallTime: 1_700_000_100)
        let events = try events(in: log.folder)

        #expect(events[0].fileVersion == "brain.Event:2" && events[0].sourceMetadata.writer == "fmnist-tui 0.1.0")
        let scalars = EventFileReader.scalars(events)
        #expect(scalars["train/loss"]!.map(\.step) == [1, 2, 3])
        #expect(scalars["train/loss"]!.map(\.value) == [0.9, 0.5, 0.4])
        #expect(scalars["valid/best_loss"]!.map(\.value) == [0.6, 0.6, 0.55])
        #expect(scalars["train/learning_rate"]!.map(\.step) == [1, 2])   // epoch 3's line has none
        #expect(scalars["train/images_per_second"]!.map(\.value) == [5000, 5100])
        #expect(scalars["test/accuracy"]!.map(\.step) == [3] && scalars["test/accuracy"]![0].value == 0.8)
        #expect(scalars["test_class_accuracy/Bag"]![0].value == 0 && scalars["test_class_accuracy/Coat"]![0].value == 1)
        // Epoch k is stamped with the start plus the seconds of epochs 1…k.
        let stamped = events.filter { $0.summary.value.contains { $0.tag == "train/loss" } }.map(\.wallTime)
        #expect(stamped == [1_700_000_010, 1_700_000_021, 1_700_000_033])

        let image = try #require(events.flatMap(\.summary.value).first { $0.tag == "test/confusion_matrix" })
        #expect(image.image.width == 426 && image.image.height == 286 && image.image.colorspace == 3)
        #expect(image.metadata.pluginData.pluginName == "images")

        let plugin = events.flatMap(\.summary.value).filter { $0.metadata.pluginData.pluginName == "hparams" }
        #expect(plugin.map(\.tag) == [HParams.experimentTag, HParams.sessionStartTag, HParams.sessionEndTag])
        #expect(plugin.allSatisfy { $0.tensor.dtype == .dtFloat && $0.tensor.tensorShape.dim.map(\.size) == [0] })
        let data = try plugin.map { try Tensorboard_Hparams_HParamsPluginData(serializedBytes: [UInt8]($0.metadata.pluginData.content)) }
        #expect(data.allSatisfy { $0.version == 0 })
        #expect(data[0].experiment.metricInfos.map(\.name.tag) == ["valid/best_loss", "test/accuracy"])
        let start = data[1].sessionStartInfo
        #expect(start.hparams["model"]?.stringValue == "cnn" && start.hparams["batch_size"]?.numberValue == 128)
        #expect(start.hparams["normalize_inputs"]?.boolValue == true && start.hparams["train_limit"]?.numberValue == 500)
        #expect(start.modelUri == "/runs/x" && start.startTimeSecs == 1_700_000_000)
        #expect(data[2].sessionEndInfo.status == .success)
    }

    /// The hyperparameters are config.json's settings, by the same names.
    @Test func hyperparametersAreTheConfigurationsFields() throws {
        var configuration = TrainingConfiguration(model: .fcnn)
        configuration.trainLimit = 100
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let fields = try #require(try JSONSerialization.jsonObject(with: encoder.encode(configuration)) as? [String: Any])
        #expect(Set(HParams.values(of: configuration).keys) == Set(fields.keys))
        #expect(HParams.values(of: TrainingConfiguration(model: .fcnn))["train_limit"] == nil)
    }

    @Test func refusesAFolderHoldingAnotherRunsEventFilesUnlessToldToRemoveThem() throws {
        let directory = logDirectory()
        let folder = directory.appendingPathComponent("20250101-000000-fcnn")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let foreign = "events.out.tfevents.1700000000.host.42.0"
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent(foreign))
        #expect(throws: TensorBoardError.foreignEventFiles(folder: folder.path, files: [foreign], forceAllowed: true)) {
            try RunEventLog(logDirectory: directory, runID: "20250101-000000-fcnn", removeForeign: false, forceAllowed: true)
        }
        #expect(RunEventLog.eventFiles(in: folder) == [foreign])
        let log = try RunEventLog(logDirectory: directory, runID: "20250101-000000-fcnn", removeForeign: true, forceAllowed: true)
        #expect(log.removedForeignFiles == [foreign])
        #expect(RunEventLog.eventFiles(in: folder) == [log.file.url.lastPathComponent])
    }

    @Test func aNewLogOfTheSameRunReplacesTheOlderFile() throws {
        let directory = logDirectory(), configuration = TrainingConfiguration(model: .fcnn)
        let first = try RunEventLog(logDirectory: directory, runID: "r", removeForeign: false, forceAllowed: false)
        try first.begin(configuration, runFolder: nil, started: Date(), history: Array(Self.history.prefix(1)))
        let second = try RunEventLog(logDirectory: directory, runID: "r", removeForeign: false, forceAllowed: false)
        #expect(RunEventLog.eventFiles(in: second.folder).count == 2)
        try second.begin(configuration, runFolder: nil, started: Date(), history: Self.history)
        #expect(RunEventLog.eventFiles(in: second.folder) == [second.file.url.lastPathComponent])
        #expect(EventFileReader.scalars(try events(in: second.folder))["train/loss"]!.map(\.step) == [1, 2, 3])
    }
}
