// `fmnist-tui sweep run-trial SWEEP --index I`: one worker of a sweep, what each Slurm array task and each
// local child runs. It claims the trial (see TrialClaim), trains or resumes its run, and exits with its status.
import ArgumentParser
import Dispatch
import FashionMNIST
import Foundation
import ProgramInfo
import Training

struct SweepRunTrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-trial",
        abstract: "Run one trial of a sweep (what each Slurm array task runs); a finished or running trial is left alone.")

    @Argument(help: ArgumentHelp("The sweep: its id, a unique prefix, or its folder.", valueName: "sweep")) var sweep: String
    @Option(help: "The trial's index (0 to trials − 1).") var index: Int
    @OptionGroup var data: DataOptions
    @OptionGroup var runs: RunsOptions
    @Option(help: .hidden) var parentPid: Int32?

    func run() throws {
        let folder = try SweepFolder.locate(sweep, in: runs.url)
        let record = try folder.read()
        guard record.trials.indices.contains(index) else {
            throw SweepError.noSuchTrial(sweep: folder.id, index: index, count: record.trials.count)
        }
        let claim: TrialClaim
        do {
            let directory = FashionMNIST.resolveDirectory(flag: data.directory ?? record.dataDirectory)
            claim = try folder.claim(trial: index, dataset: FashionMNIST.load(from: directory))
        } catch {
            try? folder.recordFailure(trial: index, reason: "\(error)")
            throw error
        }
        switch claim {
        case .finished(let runID):
            say("trial \(index) of sweep \(folder.id): run \(runID) has finished already")
        case .busy(let runID):
            say("trial \(index) of sweep \(folder.id): run \(runID) is being trained by another process; left to it")
        case .failed(let runID):
            let reason = record.trials[index].failure.map { ": \($0)" } ?? ""
            throw UserFacingError(description: "trial \(index) of sweep \(folder.id): run \(runID) failed earlier\(reason); "
                + "it is left as it is (`\(CommandName.current) resume \(runID)\(runs.suggestedFlag)` retries it)")
        case .train(let trainer, let runID, let resumed):
            say("trial \(index) of sweep \(folder.id): \(resumed ? "resuming" : "training") run \(runID)")
            try train(trainer, sweep: folder)
        }
    }

    /// A line on stdout at once: the trainer's lines follow it in a Slurm task's output file.
    private func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    private func train(_ trainer: Trainer, sweep: SweepFolder) throws {
        let reporter = TrainReporter(json: false, interactive: false)
        let interrupt = InterruptHandler { trainer.control.stop() }
        defer { interrupt.cancel() }
        let watch = parentPid.map { ParentWatch(parent: $0) { trainer.control.stop() } }
        defer { watch?.cancel() }
        do {
            try trainer.run { reporter.report($0) }
        } catch {
            try? sweep.recordFailure(trial: index, reason: "\(error)")
            throw error
        }
    }
}

/// Stops a local sweep's trial when the sweep that started it is gone (killed, even by kill -9): the child
/// is re-parented, so its parent id changes.
final class ParentWatch: @unchecked Sendable {
    private let timer = DispatchSource.makeTimerSource(queue: .global())

    init(parent: Int32, onGone: @escaping @Sendable () -> Void) {
        timer.schedule(deadline: .now(), repeating: .milliseconds(50))
        timer.setEventHandler { if getppid() != parent { onGone() } }
        timer.resume()
    }

    func cancel() { timer.cancel() }
}
