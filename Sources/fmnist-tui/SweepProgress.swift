// A local sweep as it runs: its trials as child processes, a line as each starts and ends, Ctrl-C stopping
// them at their next batch (resumable), then the summary.
import ArgumentParser
import Foundation
import ProgramInfo
import Training

enum SweepProgress {
    static func runLocally(_ sweep: SweepFolder, indices: [Int], parallel: Int, data: DataOptions, runs: RunsOptions,
                           json: Bool) throws {
        let runner = LocalSweepRunner(sweep: sweep, executable: SweepLaunchOptions.executable, parallel: parallel,
                                      extraArguments: data.directory.map { ["--data", $0] } ?? [])
        let total = indices.count
        var done = 0
        if !json {
            print("sweep \(sweep.id): \(total) trial\(total == 1 ? "" : "s"), \(min(parallel, max(total, 1))) at a time "
                + "→ \(sweep.folder.path)")
        }
        let interrupt = InterruptHandler { runner.stop() }
        defer { interrupt.cancel() }
        let record = try sweep.read()
        try runner.run(indices: indices, started: { index in
            guard !json else { return }
            print("  trial \(index) started   \(settingsText(record.trials[index], flags: record.sweptFlags))")
        }, ended: { outcome in
            done += 1
            if json { emitJSON(line(outcome)) } else {
                print("  trial \(outcome.index) " + endText(outcome, stopped: runner.wasStopped) + "  [\(done)/\(total)]")
            }
        })
        let summary = try SweepSummary(sweep: sweep, metric: .bestValidLoss)
        fflush(nil)   // the trial lines first, then what goes to stderr
        if runner.wasStopped {
            let message = "sweep \(sweep.id) stopped; the trials keep their checkpoints: "
                + "`\(CommandName.current) sweep resume \(sweep.id)\(runs.suggestedFlag)` continues it\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode.failure
        }
        if !json { SweepReport.printText(summary) } else { emitJSON(SweepReport.jsonObject(summary)) }
        fflush(nil)
        let failed = summary.trials.filter { $0.state == "failed" }.map(\.trial.index)
        if !failed.isEmpty {
            let list = failed.map(String.init).joined(separator: ", ")
            let message = "\(failed.count) trial\(failed.count == 1 ? "" : "s") failed: \(list) "
                + "(see `\(CommandName.current) sweep show \(sweep.id)\(runs.suggestedFlag)`)\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode.failure
        }
    }

    /// "lr 0.001  batch-size 20".
    static func settingsText(_ trial: SweepTrial, flags: [String]) -> String {
        flags.compactMap { flag in trial.values[flag].map { "\(flag) \($0)" } }.joined(separator: "  ")
    }

    static func endText(_ outcome: LocalSweepRunner.Outcome, stopped: Bool) -> String {
        guard let trial = outcome.summary, let run = trial.run else {
            if stopped { return "stopped before its run started (still pending)" }
            return "failed before its run started (exit \(outcome.exitStatus)): \(lastLine(of: outcome.log))"
        }
        var parts = [run.status.rawValue]
        if let loss = run.bestValidLoss { parts.append(String(format: "best valid loss %.4f", loss)) }
        if let accuracy = run.testAccuracy { parts.append(String(format: "test %.2f %%", 100 * accuracy)) }
        if run.status == .failed { parts.append(trial.trial.failure ?? lastLine(of: outcome.log)) }
        return parts.joined(separator: "  ") + "  run \(run.id)"
    }

    static func line(_ outcome: LocalSweepRunner.Outcome) -> [String: Any] {
        let run = outcome.summary?.run
        return ["event": "trial", "trial": outcome.index, "exit_status": Int(outcome.exitStatus),
                "state": outcome.summary?.state ?? "failed", "run": run?.id ?? NSNull(),
                "best_valid_loss": run?.bestValidLoss ?? NSNull(), "test_accuracy": run?.testAccuracy ?? NSNull()]
    }

    /// The last line a trial printed, the reason it gives when it fails.
    static func lastLine(of log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "no output (\(log.path))"
    }

    static func emitJSON(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
