// A trial that fails (here: the disk fills up as it saves its first epoch) is marked failed with its reason,
// and the sweep goes on to the next trial. Real child processes of the built fmnist-tui, on a small tmpfs.
import Foundation
import Testing
@testable import Training

@Suite("Failed trials", .serialized,
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"),
       .enabled(if: ScratchTmpfs.available, "needs root to mount a small tmpfs"))
struct FailedTrialTests {
    /// The fmnist-tui built beside the test bundle (the end-to-end tests build it).
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("fmnist-tui")

    @Test func aFailedTrialKeepsItsReasonAndTheSweepGoesOn() throws {
        let disk = try ScratchTmpfs(megabytes: 16)
        defer { disk.unmount() }
        let (sweep, _) = try makeSweep(trials: 2, in: disk.mountPoint)
        // Room for sweep.json and the run folders' small files, not for an epoch's 8.6 MB of weights.
        try disk.fill(leaving: 3 << 20)

        let runner = LocalSweepRunner(sweep: sweep, executable: Self.executable, parallel: 1)
        var started = [Int](), outcomes = [LocalSweepRunner.Outcome]()
        try runner.run(indices: [0, 1], started: { started.append($0) }, ended: { outcomes.append($0) })
        #expect(started == [0, 1], "the sweep went on after trial 0 failed")
        #expect(outcomes.map(\.index) == [0, 1])
        #expect(outcomes.allSatisfy { $0.exitStatus != 0 })

        let summary = try SweepSummary(sweep: sweep, metric: .bestValidLoss)
        for trial in summary.trials {
            #expect(trial.state == "failed")
            #expect(trial.run?.status == .failed)
            let reason = try #require(trial.trial.failure)
            #expect(reason.contains("could not save epoch 1") && reason.contains("No space left on device"), "\(reason)")
        }
        #expect(summary.stateCounts.map(\.state) == ["failed"])
    }
}
