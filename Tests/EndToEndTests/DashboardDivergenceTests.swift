// A learning rate of 10 in the dashboard (issue #15): the FCNN's tab and header say `diverged`, the runs view
// lists its run as diverged, and after `q` stderr says so; the exit status stays 0 (the dashboard ran fine).
import Foundation
import Testing

@Suite("dashboard: a diverged run in tmux", .serialized)
struct DashboardDivergenceTests {
    @Test(.enabled(if: dataAvailable && TmuxPane.isAvailable, "needs dataset-fashion-mnist and tmux"),
          .timeLimit(.minutes(5)))
    func learningRateTenShowsDivergedInTheTabTheRunsViewAndOnStderr() throws {
        let runs = temporaryFolder("diverged-runs")
        let base = runs.deletingLastPathComponent().appendingPathComponent(runs.lastPathComponent)
        let status = URL(fileURLWithPath: base.path + ".status"), stderr = URL(fileURLWithPath: base.path + ".stderr")
        let command = "LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(CommandRunner.executable.path)' --models fcnn --lr 10 "
            + "--train-limit 1000 --epochs 3 --runs-dir '\(runs.path)' 2> '\(stderr.path)'; echo $? > '\(status.path)'"
        let pane = try TmuxPane(command: command, width: 80, height: 24)
        defer {
            pane.kill()
            for file in [runs, status, stderr] { try? FileManager.default.removeItem(at: file) }
        }

        // The tab and the header both name the state.
        try pane.waitFor("the FCNN's tab saying diverged", showing: ["1 FCNN ✗ diverged", "FCNN seed  ✗ diverged"])

        try pane.send("r", literally: true)
        try pane.waitFor("the runs view listing the run as diverged") {
            $0.contains("fcnn") && $0.split(separator: "\n").contains { $0.contains("fcnn") && $0.contains("diverged") }
        }

        try pane.send("q", literally: true)
        #expect(try pane.waitForFile(status, seconds: 60) == "0")
        let errors = try String(contentsOf: stderr, encoding: .utf8)
        #expect(errors.contains("error: the FCNN run diverged in epoch ") && errors.contains("--lr"), "\(errors)")
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        #expect(try String(contentsOf: runs.appendingPathComponent(folder).appendingPathComponent("state"), encoding: .utf8)
            .hasPrefix("diverged"))
    }
}
