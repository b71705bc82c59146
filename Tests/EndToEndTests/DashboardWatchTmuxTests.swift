// `dashboard --watch` in a real terminal over a folder of several runs (and a garbled one, and a folder that
// is not a run): sort, filter, compare two runs, quit; no run folder is changed.
import Foundation
import Testing
import Training

@Suite("dashboard --watch in tmux", .serialized)
struct DashboardWatchTmuxTests {
    /// Every file under `folder` with its size and modification time, to show that nothing was written.
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var files = [String: String]()
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])
        while let url = enumerator?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            files[url.path] = "\(values.fileSize ?? -1) \(values.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return files
    }

    static func start(runs: URL, status: URL, width: Int, height: Int) throws -> TmuxPane {
        let command = "LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(CommandRunner.executable.path)' dashboard --watch --runs-dir '\(runs.path)'; "
            + "echo $? > '\(status.path)'"
        return try TmuxPane(command: command, width: width, height: height)
    }

    static func exitStatus(_ status: URL, pane: TmuxPane) throws -> String {
        try pane.waitFor("the dashboard to end") { _ in FileManager.default.fileExists(atPath: status.path) }
        usleep(100_000)
        return try String(contentsOf: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: TmuxPane.isAvailable, "needs tmux"), .timeLimit(.minutes(3)))
    func sortsFiltersComparesAndQuitsWithoutTouchingARun() throws {
        let runs = temporaryFolder("watch-runs")
        let status = runs.deletingLastPathComponent().appendingPathComponent("\(runs.lastPathComponent).status")
        _ = try SyntheticRuns.write(count: 6, epochs: 4, into: runs)
        let garbled = runs.appendingPathComponent("20300101-000000-cnn")
        try FileManager.default.createDirectory(at: garbled, withIntermediateDirectories: true)
        try Data("{\"configuration\": {".utf8).write(to: garbled.appendingPathComponent("config.json"))
        let notes = runs.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("not a run\n".utf8).write(to: notes.appendingPathComponent("readme.txt"))
        let before = try Self.snapshot(runs)
        let pane = try Self.start(runs: runs, status: status, width: 120, height: 32)
        defer {
            pane.kill()
            try? FileManager.default.removeItem(at: runs)
            try? FileManager.default.removeItem(at: status)
        }

        // The skipped folder is told, the garbled run's row says what is wrong, and the state column stays
        // however many settings differ.
        try pane.waitFor("the runs view", showing: [
            "Runs · 7 in \(runs.lastPathComponent)/", "watching \(runs.lastPathComponent)/", "not a run folder",
            "config.json is not valid JSON", "finished",
        ])
        try pane.send("s")
        try pane.waitFor("sorted by model") { $0.contains("sort: model") }

        try pane.send("/", literally: true)
        try pane.send("model=cnn", literally: true)
        try pane.send("Enter")
        try pane.waitFor("the filter applied, no FCNN row left", showing: ["3 match model=cnn"], notShowing: [" fcnn "])

        try pane.send("Space")
        try pane.send("Down")
        try pane.send("Space")
        try pane.waitFor("two runs marked") { $0.contains("2 marked") }
        try pane.send("c")
        try pane.waitFor("the compare screen", showing: ["Confusion B − A", "A vs B", "green = B better", "Validation loss"])
        try pane.send("Escape")
        try pane.waitFor("back on the runs view") { $0.contains("3 match model=cnn") }

        try pane.send("q")
        #expect(try Self.exitStatus(status, pane: pane) == "0")
        #expect(try Self.snapshot(runs) == before, "quitting changed no run")
    }

    /// A runs folder that does not exist yet is a notice, not an error; the view waits for it.
    @Test(.enabled(if: TmuxPane.isAvailable, "needs tmux"), .timeLimit(.minutes(1)))
    func aMissingRunsFolderIsANotice() throws {
        let runs = temporaryFolder("watch-missing").appendingPathComponent("not-yet")
        let status = runs.deletingLastPathComponent().appendingPathComponent("status")
        let pane = try Self.start(runs: runs, status: status, width: 160, height: 24)
        defer {
            pane.kill()
            try? FileManager.default.removeItem(at: runs.deletingLastPathComponent())
        }
        try pane.waitFor("the notice") { $0.contains("does not exist yet") }
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        _ = try SyntheticRuns.write(count: 2, epochs: 3, into: runs)
        try pane.waitFor("the runs once the folder exists", seconds: 10) { $0.contains("Runs · 2 in not-yet/") }
        try pane.send("q")
        #expect(try Self.exitStatus(status, pane: pane) == "0")
    }
}
