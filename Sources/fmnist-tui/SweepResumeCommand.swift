// `fmnist-tui sweep resume SWEEP`: skips finished trials, continues interrupted ones from their checkpoints
// and starts the rest, here or as a new Slurm array over the unfinished trials.
import ArgumentParser
import Foundation
import Training

struct SweepResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue a sweep: finished trials are skipped, interrupted ones resumed, the rest started.")

    @Argument(help: ArgumentHelp("The sweep: its id, a unique prefix, or its folder.", valueName: "sweep")) var sweep: String
    @OptionGroup(title: "Launching") var launch: SweepLaunchOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var runs: RunsOptions
    @Flag(help: "Print JSON lines: one per trial, then the summary.") var json = false

    func run() throws {
        let folder = try SweepFolder.locate(sweep, in: runs.url)
        let summary = try SweepSummary(sweep: folder, metric: .bestValidLoss)
        let live = summary.trials.filter { $0.run?.status.isActive == true }.map(\.trial.index)
        let left = summary.trials.filter { !["finished", "failed"].contains($0.state) && !live.contains($0.trial.index) }
            .map(\.trial.index)
        if !json {
            let finished = summary.trials.filter { $0.state == "finished" }.count
            print("sweep \(folder.id): \(finished) finished, \(left.count) to run"
                + (live.isEmpty ? "" : ", \(live.count) running in other processes (left to them: \(live.map(String.init).joined(separator: ", ")))"))
        }
        guard !left.isEmpty else {
            if !json { SweepReport.printText(summary) } else { SweepProgress.emitJSON(SweepReport.jsonObject(summary)) }
            return
        }
        try launch.launch(folder, indices: left, data: data, runs: runs, json: json)
    }
}
