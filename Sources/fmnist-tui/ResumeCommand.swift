// `fmnist-tui resume RUN`: continue a stopped or unfinished run from its last completed epoch.
import ArgumentParser
import Foundation
import NeuralNet
import Training

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue a run from its last completed epoch.")

    @Argument(help: ArgumentHelp("The run: its id (folder name, or a unique prefix) or its folder path.", valueName: "run"))
    var runReference: String
    @Option(help: "Train until this many epochs in all (default: the run's plan).") var epochs: Int?
    @OptionGroup var data: DataOptions
    @OptionGroup var runs: RunsOptions
    @OptionGroup var tensorboard: TensorBoardOptions
    @Flag(help: "Print JSON lines only: one per epoch and a final one.") var json = false

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs \(epochs): must be at least 1") }
    }

    func run() throws {
        let record = try RunRecord(folder: RunRecord.locate(runReference, in: runs.url))
        for warning in record.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let trainer = try Trainer(resuming: record, dataset: data.load(), epochs: epochs)
        let reporter = TrainReporter(json: json, interactive: isatty(STDOUT_FILENO) == 1)
        let recorder = try tensorboard.recorder(runFolder: record.folder) { printWarnings([$0]) }
        let interrupt = InterruptHandler { trainer.control.stop() }
        defer { interrupt.cancel() }
        try trainer.run { reporter.report($0); recorder?.record($0) }
    }
}
