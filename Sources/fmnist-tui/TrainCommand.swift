// `fmnist-tui train`: headless training with a progress line or JSON lines.
import ArgumentParser
import Foundation
import NeuralNet
import Training

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train one model headless and score it on the test set.")

    @Option(help: "Model: fcnn or cnn.") var model: ModelKind = .fcnn
    @OptionGroup var recipe: RecipeOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var runs: RunsOptions
    @OptionGroup var tensorboard: TensorBoardOptions
    @Flag(help: "Print JSON lines only: one per epoch and a final one.") var json = false

    func validate() throws { try recipe.validate(for: model) }

    var trainingConfiguration: TrainingConfiguration { recipe.configuration(for: model) }

    func run() throws {
        let dataset = try data.load()
        let store = try RunStore(runsDirectory: runs.url, configuration: trainingConfiguration, dataFiles: dataset.files)
        let trainer = Trainer(configuration: trainingConfiguration, dataset: dataset, runStore: store)
        let reporter = TrainReporter(json: json, interactive: isatty(STDOUT_FILENO) == 1)
        let recorder = try tensorboard.recorder(runFolder: store.folder) { Warnings.print([$0]) }
        let interrupt = InterruptHandler { trainer.control.stop() }
        defer { interrupt.cancel() }
        try trainer.run { reporter.report($0); recorder?.record($0) }
    }
}
