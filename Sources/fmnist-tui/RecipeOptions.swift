// The recipe flags shared by train, bench and dashboard: a preset, then per-flag overrides.
import ArgumentParser
import Foundation
import NeuralNet
import Training

extension Recipe: ExpressibleByArgument {}
extension LearningRateSchedule: ExpressibleByArgument {}

extension Recipe {
    /// The presets for help texts.
    static let choices = "seed (the notebook's), improved, or fast (improved on a short schedule)"
    var epochs: String { preset { "\($0.epochs)" } }
    var peakRate: String { preset { "\($0.learningRate)" } }
    /// One setting of this preset, for help texts: "25", or "CNN …, FCNN …" where the models differ.
    private func preset(_ setting: (TrainingConfiguration) -> String) -> String {
        let cnn = setting(TrainingConfiguration(model: .cnn, recipe: self))
        let fcnn = setting(TrainingConfiguration(model: .fcnn, recipe: self))
        return cnn == fcnn ? cnn : "CNN \(cnn), FCNN \(fcnn)"
    }
}

struct RecipeOptions: ParsableArguments {
    @Option(help: "Hyperparameter preset: \(Recipe.choices). Flags below override it.")
    var recipe: Recipe = .seed
    @Option(help: "Epochs to train (seed: \(Recipe.seed.epochs), improved: \(Recipe.improved.epochs), fast: \(Recipe.fast.epochs)).") var epochs: Int?
    @Option(help: "Images per batch (seed: 20, improved and fast: 128).") var batchSize: Int?
    @Option(name: .customLong("lr"),
            help: "Learning rate, the peak of a schedule (seed and improved: 0.001, fast: \(Recipe.fast.peakRate)).")
    var learningRate: Double?
    @Option(help: "Decoupled weight decay on weights (seed: 0, improved and fast: CNN 0.05, FCNN 0.01).") var weightDecay: Double?
    @Option(help: "Label smoothing of the cross-entropy (seed: 0, improved and fast: 0.1).") var labelSmoothing: Double?
    @Option(help: "Learning-rate schedule: constant or warmup-cosine (improved and fast).") var schedule: LearningRateSchedule?
    @Option(help: "Epochs of linear warm-up in warmup-cosine (improved and fast: 1).") var warmupEpochs: Double?
    @Option(help: "Normalise inputs with the training set's mean and std: true or false (improved and fast: true).")
    var normalize: Bool?
    @Option(help: "Horizontal flips, never of footwear: true or false (improved and fast: true).") var flip: Bool?
    @Option(help: "Random crops from the image padded by N pixels (improved and fast: CNN 2, FCNN 0).") var cropPadding: Int?
    @Option(help: "Chance of random erasing: a rectangle of a training image replaced by random pixels (default 0).")
    var eraseProbability: Double?
    @Flag(help: "Train on all 60,000 training images, without a validation split; the last weights are scored.")
    var fullTrain = false
    @Option(help: "Seed of the split, initialisation, shuffling, dropout and augmentation.") var seed: UInt64 = 0
    @Option(help: "Train on the first N of the training images.") var trainLimit: Int?
    @Option(help: "Compute threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount

    /// The recipe's preset for `model` with every given flag applied.
    func configuration(for model: ModelKind) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(model: model, recipe: recipe)
        if let epochs { configuration.epochs = epochs }
        if let batchSize { configuration.batchSize = batchSize }
        if let learningRate { configuration.learningRate = learningRate }
        if let weightDecay { configuration.weightDecay = weightDecay }
        if let labelSmoothing { configuration.labelSmoothing = labelSmoothing }
        if let schedule { configuration.schedule = schedule }
        if let warmupEpochs { configuration.warmupEpochs = warmupEpochs }
        if let normalize { configuration.normalizeInputs = normalize }
        if let flip { configuration.flipAugmentation = flip }
        if let cropPadding { configuration.cropPadding = cropPadding }
        if let eraseProbability { configuration.eraseProbability = eraseProbability }
        configuration.fullTrain = fullTrain
        configuration.seed = seed
        configuration.trainLimit = trainLimit
        configuration.threads = threads
        return configuration
    }

    func validate(for model: ModelKind) throws { try configuration(for: model).validateFlags() }
}

extension TrainingConfiguration {
    /// `validate()` as an argument error, so that a bad flag is reported with the command's usage.
    func validateFlags() throws {
        do { try validate() } catch { throw ValidationError(error.description) }
    }
}
