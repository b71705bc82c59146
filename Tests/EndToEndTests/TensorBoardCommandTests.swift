// `--tensorboard` end to end: event files written live and by export, read back with TensorBoard's own Python
// reader and checked value by value against the run folder; and the refusal to mix two runs in one folder.
import Foundation
import Testing

@Suite("TensorBoard event files", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct TensorBoardCommandTests {
    /// Trains a tiny FCNN run with `--tensorboard`; returns the runs folder, the log folder and the run id.
    private func trainTinyRun(epochs: Int) async throws -> (runs: URL, log: URL, id: String) {
        let runs = temporaryFolder("runs"), log = temporaryFolder("tensorboard")
        let result = try await CommandRunner.run(["train", "--model", "fcnn", "--epochs", "\(epochs)", "--train-limit", "400",
                                            "--json", "--runs-dir", runs.path, "--tensorboard", log.path])
        try #require(result.status == 0, "\(result.standardError)")
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        return (runs, log, id)
    }

    @Test(.enabled(if: PythonTensorBoard.usable, "TensorBoard could not be installed from PyPI"))
    func liveAndExportedEventsHoldEveryValueOfTheRun() async throws {
        let (runs, log, id) = try await trainTinyRun(epochs: 2)
        let run = runs.appendingPathComponent(id)
        let live = try await PythonTensorBoard.read(log.appendingPathComponent(id))
        try RunFolderExpectations(run).check(live)

        let exportLog = temporaryFolder("tensorboard-export")
        let export = try await CommandRunner.run(["export", id, "--tensorboard", exportLog.path, "--runs-dir", runs.path])
        #expect(export.status == 0, "\(export.standardError)")
        #expect(export.standardOutput.contains("test scores, confusion matrix, hyperparameters"))
        #expect(export.standardOutput.contains("tensorboard --logdir \(exportLog.path)"))
        let exported = try await PythonTensorBoard.read(exportLog.appendingPathComponent(id))
        try RunFolderExpectations(run).check(exported)
        #expect(NSDictionary(dictionary: exported["scalars"] as! [String: Any])
            .isEqual(to: live["scalars"] as! [String: Any]), "export and live writer disagree")
    }

    /// A run resumed with `--tensorboard` keeps one event file, holding every epoch once.
    @Test(.enabled(if: PythonTensorBoard.usable, "TensorBoard could not be installed from PyPI"))
    func aResumedRunContinuesItsEvents() async throws {
        let (runs, log, id) = try await trainTinyRun(epochs: 1)
        let resumed = try await CommandRunner.run(["resume", id, "--epochs", "2", "--json", "--runs-dir", runs.path,
                                             "--tensorboard", log.path])
        try #require(resumed.status == 0, "\(resumed.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: log.appendingPathComponent(id).path)
        #expect(files.count == 1 && files[0].contains("tfevents") && files[0].hasSuffix("." + id), "\(files)")
        try RunFolderExpectations(runs.appendingPathComponent(id)).check(await PythonTensorBoard.read(log.appendingPathComponent(id)))
    }

    @Test func exportRefusesAFolderHoldingAnotherRunsEventsUnlessForced() async throws {
        let (runs, _, id) = try await trainTinyRun(epochs: 1)
        let log = temporaryFolder("tensorboard-mixed")
        let folder = log.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let foreign = folder.appendingPathComponent("events.out.tfevents.1700000000.elsewhere.4242.0")
        try Data("someone else's run".utf8).write(to: foreign)

        let refused = try await CommandRunner.run(["export", id, "--tensorboard", log.path, "--runs-dir", runs.path])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("\(folder.path) already holds event files of another run")
            && refused.standardError.contains("--force"), "\(refused.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [foreign.lastPathComponent])

        let forced = try await CommandRunner.run(["export", id, "--tensorboard", log.path, "--force", "--runs-dir", runs.path])
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(forced.standardOutput.contains("removed 1 event files of another run"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1 && files[0].hasSuffix("." + id))

        let neither = try await CommandRunner.run(["export", id, "--runs-dir", runs.path])
        #expect(neither.status != 0 && neither.standardError.contains("--out DIR, --tensorboard DIR or both"))
    }
}

/// What TensorBoard must show for a run folder: metrics.jsonl per epoch, test.json (once finished), config.json's settings.
struct RunFolderExpectations {
    let configuration: [String: Any]
    let epochs: [[String: Any]]
    let test: [String: Any]?

    init(_ run: URL) throws {
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json")))
        configuration = try #require((config as? [String: Any])?["configuration"] as? [String: Any])
        let lines = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        epochs = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        test = (try? Data(contentsOf: run.appendingPathComponent("test.json")))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// TensorBoard stores scalars as 32-bit floats: compare at that precision, exactly.
    private func expectSeries(_ scalars: [String: Any], _ tag: String, _ expected: [(Int, Double)]) {
        let points = (scalars[tag] as? [[Double]]) ?? []
        #expect(points.map { Int($0[0]) } == expected.map(\.0), "\(tag) steps")
        #expect(points.map { Float($0[1]) } == expected.map { Float($0.1) }, "\(tag) values")
    }

    func check(_ read: [String: Any]) throws {
        let scalars = try #require(read["scalars"] as? [String: Any])
        func series(_ key: String) -> [(Int, Double)] { epochs.map { ($0["epoch"] as! Int, $0[key] as! Double) } }
        expectSeries(scalars, "train/loss", series("train_loss"))
        expectSeries(scalars, "valid/loss", series("valid_loss"))
        expectSeries(scalars, "valid/accuracy", series("valid_accuracy"))
        expectSeries(scalars, "train/learning_rate", series("learning_rate"))
        expectSeries(scalars, "train/images_per_second", series("images_per_second"))
        var best = Double.infinity
        expectSeries(scalars, "valid/best_loss", series("valid_loss").map { best = min(best, $0.1); return ($0.0, best) })

        try checkHyperparameters(try #require(read["hparams"] as? [String: Any]), finished: test != nil)
        guard let test else {
            #expect(!scalars.keys.contains { $0.hasPrefix("test") }, "an unfinished run has no test scores")
            return
        }
        let lastEpoch = epochs.last!["epoch"] as! Int
        let scored = try #require(test["test"] as? [String: Any]), last = try #require(test["last_test"] as? [String: Any])
        func accuracy(_ evaluation: [String: Any]) -> Double { Double(evaluation["correct"] as! Int) / Double(evaluation["total"] as! Int) }
        expectSeries(scalars, "test/accuracy", [(lastEpoch, accuracy(scored))])
        expectSeries(scalars, "test/loss", [(lastEpoch, scored["loss"] as! Double)])
        expectSeries(scalars, "test/last_weights_accuracy", [(lastEpoch, accuracy(last))])
        expectSeries(scalars, "test/last_weights_loss", [(lastEpoch, last["loss"] as! Double)])
        let confusion = try #require(scored["confusion"] as? [[Int]])
        expectSeries(scalars, "test_class_accuracy/Ankle boot", [(lastEpoch, Double(confusion[9][9]) / Double(confusion[9].reduce(0, +)))])
        #expect(scalars.keys.filter { $0.hasPrefix("test_class_accuracy/") }.count == 10)

        let images = try #require((read["images"] as? [String: Any])?["test/confusion_matrix"] as? [[String: Any]])
        #expect(images.count == 1 && images[0]["step"] as? Int == lastEpoch && images[0]["png_ok"] as? Bool == true)
        #expect(images[0]["width"] as? Int == 426 && images[0]["height"] as? Int == 286)
    }

    private func checkHyperparameters(_ hparams: [String: Any], finished: Bool) throws {
        let experiment = try #require(hparams["experiment"] as? [String: Any])
        let declared = try #require(experiment["hparams"] as? [String: Int])
        #expect(Set(declared.keys) == Set(configuration.keys), "every setting of config.json is an hparam")
        #expect(declared["model"] == 1 && declared["normalize_inputs"] == 2 && declared["learning_rate"] == 3)
        #expect(experiment["metrics"] as? [String] == ["valid/best_loss", "test/accuracy"])
        let values = try #require(hparams["session_start"] as? [String: Any])
        #expect(Set(values.keys) == Set(configuration.keys))
        for (name, value) in configuration {
            // Numbers and true/false as numbers (Foundation reads JSON booleans as numbers), text as text.
            let read = values[name] as? NSNumber, saved = value as? NSNumber
            #expect(read != nil ? read?.doubleValue == saved?.doubleValue : values[name] as? String == value as? String,
                    "\(name): \(values[name] ?? "missing") against config.json's \(value)")
        }
        #expect(hparams["session_end"] as? Int == (finished ? 1 : nil), "status success once finished, none before")
    }
}
