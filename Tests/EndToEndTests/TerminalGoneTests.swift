// The terminal goes away while both models train: SIGHUP to the dashboard, `tmux kill-session` (what a closed
// ssh connection does to the pane), and SIGHUP to a headless `train`. The trainers checkpoint and stop, no run
// is left `running`, and the process exits.
import Foundation
import Testing
import Training

@Suite("the terminal goes away", .serialized,
       .enabled(if: dataAvailable && TmuxPane.isAvailable, "needs dataset-fashion-mnist and tmux"))
struct TerminalGoneTests {
    /// Starts the dashboard in a pane and waits for the FCNN's first epoch; returns the pane and the process.
    func dashboardTraining(runs: URL, files: URL) throws -> (TmuxPane, pid_t) {
        let command = "stty -g > '\(files.path)/stty-before'; LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(CommandRunner.executable.path)' "
            + "--train-limit 1000 --epochs 500 --runs-dir '\(runs.path)'; echo $? > '\(files.path)/status'; "
            + "stty -g > '\(files.path)/stty-after'"
        let pane = try TmuxPane(command: command, width: 140, height: 45)
        try pane.waitFor("the FCNN's first epoch", seconds: 120) { $0.contains("Confusion · validation") }
        guard let pid = DashboardSoakTests.processID(mentioning: runs.path) else {
            pane.kill()
            throw TmuxPane.Failure(description: "no dashboard process")
        }
        return (pane, pid)
    }

    func waitForExit(_ pid: pid_t, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if kill(pid, 0) != 0 { return true }
            usleep(100_000)
        }
        return false
    }

    /// Both runs saved as stopped (not running), and readable.
    func expectStoppedRuns(_ runs: URL, count: Int = 2) throws {
        let folders = try FileManager.default.contentsOfDirectory(at: runs, includingPropertiesForKeys: nil)
        #expect(folders.count == count)
        for folder in folders {
            let record = try RunRecord(folder: folder)
            #expect(record.state == .stopped, "\(folder.lastPathComponent): \(String(describing: record.state))")
            #expect(!record.isLive)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func sighupToTheDashboardSavesStopsAndRestoresTheTerminal() throws {
        let runs = temporaryFolder("hup-runs"), files = temporaryFolder("hup-files")
        defer { for folder in [runs, files] { try? FileManager.default.removeItem(at: folder) } }
        let (pane, pid) = try dashboardTraining(runs: runs, files: files)
        defer { pane.kill() }
        kill(pid, SIGHUP)
        #expect(try pane.waitForFile(files.appendingPathComponent("status"), seconds: 60) == "0")
        #expect(try pane.waitForFile(files.appendingPathComponent("stty-after"), seconds: 10)
            == pane.waitForFile(files.appendingPathComponent("stty-before"), seconds: 1))
        try expectStoppedRuns(runs)
    }

    @Test(.timeLimit(.minutes(5)))
    func tmuxKillSessionEndsTheDashboardWithItsRunsStopped() throws {
        let runs = temporaryFolder("kill-session-runs"), files = temporaryFolder("kill-session-files")
        defer { for folder in [runs, files] { try? FileManager.default.removeItem(at: folder) } }
        let (pane, pid) = try dashboardTraining(runs: runs, files: files)
        defer { pane.kill() }
        try pane.killSession()
        #expect(waitForExit(pid, seconds: 60), "the dashboard still runs a minute after its terminal went away")
        try expectStoppedRuns(runs)
    }

    @Test(.timeLimit(.minutes(5)))
    func sighupToHeadlessTrainStopsTheRun() throws {
        let runs = temporaryFolder("hup-train")
        defer { try? FileManager.default.removeItem(at: runs) }
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["train", "--model", "fcnn", "--epochs", "500", "--train-limit", "1000", "--json", "--runs-dir", runs.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first epoch's JSON line, then the signal.
        let firstLine = Locked<Bool>(false)
        let reader = Thread {
            var text = Data()
            while !text.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text.append(chunk)
            }
            firstLine.value = true
        }
        reader.start()
        let deadline = Date().addingTimeInterval(120)
        while !firstLine.done && Date() < deadline { usleep(50_000) }
        kill(process.processIdentifier, SIGHUP)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "killed by the signal instead of stopping")
        try expectStoppedRuns(runs, count: 1)
    }
}
