// RunStarter: makes the run folder and the trainer of a run the dashboard starts: the ones it opens with and
// those of the new-run form (#12), each an ordinary run folder as `train` writes it.
import FashionMNIST
import Foundation
import NeuralNet
import Training

/// What the session asks to start a run begun from the new-run form.
public protocol RunStarter: Sendable {
    /// Makes the run's folder and its trainer, not started yet, and the state its tab starts from.
    func startRun(_ configuration: TrainingConfiguration) throws -> (trainer: any TrainerHandle, model: ModelRunState)
}

/// Runs on the dashboard's data set in its runs folder, with what the dashboard's screens need of a trainer.
public struct DashboardRunStarter: RunStarter {
    /// Test images predicted after every epoch for the sample strip and the misclassified browser.
    public static let previewCount = 1000

    let dataset: FashionMNIST
    let runsDirectory: URL
    /// `dashboard --train-limit`, for every run the dashboard starts.
    let trainLimit: Int?
    /// Threads each trainer's pool is made with (all cores): the session narrows each to its share.
    let threads: Int
    /// The handle the session steers (with `--tensorboard`, one that also records the run).
    let makeHandle: @Sendable (Trainer) throws -> any TrainerHandle

    public init(dataset: FashionMNIST, runsDirectory: URL, trainLimit: Int?, threads: Int,
                makeHandle: @escaping @Sendable (Trainer) throws -> any TrainerHandle = { TrainerThread($0) }) {
        self.dataset = dataset
        self.runsDirectory = runsDirectory
        self.trainLimit = trainLimit
        self.threads = max(1, threads)
        self.makeHandle = makeHandle
    }

    /// A new run's trainer: its folder made and config.json written, as `train` does.
    public func makeTrainer(_ configuration: TrainingConfiguration) throws -> Trainer {
        var configuration = configuration
        configuration.trainLimit = trainLimit
        configuration.threads = threads
        let store = try RunStore(runsDirectory: runsDirectory, configuration: configuration, dataFiles: dataset.files)
        let trainer = Trainer(configuration: configuration, dataset: dataset, runStore: store)
        Self.prepare(trainer)
        return trainer
    }

    /// What the dashboard's screens need of any of its trainers, new or resumed.
    public static func prepare(_ trainer: Trainer) {
        trainer.previewCount = previewCount
        trainer.samplesLayerHealth = true   // the layer-health screen (#14)
        trainer.sharesEpochWeights = true   // the projector and filters screens (#14)
    }

    public func startRun(_ configuration: TrainingConfiguration) throws -> (trainer: any TrainerHandle, model: ModelRunState) {
        let trainer = try makeTrainer(configuration)
        return (try makeHandle(trainer), ModelRunState(trainer: trainer))
    }
}

extension ModelRunState {
    /// The state of a trainer's tab before its first event.
    public init(trainer: Trainer) {
        let configuration = trainer.configuration
        self.init(model: configuration.model, plannedEpochs: configuration.epochs, batchSize: configuration.batchSize,
                  computeThreads: trainer.pool.width, runID: trainer.runFolder?.lastPathComponent,
                  recipe: configuration.recipe.rawValue)
    }
}
