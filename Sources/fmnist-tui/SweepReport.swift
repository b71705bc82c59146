// What `sweep show` and the end of a sweep print: the trials' states, the leaderboard (the runs table sorted
// by the metric) and each swept value's mean ± sd; or the same as one JSON object.
import Foundation
import Reports
import Training

enum SweepReport {
    static func printText(_ summary: SweepSummary) {
        let record = summary.record
        print("sweep \(record.id): \(record.trials.count) trials over \(record.sweptFlags.joined(separator: ", ")); "
            + summary.stateCounts.map { "\($0.count) \($0.state)" }.joined(separator: ", "))
        let table = summary.leaderboard
        if !table.rows.isEmpty {
            print("")
            print("leaderboard by \(summary.metric.rawValue):")
            // Every row is of this sweep: its id and start times would only repeat.
            let columns = table.columns.filter { ![.sweep, .started].contains($0) }
            for line in RunsListCommand.text(table, columns: columns).lines(indent: "  ") { print(line) }
        }
        let effects = summary.effects
        if !effects.isEmpty {
            print("")
            print("\(summary.metric.rawValue) by value (mean ± sd over the trials with a value):")
            for effect in effects { print("  " + summary.text(effect)) }
        }
        let failures = summary.trials.filter { $0.state == "failed" }
        if !failures.isEmpty {
            print("")
            print("failed:")
            for trial in failures {
                print("  trial \(trial.trial.index)" + (trial.run.map { " (run \($0.id))" } ?? "")
                    + ": \(trial.trial.failure ?? "no reason recorded")")
            }
        }
    }

    static func jsonObject(_ summary: SweepSummary) -> [String: Any] {
        let record = summary.record
        let trials: [[String: Any]] = summary.trials.map { trial in
            let run = trial.run
            func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
            return ["trial": trial.trial.index, "values": trial.trial.values, "state": trial.state,
                    "run": run?.id ?? NSNull(), "epochs_done": run?.epochsDone ?? 0,
                    "best_valid_loss": number(run?.bestValidLoss), "valid_accuracy": number(run?.bestValidAccuracy),
                    "test_accuracy": number(run?.testAccuracy), "failure": trial.trial.failure ?? NSNull()]
        }
        let ranked = summary.leaderboard.rows.map(\.sweepTrial).compactMap { $0 }
        let effects: [[String: Any]] = summary.effects.map {
            ["flag": $0.flag, "value": $0.value, "mean": $0.mean, "sd": $0.standardDeviation, "trials": $0.count]
        }
        return ["event": "summary", "sweep": record.id, "metric": summary.metric.rawValue, "swept": record.sweptFlags,
                "states": Dictionary(uniqueKeysWithValues: summary.stateCounts.map { ($0.state, $0.count) }),
                "trials": trials, "leaderboard": ranked, "effects": effects, "slurm_jobs": record.slurmJobs]
    }
}
