// The parts of a sweep's summary and launch that are arithmetic or text: mean ± sd per value, Slurm's
// --array ranges and the batch script.
import Foundation
import Testing
@testable import Training

@Suite("Sweep summaries and Slurm scripts")
struct SweepSummaryTests {
    @Test func meanAndSampleStandardDeviation() throws {
        let effect = try #require(SweepSummary.effect(flag: "lr", value: "0.001", of: [0.90, 0.92, 0.94]))
        #expect(abs(effect.mean - 0.92) < 1e-12)
        #expect(abs(effect.standardDeviation - 0.02) < 1e-12)
        #expect(effect.count == 3)
        #expect(SweepSummary.effect(flag: "lr", value: "0.001", of: [0.5])?.standardDeviation == 0)
        #expect(SweepSummary.effect(flag: "lr", value: "0.001", of: []) == nil)
    }

    @Test func arraySpecsCompressRuns() {
        #expect(SlurmLauncher.arraySpec([0, 1, 2, 3], maxConcurrent: nil) == "0-3")
        #expect(SlurmLauncher.arraySpec([0, 1, 2, 3], maxConcurrent: 2) == "0-3%2")
        #expect(SlurmLauncher.arraySpec([5, 1, 3, 4, 9], maxConcurrent: nil) == "1,3-5,9")
    }

    @Test func batchScriptRunsOneTrialPerTask() {
        let script = SlurmLauncher.batchScript(
            sweepID: "20261202-120000", sweepFolder: URL(fileURLWithPath: "/shared/runs/sweeps/20261202-120000"),
            executable: URL(fileURLWithPath: "/opt/bin/fmnist-tui"), indices: Array(0..<8),
            options: SlurmOptions(partition: "cpu", time: "1:00:00", cpusPerTask: 4, maxConcurrent: 3))
        let lines = script.split(separator: "\n").map(String.init)
        #expect(lines.first == "#!/bin/bash")
        for expected in ["#SBATCH --array=0-7%3", "#SBATCH --cpus-per-task=4", "#SBATCH --partition=cpu", "#SBATCH --time=1:00:00",
                         "#SBATCH --output=/shared/runs/sweeps/20261202-120000/logs/slurm-%A_%a.out",
                         "exec '/opt/bin/fmnist-tui' sweep run-trial '/shared/runs/sweeps/20261202-120000' --index \"$SLURM_ARRAY_TASK_ID\""] {
            #expect(lines.contains(expected), "\(expected)")
        }
        #expect(!SlurmLauncher.batchScript(sweepID: "x", sweepFolder: URL(fileURLWithPath: "/r/sweeps/x"),
                                           executable: URL(fileURLWithPath: "/b"), indices: [0], options: SlurmOptions())
            .contains("--partition"))
    }
}
