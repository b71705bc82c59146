// The runs watcher in one process: runs appearing, growing a line at a time, ending and going; what it reads
// again and what not; damaged and odd folders; and that it writes nothing.
import Foundation
import NeuralNet
import Testing
@testable import Training

@Suite("Runs watcher")
final class RunsWatcherTests {
    let runs = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-watch-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: runs) }

    static func line(_ epoch: Int, validLoss: Double = 0.5) -> String {
        #"{"epoch":\#(epoch),"seconds":1,"train_loss":0.7,"valid_accuracy":0.8,"valid_loss":\#(validLoss)}"# + "\n"
    }

    func append(_ text: String, to folder: URL) throws {
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent("metrics.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Every file below `folder` with its size and modification time.
    func snapshot(_ folder: URL) -> [String: String] {
        var files = [String: String]()
        for case let path as String in FileManager.default.enumerator(atPath: folder.path) ?? FileManager.DirectoryEnumerator() {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            files[path] = "\(attributes?[.size] ?? "?") \(attributes?[.modificationDate] ?? "?")"
        }
        return files
    }

    @Test func aRunAppearsGrowsIsInterruptedFinishesAndGoes() throws {
        var watcher = RunsWatcher(runsDirectory: runs)
        var store: RunStore? = try RunStore(runsDirectory: runs, configuration: TrainingConfiguration(model: .cnn), dataFiles: [])
        let folder = store!.folder, id = folder.lastPathComponent
        var update = watcher.poll()
        #expect(update.appeared.map(\.id) == [id] && update.appeared[0].status == .running && update.appeared[0].settings["train_limit"] == "all")
        #expect(watcher.poll().isEmpty, "nothing changed")

        let second = Self.line(2)
        try append(Self.line(1) + second.prefix(20), to: folder)
        update = watcher.poll()
        #expect(update.newEpochs[id]?.map(\.epoch) == [1] && update.notices.isEmpty, "the half-written line waits")
        try append(String(second.dropFirst(20)), to: folder)
        update = watcher.poll()
        #expect(update.newEpochs[id]?.map(\.epoch) == [2] && update.changed.first?.epochsDone == 2)

        store = nil   // the trainer is gone; its state still says running
        update = watcher.poll()
        #expect(update.changed.map(\.status) == [.interrupted])

        try RunStore.writeAtomically(RunJSON.encode(TestScores(bestEpoch: 2, test: SyntheticRuns.evaluation(accuracy: 0.9, images: 10, loss: 0.3),
                                                              lastTest: SyntheticRuns.evaluation(accuracy: 0.8, images: 10, loss: 0.3))),
                                     to: folder.appendingPathComponent("test.json"))
        try Data("finished\n".utf8).write(to: folder.appendingPathComponent("state"))
        update = watcher.poll()
        #expect(update.changed.map(\.status) == [.finished] && update.changed[0].testAccuracy == 0.9 && update.changed[0].lastTestAccuracy == 0.8)

        try FileManager.default.removeItem(at: folder)
        update = watcher.poll()
        #expect(update.disappeared == [id] && watcher.summaries.isEmpty)
    }

    /// Bytes before the end are not read again: a line damaged in place after it was read stays as first read,
    /// while a log replaced by a shorter one (as a resume rewrites it) is read anew.
    @Test func onlyAppendedBytesAreReadUnlessTheLogIsReplaced() throws {
        let folder = try SyntheticRuns.write(count: 1, epochs: 3, into: runs)[0]
        var watcher = RunsWatcher(runsDirectory: runs)
        #expect(watcher.poll().newEpochs[folder.lastPathComponent]?.count == 3)
        let log = folder.appendingPathComponent("metrics.jsonl")
        let handle = try FileHandle(forWritingTo: log)
        try handle.write(contentsOf: Data("XXXX".utf8))   // overwrites the start of line 1 in place
        try handle.close()
        try append(Self.line(4), to: folder)
        let update = watcher.poll()
        #expect(update.newEpochs[folder.lastPathComponent]?.map(\.epoch) == [4] && update.notices.isEmpty)
        #expect(watcher.summaries[0].history.map(\.epoch) == [1, 2, 3, 4])
        #expect(watcher.summaries[0].latestValidConfusion == nil, "epoch 4's line has no confusion matrix")

        try RunStore.writeAtomically(Data((Self.line(1) + Self.line(2, validLoss: 0.3)).utf8), to: log)
        #expect(watcher.poll().newEpochs[folder.lastPathComponent]?.map(\.epoch) == [1, 2])
        #expect(watcher.summaries[0].history.map(\.validLoss) == [0.5, 0.3])
    }

    @Test func damagedAndOddFoldersGiveRowsOrNoticesNeverACrash() throws {
        var watcher = RunsWatcher(runsDirectory: runs)
        #expect(watcher.poll().notices == ["the runs folder \(runs.path) does not exist yet; runs will show when it does"])
        #expect(watcher.poll().isEmpty, "said once")
        let good = try SyntheticRuns.write(count: 1, epochs: 2, into: runs)[0]
        let manager = FileManager.default
        let noConfig = runs.appendingPathComponent("20250101-000000-nocfg")
        try manager.createDirectory(at: noConfig, withIntermediateDirectories: true)
        try Data((Self.line(1) + #"{"epoch":2,"se"#).utf8).write(to: noConfig.appendingPathComponent("metrics.jsonl"))
        let garbled = runs.appendingPathComponent("20250101-000000-garbled")
        try manager.createDirectory(at: garbled, withIntermediateDirectories: true)
        try Data("{\"configuration\": {\"model\": ".utf8).write(to: garbled.appendingPathComponent("config.json"))
        try Data("stopped\n".utf8).write(to: garbled.appendingPathComponent("state"))
        let notARun = runs.appendingPathComponent("photos")
        try manager.createDirectory(at: notARun, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: notARun.appendingPathComponent("cat.png"))
        try manager.createDirectory(at: runs.appendingPathComponent("20250101-000000-being-made"), withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: runs.appendingPathComponent("README"))
        let before = snapshot(runs)

        let update = watcher.poll()
        #expect(update.appeared.map(\.id) == [good.lastPathComponent, "20250101-000000-garbled", "20250101-000000-nocfg"])
        let rows = Dictionary(uniqueKeysWithValues: watcher.summaries.map { ($0.id, $0) })
        #expect(rows["20250101-000000-nocfg"]?.problem == "config.json is missing" && rows["20250101-000000-nocfg"]?.epochsDone == 1)
        #expect(rows["20250101-000000-garbled"]?.problem?.hasPrefix("config.json is not valid JSON") == true)
        #expect(rows["20250101-000000-garbled"]?.status == .stopped && rows["20250101-000000-garbled"]?.model == nil)
        #expect(rows[good.lastPathComponent]?.problem == nil && rows[good.lastPathComponent]?.sweepID == "sweep-0")
        #expect(update.notices.contains("\(noConfig.path)/metrics.jsonl:2: unreadable metrics line skipped (truncated or corrupt)"))
        #expect(update.notices.contains("\(notARun.path): not a run folder (no config.json, metrics.jsonl or state); skipped"))
        #expect(update.notices.contains { $0.hasPrefix(runs.appendingPathComponent("README").path) })
        #expect(update.notices.count == 3, "\(update.notices)")
        #expect(watcher.poll().isEmpty, "each told once")
        #expect(snapshot(runs) == before, "the watcher wrote nothing")
        let table = RunTable(watcher.summaries)
        #expect(table.columns.last == .problem && RunColumn.problem.text(of: rows[good.lastPathComponent]!) == "–")

        // The folder being made becomes a run once its config.json is there; one with only test.json is no run.
        try manager.copyItem(at: good.appendingPathComponent("config.json"),
                             to: runs.appendingPathComponent("20250101-000000-being-made/config.json"))
        let scoresOnly = runs.appendingPathComponent("20250101-000000-scores-only")
        try manager.createDirectory(at: scoresOnly, withIntermediateDirectories: true)
        try manager.copyItem(at: good.appendingPathComponent("test.json"), to: scoresOnly.appendingPathComponent("test.json"))
        let later = watcher.poll()
        #expect(later.appeared.map(\.id) == ["20250101-000000-being-made"] && later.appeared[0].problem == nil)
        #expect(later.notices == ["\(scoresOnly.path): not a run folder (no config.json, metrics.jsonl or state); skipped"])
    }

    /// The runs the trainer's own encoder writes (SyntheticRuns uses RunJSON, as the trainer does) read as
    /// Foundation's JSONDecoder reads the same files.
    @Test func summariesAreWhatJSONDecoderReads() throws {
        let folders = try SyntheticRuns.write(count: 10, epochs: 6, into: runs)
        var watcher = RunsWatcher(runsDirectory: runs)
        _ = watcher.poll()
        let summaries = Dictionary(uniqueKeysWithValues: watcher.summaries.map { ($0.id, $0) })
        for folder in folders {
            let summary = try #require(summaries[folder.lastPathComponent])
            let lines = try String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
            let epochs = try lines.map { try RunJSON.decode(EpochMetrics.self, from: Data($0.utf8)) }
            #expect(summary.history == epochs.map(\.withoutConfusion) && summary.latestValidConfusion == epochs.last?.validConfusion)
            let scores = try? RunJSON.decode(TestScores.self, from: Data(contentsOf: folder.appendingPathComponent("test.json")))
            #expect(summary.scores == scores && (scores == nil) == (summary.status == .stopped))
            let settings = try RunJSON.decode(RunSettings.self, from: Data(contentsOf: folder.appendingPathComponent("config.json")))
            #expect(summary.model == settings.configuration.model && summary.plannedEpochs == settings.configuration.epochs)
            #expect(summary.started == settings.started && summary.sweepID == settings.sweepID && summary.warnings.isEmpty)
        }
    }

    /// A file is read up to the size its stamp gave (fewer bytes when it is shorter by now).
    @Test func filesAreReadUpToTheSizeAsked() throws {
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        let file = runs.appendingPathComponent("file")
        try Data("0123456789".utf8).write(to: file)
        #expect(FileRead.bytes(atPath: file.path, count: 4) == Array("0123".utf8))
        #expect(FileRead.bytes(atPath: file.path, from: 6, count: 10) == Array("6789".utf8), "the file is shorter")
        #expect(FileRead.bytes(atPath: file.path, from: 20, count: 3) == [])
        #expect(FileRead.bytes(atPath: runs.appendingPathComponent("missing").path, count: 3) == nil)
        #expect(FileRead.bytes(atPath: runs.path, count: 3) == nil, "a folder is no file to read")
    }

    @Test func aRunsFolderThatIsAFileIsANotice() throws {
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        let file = runs.appendingPathComponent("file")
        try Data().write(to: file)
        var watcher = RunsWatcher(runsDirectory: file)
        #expect(watcher.poll().notices == ["the runs folder \(file.path) is a file, not a folder; pass --runs-dir with a folder"])
        #expect(watcher.summaries.isEmpty)
    }

    /// Old runs: no confusion in their lines, no sweep keys, settings missing from config.json read as the
    /// seed recipe's.
    @Test func oldRunsLoad() throws {
        let folder = runs.appendingPathComponent("20240101-000000-fcnn")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(#"{"configuration":{"model":"fcnn","epochs":3,"seed":0},"data_files":[],"program":"fmnist-tui 0.0.9","started":"2024-01-01T00:00:00Z"}"#.utf8)
            .write(to: folder.appendingPathComponent("config.json"))
        try Data((Self.line(1) + Self.line(2)).utf8).write(to: folder.appendingPathComponent("metrics.jsonl"))
        let summary = RunSummary.read(folder: folder)
        #expect(summary.problem == nil && summary.model == .fcnn && summary.recipe == "seed" && summary.plannedEpochs == 3)
        #expect(summary.settings["batch_size"] == "20" && summary.settings["learning_rate"] == "0.001" && summary.sweepID == nil)
        #expect(summary.started == Date(timeIntervalSince1970: 1_704_067_200) && summary.epochsDone == 2)
        #expect(summary.latestValidConfusion == nil && summary.status == .unknown)
        #expect(try RunRecord(folder: folder).history.count == 2)
    }
}
