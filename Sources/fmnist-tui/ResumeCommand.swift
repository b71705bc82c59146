// `fmnist-tui resume RUN`: continue a stopped or unfinished run from its last completed epoch.
import ArgumentParser
import Foundation
import NeuralNet
import Training

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue a run from its last completed epoch.")

    @OptionGroup var runArgument: RunArgument
    @Option(help: "Train until this many epochs in all (default: the run's plan).") var epochs: Int?
    @OptionGroup var data: DataOptions
    @OptionGroup var tensorboard: TensorBoardOptions
    @Flag(help: "Print JSON lines only: one per epoch and a final one.") var json = false

    /// `--epochs` is checked with the run's other settings by `Trainer.resume`, before it writes anything.
    func run() throws {
        let record = try runArgument.record()
        let trainer = try Trainer.resume(record, dataset: data.load(), epochs: epochs)
        let reporter = TrainReporter(json: json, interactive: isatty(STDOUT_FILENO) == 1)
        let recorder = try tensorboard.recorder(runFolder: record.folder) { Warnings.print([$0]) }
        let interrupt = InterruptHandler { trainer.control.stop() }
        defer { interrupt.cancel() }
        try trainer.run { reporter.report($0); recorder?.record($0) }
    }
}
