// Resuming a run: a trainer restored from a run folder's last checkpoint, after the folder is made consistent.
import FashionMNIST
import Foundation
import NeuralNet

extension Trainer {
    /// A trainer that continues the run in `record` from its last completed epoch, exactly where it left
    /// off (from the start when it never completed one). Writes into the run folder before returning: takes
    /// the run's lock, finishes a save a crash interrupted (see CheckpointFiles.swift), rewrites
    /// metrics.jsonl with the completed epochs only, and config.json when `epochs` changes the plan.
    /// - Parameter epochs: a new number of planned epochs, if given; checked with the run's other settings
    ///   (`ConfigurationError`) before anything is written.
    public static func resume(_ record: RunRecord, dataset: FashionMNIST, epochs: Int? = nil) throws -> Trainer {
        if record.state == .diverged {
            throw RunError.notResumable(folder: record.folder.path, reason: "it diverged (its loss became NaN or infinite "
                + "with learning rate \(record.settings.configuration.learningRate)) and would diverge again from the same "
                + "weights; train a new run with a lower --lr")
        }
        var configuration = record.settings.configuration
        if let epochs { configuration.epochs = epochs }
        try configuration.validate()
        let store = try RunStore(folder: record.folder)
        let point = try ResumePoint(record: record, model: configuration.model)
        let trainer = Trainer(configuration: configuration, dataset: dataset, runStore: store)
        if let point { try trainer.restore(point, store: store) }
        try store.rewriteMetrics(trainer.history)
        if epochs != nil {
            var settings = record.settings
            settings.configuration = configuration
            try store.updateSettings(settings)
        }
        return trainer
    }

    /// Loads the weights, moments, random state and history of `point`.
    private func restore(_ point: ResumePoint, store: RunStore) throws {
        if let best = point.best {
            try Checkpoint.load(best, into: network, file: CheckpointFiles.best)
            bestWeights = network.store.snapshot()
        }
        try Checkpoint.load(point.last, into: network, file: CheckpointFiles.last)
        if point.state.bestEpoch == point.state.completedEpochs { bestWeights = network.store.snapshot() }
        guard let moments = OptimizerFile.moments(point.optimizer, parameters: network.store.parameters) else {
            throw RunError.notResumable(folder: store.folder.path, reason: "the optimizer file lacks some moments")
        }
        optimizer.restore(step: point.state.adamStep, moments: moments)
        rng = SplitMix64(seed: point.state.rngState)
        bestEpoch = point.state.bestEpoch
        bestValidLoss = point.state.bestValidLoss
        history = point.history
        try store.finishInterruptedSave(point, network: network)
    }
}
