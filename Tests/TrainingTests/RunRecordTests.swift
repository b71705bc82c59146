// Reading run folders back: damaged metrics lines, the shown state, the run table's fields, finding runs by id.
import Foundation
import RunFolderFixtures
import Testing
@testable import Training

@Suite("Run records")
struct RunRecordTests {
    func line(_ epoch: Int, validLoss: Double = 0.5) -> String {
        #"{"epoch":\#(epoch),"seconds":1,"train_loss":0.7,"valid_accuracy":0.8,"valid_loss":\#(validLoss)}"#
    }

    @Test func corruptAndTruncatedLinesAreSkippedWithAWarning() throws {
        let lines = [line(1), "{\"epoch\":2,\"seconds\":1,\"train_lo", line(2), "not json at all", line(3),
                     #"{"epoch":4,"seconds":1,"valid_loss":0.7}"#]
        let record = try RunRecord(folder: RunFolderFixture.make(lines: lines, finished: false))
        #expect(record.history.map(\.epoch) == [1, 2, 3])
        #expect(record.warnings.count == 3)
        #expect(record.warnings[0].hasSuffix("metrics.jsonl:2: unreadable metrics line skipped (truncated or corrupt)"))
        #expect(record.warnings[1].contains("metrics.jsonl:4:") && record.warnings[2].contains("metrics.jsonl:6:"))
    }

    @Test func repeatedEpochsAreSkippedAndGapsReported() throws {
        let record = try RunRecord(folder: RunFolderFixture.make(lines: [line(1), line(2), line(2), line(5)], finished: false))
        #expect(record.history.map(\.epoch) == [1, 2, 5])
        #expect(record.warnings.count == 2)
        #expect(record.warnings[0].hasSuffix(":3: epoch 2 comes after epoch 2; line skipped"))
        #expect(record.warnings[1].hasSuffix(":4: epoch 3–4 missing before epoch 5"))
    }

    @Test func aRunningStateWithoutALiveTrainerShowsAsInterrupted() throws {
        let folder = try RunFolderFixture.make(finished: false, state: "running")
        #expect(try RunRecord(folder: folder).status == .interrupted)
        try Data("paused\n".utf8).write(to: folder.appendingPathComponent("state"))
        #expect(try RunRecord(folder: folder).status == .interrupted)
        var store: RunStore? = try RunStore(folder: folder)
        #expect(try RunRecord(folder: folder).status == .paused, "a trainer holds the run")
        #expect(throws: RunError.inUse(folder: folder.path)) { try RunStore(folder: folder) }
        #expect(store != nil)
        store = nil
        #expect(try RunRecord(folder: folder).status == .interrupted)
        try Data("stopped\n".utf8).write(to: folder.appendingPathComponent("state"))
        #expect(try RunRecord(folder: folder).status == .stopped)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("state"))
        #expect(try RunRecord(folder: folder).status == .unknown)
    }

    @Test func summaryHoldsTheTableFieldsAndEncodesAbsentOnesAsNull() throws {
        var configuration = TrainingConfiguration(model: .cnn)
        configuration.epochs = 8
        let unfinished = RunSummary.read(folder: try RunFolderFixture.make(finished: false, state: "stopped",
                                                                          configuration: configuration))
        #expect(unfinished.model == .cnn && unfinished.recipe == "seed" && unfinished.status == .stopped)
        #expect(unfinished.epochsDone == 5 && unfinished.plannedEpochs == 8)
        #expect(unfinished.bestValidation?.epoch == 3 && unfinished.bestValidation?.loss == 0.55 && unfinished.testAccuracy == nil)
        let finished = RunSummary.read(folder: try RunFolderFixture.make())
        #expect(finished.testAccuracy == 0.85 && finished.status == .finished)

        let array = try JSONSerialization.jsonObject(with: RunSummary.json([unfinished, finished])) as! [[String: Any]]
        let keys: Set = ["id", "model", "recipe", "epochs_done", "epochs_planned", "best_valid_loss", "best_epoch",
                         "test_accuracy", "state", "started",
                         "best_valid_accuracy", "last_test_accuracy", "sweep_id", "sweep_trial", "settings", "problem"]
        #expect(array.allSatisfy { Set($0.keys) == keys })
        #expect(array[0]["test_accuracy"] is NSNull && array[1]["test_accuracy"] as? Double == 0.85)
        #expect(String(decoding: try RunSummary.json([]), as: UTF8.self) == "[]")
    }

    @Test func aRecipeAndUnknownSettingsInConfigJSONAreShown() throws {
        let folder = try RunFolderFixture.make()
        let url = folder.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var configuration = config["configuration"] as! [String: Any]
        configuration["recipe"] = "improved"
        configuration["label_smoothing"] = 0.1
        configuration["future_flag"] = true
        config["configuration"] = configuration
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        let record = try RunRecord(folder: folder)
        #expect(record.recipe == "improved")
        #expect(record.configurationFields["label_smoothing"] == "0.1" && record.configurationFields["batch_size"] == "20")
        #expect(record.configurationFields["future_flag"] == "true" && record.configurationFields["full_train"] == "false")
    }

    @Test func unknownIdsListTheNearestOnes() throws {
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-locate-\(UUID().uuidString)")
        for id in ["20250101-120000-fcnn", "20250101-120500-cnn", "20250301-090000-fcnn"] {
            let folder = runs.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: folder.appendingPathComponent("config.json"))
        }
        #expect(try RunRecord.locate("20250301", in: runs).lastPathComponent == "20250301-090000-fcnn")
        #expect(try RunRecord.locate(runs.appendingPathComponent("20250101-120500-cnn").path, in: runs)
            .lastPathComponent == "20250101-120500-cnn")
        #expect(throws: RunError.unknownRun(id: "20250101-120001-fcnn", runsDirectory: runs.path,
                                            nearest: ["20250101-120000-fcnn", "20250101-120500-cnn", "20250301-090000-fcnn"])) {
            try RunRecord.locate("20250101-120001-fcnn", in: runs)
        }
        #expect(throws: RunError.unknownRun(id: "20250101", runsDirectory: runs.path,
                                            nearest: ["20250101-120000-fcnn", "20250101-120500-cnn"])) {
            try RunRecord.locate("20250101", in: runs)
        }
        let error = RunError.unknownRun(id: "x", runsDirectory: "/nowhere", nearest: [])
        #expect(error.description
            == "no run x in /nowhere; there are no runs in /nowhere (list them with `fmnist-tui runs --runs-dir '/nowhere'`)")
    }
}
