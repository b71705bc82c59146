// `fmnist-tui sweep` (= `sweep start`): many runs from one command, a grid, random draws or seeds, run here or on Slurm.
import ArgumentParser
import Foundation
import ProgramInfo
import Reports
import Training

/// `sweep` alone (or `sweep start`) plans and runs a sweep; its other subcommands work on a saved one.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train many runs from one command: a grid, random draws, seeds; here or as a Slurm job array.",
        subcommands: [SweepStartCommand.self, SweepRunTrialCommand.self, SweepResumeCommand.self, SweepShowCommand.self],
        defaultSubcommand: SweepStartCommand.self)
}

struct SweepStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Plan a sweep and run it (the default: `sweep --lr 1e-3,3e-4 …` is `sweep start --lr 1e-3,3e-4 …`).",
        discussion: """
            Each recipe flag of `train` takes one value, a list (--lr 1e-3,3e-4: a grid, the Cartesian product, \
            the first flag varying slowest) or, with --random N, a distribution: uniform:A:B, loguniform:A:B, int:A:B.
            The sweep is saved in RUNS/sweeps/<id>/sweep.json; each trial is an ordinary run folder in RUNS.
            """)

    @OptionGroup(title: "Swept flags") var sweepable: SweepableOptions
    @OptionGroup(title: "Launching") var launch: SweepLaunchOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var runs: RunsOptions
    @Flag(help: "Print the trials (and with --launcher slurm the batch script), then exit without starting any.")
    var dryRun = false
    @Flag(help: "Print JSON lines: one per trial, then the summary.") var json = false
    @Flag(help: "Run a plan of more than 1,000 trials.") var yes = false

    static let confirmationLimit = 1_000

    func run() throws {
        let (plan, trials) = try sweepable.plan(threads: launch.threadsPerTrial)
        if dryRun { return printDryRun(plan, trials) }
        if trials.count > Self.confirmationLimit && !yes { throw SweepError.tooManyTrials(count: trials.count) }
        let sweep = try SweepFolder.create(in: runs.url) { id in
            SweepRecord(id: id, command: [CommandName.current] + Array(CommandLine.arguments.dropFirst()), created: Date(),
                        dataDirectory: data.directory, sweptFlags: plan.sweptFlags,
                        sweepSeed: sweepable.random == nil ? nil : sweepable.sweepSeed, trials: trials)
        }
        try launch.launch(sweep, indices: trials.map(\.index), data: data, runs: runs, json: json)
    }

    private func printDryRun(_ plan: SweepPlan, _ trials: [SweepTrial]) {
        if json {
            for trial in trials {
                SweepProgress.emitJSON(["trial": trial.index, "values": trial.values,
                                        "configuration": (try? JSONSerialization.jsonObject(with: RunJSON.encode(trial.configuration))) ?? [:]])
            }
        } else {
            var table = TextTable([("trial", .right)] + plan.sweptFlags.map { ($0, .left) })
            for trial in trials { table.append([String(trial.index)] + plan.sweptFlags.map { trial.values[$0] ?? "" }) }
            for line in table.lines() { print(line) }
            print("\(trials.count) trial\(trials.count == 1 ? "" : "s")"
                + (trials.count > Self.confirmationLimit && !yes ? " (more than \(Self.confirmationLimit): running them needs --yes)" : "")
                + "; nothing started (--dry-run)")
        }
        guard launch.launcher == .slurm else { return }
        let id = SweepFolder.proposedID(date: Date())
        let folder = SweepFolder.sweepsDirectory(in: runs.url).appendingPathComponent(id).standardizedFileURL
        print("")
        print("# batch script for sweep \(id) (not submitted):")
        print(SlurmLauncher.batchScript(sweepID: id, sweepFolder: folder, executable: SweepLaunchOptions.executable,
                                        indices: trials.map(\.index), options: launch.slurm), terminator: "")
    }
}
