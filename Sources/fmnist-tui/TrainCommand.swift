// `fmnist-tui train`: headless training with a progress line or JSON lines.
import ArgumentParser
import Foundation
import NeuralNet
import Training

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train one model headless and score it on the test set.")

    @Option(help: "Model: fcnn or cnn.") var model: ModelKind = .fcnn
    @Option(help: "Epochs to train.") var epochs = 50
    @Option(help: "Images per batch.") var batchSize = 20
    @Option(name: .customLong("lr"), help: "Adam learning rate.") var learningRate = 1e-3
    @Option(help: "Seed of the split, initialisation, shuffling and dropout.") var seed: UInt64 = 0
    @Option(help: "Train on the first N of the 48,000 training images.") var trainLimit: Int?
    @Option(help: "Compute threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var data: DataOptions
    @OptionGroup var runs: RunsOptions
    @Flag(help: "Print JSON lines only: one per epoch and a final one.") var json = false

    func validate() throws {
        do { try trainingConfiguration.validate() } catch { throw ValidationError(error.description) }
    }

    var trainingConfiguration: TrainingConfiguration {
        var configuration = TrainingConfiguration(model: model)
        configuration.epochs = epochs
        configuration.batchSize = batchSize
        configuration.learningRate = learningRate
        configuration.seed = seed
        configuration.trainLimit = trainLimit
        configuration.threads = threads
        return configuration
    }

    func run() throws {
        Gemm.useSingleThreadedBLAS()
        let dataset = try data.load()
        let store = try RunStore(runsDirectory: runs.url, configuration: trainingConfiguration, dataFiles: dataset.files)
        let trainer = Trainer(configuration: trainingConfiguration, dataset: dataset, runStore: store)
        let reporter = TrainReporter(json: json, interactive: isatty(STDOUT_FILENO) == 1)
        let interrupt = InterruptHandler { trainer.control.stop() }
        defer { interrupt.cancel() }
        try trainer.run { reporter.report($0) }
    }
}
