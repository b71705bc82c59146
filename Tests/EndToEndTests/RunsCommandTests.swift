// `runs`, `runs show`, `export` and `resume` refusals end to end, on a real tiny run and a damaged copy of it.
import Foundation
import Testing

@Suite("runs and export commands", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct RunsCommandTests {
    /// A finished 2-epoch run and, beside it, an unfinished copy ("stopped", no test.json, a corrupt third line).
    static let fixture = Result { () throws -> (runs: URL, finished: String, unfinished: String) in
        let runs = temporaryFolder("runs-e2e")
        let result = try CommandRunner.run(["train", "--model", "fcnn", "--epochs", "2", "--train-limit", "300",
                                            "--json", "--runs-dir", runs.path])
        guard result.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: ["stderr": result.standardError]) }
        let finished = try FileManager.default.contentsOfDirectory(atPath: runs.path).filter { !$0.hasPrefix(".") }[0]
        let unfinished = "20000101-000000-fcnn"
        let copy = runs.appendingPathComponent(unfinished)
        try FileManager.default.copyItem(at: runs.appendingPathComponent(finished), to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("test.json"))
        try Data("stopped\n".utf8).write(to: copy.appendingPathComponent("state"))
        let metrics = try FileHandle(forWritingTo: copy.appendingPathComponent("metrics.jsonl"))
        try metrics.seekToEnd()
        try metrics.write(contentsOf: Data(#"{"epoch":3,"seconds":0.2,"train_lo"#.utf8))
        try metrics.close()
        return (runs, finished, unfinished)
    }

    @Test func listShowsATableWithWarningsOnStderr() throws {
        let (runs, finished, unfinished) = try Self.fixture.get()
        let result = try CommandRunner.run(["runs", "--runs-dir", runs.path])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("id") && lines[0].contains("best valid loss") && lines[0].contains("test acc"))
        #expect(lines[1].hasPrefix(unfinished) && lines[1].contains("2/2") && lines[1].contains("stopped"), "oldest first")
        #expect(lines[2].hasPrefix(finished) && lines[2].contains("seed") && lines[2].contains("finished") && lines[2].contains(" %"))
        #expect(result.standardError.contains("warning: ") && result.standardError.contains("\(unfinished)/metrics.jsonl:3: unreadable"))
        #expect(!result.standardOutput.contains("warning"))
    }

    @Test func listAsJSON() throws {
        let (runs, finished, unfinished) = try Self.fixture.get()
        let result = try CommandRunner.run(["runs", "--json", "--runs-dir", runs.path])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == [unfinished, finished])
        #expect(array[1]["epochs_done"] as? Int == 2 && array[1]["epochs_planned"] as? Int == 2)
        #expect(array[1]["test_accuracy"] is Double && array[0]["test_accuracy"] is NSNull)
        #expect(array[1]["best_valid_loss"] is Double && array[1]["best_epoch"] is Int && array[1]["model"] as? String == "fcnn")
        #expect(array[0]["state"] as? String == "stopped" && array[1]["recipe"] as? String == "seed")
    }

    /// The table's columns, sorted and filtered as the dashboard's runs view does it, in the table and in JSON.
    @Test func listSortsAndFilters() async throws {
        let (runs, finished, unfinished) = try Self.fixture.get()
        let list = { @Sendable (arguments: [String]) async throws in
            try await onOwnThread { try CommandRunner.run(["runs", "--runs-dir", runs.path] + arguments) }
        }
        let table = try await list(["--sort", "state", "--descending"])
        let lines = table.standardOutput.split(separator: "\n")
        #expect(lines.first.map { $0.contains("valid acc") && $0.contains("last test acc") } == true, "\(table.standardOutput)")
        #expect(lines.dropFirst().map { $0.hasPrefix(unfinished) } == [true, false], "stopped before finished")
        let prefixed = try await list(["--sort=-test_acc", "--json"])
        let sorted = try #require(try JSONSerialization.jsonObject(with: Data(prefixed.standardOutput.utf8)) as? [[String: Any]])
        #expect(sorted.map { $0["id"] as? String } == [finished, unfinished], "runs without a test score last")
        let filtered = try await list(["--filter", "model=fcnn state!=finished", "--json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(filtered.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == [unfinished])
        #expect((array.first?["settings"] as? [String: String])?["train_limit"] == "300")
        let none = try await list(["--filter", "test_acc>100"])
        #expect(none.status == 0 && none.standardOutput.hasPrefix("none of the 2 runs in \(runs.path) matches --filter test_acc>100"))
    }

    @Test(arguments: [(["--filter", "lr<"], "--filter lr<: \"lr<\" needs a value after its operator"),
                      (["--filter", "colour=red"], "--filter colour=red: no column \"colour\"; columns: id, model"),
                      (["--sort", "speed"], "--sort speed: no column \"speed\"")])
    func badSortsAndFiltersSayWhatIsWrong(arguments: [String], message: String) async throws {
        let (runs, _, _) = try Self.fixture.get()
        let result = try await onOwnThread { try CommandRunner.run(["runs", "--runs-dir", runs.path] + arguments) }
        #expect(result.status != 0 && result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func anEmptyOrMissingRunsFolderIsFine() throws {
        let missing = temporaryFolder("noruns").appendingPathComponent("absent")
        let text = try CommandRunner.run(["runs", "--runs-dir", missing.path])
        #expect(text.status == 0 && text.standardOutput.hasPrefix("no runs in \(missing.path) yet"))
        let json = try CommandRunner.run(["runs", "--json", "--runs-dir", missing.path])
        #expect(json.status == 0 && json.standardOutput == "[]\n")
    }

    @Test func showPrintsSettingsEpochsAndScores() throws {
        let (runs, finished, _) = try Self.fixture.get()
        let result = try CommandRunner.run(["runs", "show", String(finished.prefix(15)), "--runs-dir", runs.path])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput.replacingOccurrences(of: " +", with: " ", options: .regularExpression)
        for part in ["run \(finished)", "state finished, 2 of 2 epochs done", "batch size 20", "learning rate 0.001",
                     "train limit 300", "seed 0", "recipe seed", "flip augmentation false", "t10k-labels-idx1-ubyte",
                     "sha256 ", "epoch train loss", "◆ best", "best weights (epoch", "last weights (epoch 2)", "Ankle boot",
                     "confusion matrix of the best weights"] {
            #expect(output.contains(part), "\(part)")
        }
    }

    /// An unfinished run has no test scores yet; the command that trains it to the end names the runs folder given.
    @Test func showSuggestsResumingAnUnfinishedRunInItsFolder() throws {
        let (runs, _, unfinished) = try Self.fixture.get()
        let result = try CommandRunner.run(["runs", "show", unfinished, "--runs-dir", runs.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("test scores: none yet (the run is stopped; "
            + "`\(CommandRunner.executable.path) resume \(unfinished) --runs-dir '\(runs.path)'` trains it to the end)"),
                "\(result.standardOutput)")
    }

    @Test func exportWritesTheChartsAndTheTable() throws {
        let (runs, finished, unfinished) = try Self.fixture.get()
        let out = temporaryFolder("export").appendingPathComponent("new/folder")
        let result = try CommandRunner.run(["export", finished, "--out", out.path, "--runs-dir", runs.path])
        #expect(result.status == 0, "\(result.standardError)")
        for name in ["losses.svg", "confusion.svg"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(text.hasPrefix("<?xml") && text.hasSuffix("</svg>\n") && text.contains(finished))
        }
        let csv = try String(contentsOf: out.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3 && csv[0].hasPrefix("epoch,train_loss"))

        let partial = temporaryFolder("export-partial")
        let skipped = try CommandRunner.run(["export", unfinished, "--out", partial.path, "--runs-dir", runs.path])
        #expect(skipped.status == 0)
        #expect(skipped.standardOutput.contains("confusion.svg skipped: run \(unfinished) is stopped, not finished"))
        #expect(skipped.standardOutput.contains("resume \(unfinished) --runs-dir '\(runs.path)'` trains it"),
                "\(skipped.standardOutput)")
        let written = try FileManager.default.contentsOfDirectory(atPath: partial.path).sorted()
        #expect(written == ["losses.svg", "metrics.csv"])
    }

    @Test(arguments: [["runs", "show"], ["export", "--out", "/tmp/unused"], ["resume"]])
    func unknownRunsListTheNearestIds(command: [String]) throws {
        let (runs, finished, unfinished) = try Self.fixture.get()
        let typo = "2" + finished.dropFirst(2)
        let result = try CommandRunner.run(command + [typo, "--runs-dir", runs.path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("no run \(typo) in \(runs.path); nearest: \(finished), \(unfinished)"),
                "\(result.standardError)")
    }

    /// `--epochs` is checked as a new run's settings are, for resume and the dashboard alike; nothing is written.
    @Test func aBadEpochCountIsRefusedBeforeAnythingIsWritten() async throws {
        let (runs, finished, _) = try Self.fixture.get()
        let config = runs.appendingPathComponent(finished).appendingPathComponent("config.json")
        let before = try Data(contentsOf: config)
        let resumed = try await onOwnThread { try CommandRunner.run(["resume", finished, "--epochs", "0", "--runs-dir", runs.path]) }
        #expect(resumed.status != 0 && resumed.standardError.contains("--epochs 0: must be between 1 and 100000"), "\(resumed.standardError)")
        #expect(try Data(contentsOf: config) == before)
        let dashboard = try await onOwnThread { try CommandRunner.run(["dashboard", "--train-limit", "0", "--runs-dir", runs.path]) }
        #expect(dashboard.status != 0 && dashboard.standardError.contains("--train-limit 0: must be at least 1"))
    }

    @Test func resumingWithoutACheckpointSaysWhy() throws {
        let (runs, finished, _) = try Self.fixture.get()
        let broken = "20000202-000000-fcnn"
        try FileManager.default.copyItem(at: runs.appendingPathComponent(finished), to: runs.appendingPathComponent(broken))
        defer { try? FileManager.default.removeItem(at: runs.appendingPathComponent(broken)) }
        try FileManager.default.removeItem(at: runs.appendingPathComponent(broken).appendingPathComponent("last.safetensors"))
        let result = try CommandRunner.run(["resume", broken, "--runs-dir", runs.path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("cannot be resumed: last.safetensors is missing, yet metrics.jsonl logs 2 completed epoch(s)"))
    }
}
