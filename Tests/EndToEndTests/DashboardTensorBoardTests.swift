// `dashboard --tensorboard DIR` in a real terminal: the trainer's events reach TensorBoard's reader, one folder per run,
// and the exit line suggests the command by the path the program was started by, with the runs folder it was given.
import Foundation
import Testing

@Suite("dashboard with TensorBoard", .serialized)
struct DashboardTensorBoardTests {
    @Test(.enabled(if: dataAvailable && TmuxPane.isAvailable, "needs dataset-fashion-mnist and tmux"),
          .enabled(if: PythonTensorBoard.usable, "TensorBoard could not be installed from PyPI"),
          .timeLimit(.minutes(5)))
    func eachRunWritesItsOwnFolderLive() async throws {
        let runs = temporaryFolder("dashboard-tb-runs"), log = temporaryFolder("dashboard-tb")
        let status = runs.appendingPathComponent("exit-status")
        let command = "LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(CommandRunner.executable.path)' dashboard --models fcnn "
            + "--epochs 20 --train-limit 3000 --runs-dir '\(runs.path)' --tensorboard '\(log.path)'; echo $? > '\(status.path)'; "
            + "sleep 60"   // the pane stays alive, so tmux prints no "Pane is dead" line that scrolls the exit line away
        let pane = try TmuxPane(command: command, width: 160, height: 30)
        defer { pane.kill() }
        // Waited for on a thread of its own, leaving the cooperative pool to async tests (see CommandRunner). The
        // status is read once its line is whole, and the pane captured right then, while its `sleep 60` lasts
        // (on a loaded machine the cooperative pool could come back to this test only after it had ended).
        let (exitStatus, screen) = try await onOwnThread { () -> (String, String) in
            try pane.waitFor("the FCNN's first epoch") { $0.contains("Confusion · validation") }
            try pane.send("q")
            let exitStatus = try pane.waitForFile(status, seconds: 60)
            return (exitStatus, try pane.capture())
        }
        #expect(exitStatus == "0")

        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first { $0.hasSuffix("-fcnn") })
        // The suggested command names the runs folder it was given, which `resume` would not find by default; the
        // line is longer than the pane, which wraps it.
        let lines = screen.replacingOccurrences(of: "\n", with: "")
        #expect(lines.contains("resume: \(CommandRunner.executable.path) resume \(id) --runs-dir '\(runs.path)'"),
                "\(screen)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: log.path) == [id])
        try RunFolderExpectations(runs.appendingPathComponent(id)).check(await PythonTensorBoard.read(log.appendingPathComponent(id)))
    }
}
