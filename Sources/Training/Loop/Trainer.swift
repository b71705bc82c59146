// The training loop: epochs of shuffled mini-batches, validation, best-weights tracking, test scores.
import FashionMNIST
import Foundation
import ModelFiles
import NeuralNet

public final class Trainer: @unchecked Sendable {
    public let configuration: TrainingConfiguration
    public let network: Network
    public let optimizer: Adam
    public let pool: ComputePool
    public let control = TrainerControl()
    public let split: DataSplit
    let dataset: FashionMNIST
    let trainAssembler: BatchAssembler
    let testAssembler: BatchAssembler
    let augmentation: Augmentation
    let lossFunction: CrossEntropy
    let runStore: RunStore?
    /// The run's folder, when it has one.
    public var runFolder: URL? { runStore?.folder }
    /// Test images predicted after every epoch for a live preview (0: none).
    public var previewCount = 0
    // Insight (#14), for the dashboard: layer health sampled every few steps, and the weights each
    // epoch ends with (the projector and the filters work on a copy, off this thread).
    /// Sample layer health (LayerHealthSampler) and report it in progress and epoch events.
    public var samplesLayerHealth = false
    /// Put a snapshot of the weights in each EpochReport (and a resumed run's in TrainingStart).
    public var sharesEpochWeights = false
    private var healthSampler: LayerHealthSampler?

    // Set by `resume` (Trainer+Resume.swift) as well as by the loop.
    public internal(set) var history = [EpochMetrics]()
    public internal(set) var bestEpoch = 0
    public internal(set) var bestValidLoss = Double.infinity
    /// The schedule's rate for the latest step (the optimizer holds it as a Float).
    public private(set) var learningRate = 0.0
    var bestWeights: ParameterSnapshot
    var rng: SplitMix64
    /// Buffers of `step`, made once.
    private let stepInput = Tensor(shape: [1]), logitsGradient = Tensor(shape: [1])
    private var stepLabels = [Int32]()

    public init(configuration: TrainingConfiguration, dataset: FashionMNIST, runStore: RunStore? = nil) {
        self.configuration = configuration
        self.dataset = dataset
        self.runStore = runStore
        pool = ComputePool(width: configuration.threads)
        split = DataSplit(total: dataset.train.count, seed: configuration.seed, trainLimit: configuration.trainLimit,
                          fullTrain: configuration.fullTrain)
        trainAssembler = BatchAssembler(images: dataset.train, normalized: configuration.normalizeInputs)
        testAssembler = BatchAssembler(images: dataset.test, normalized: configuration.normalizeInputs)
        augmentation = Augmentation(flip: configuration.flipAugmentation, cropPadding: configuration.cropPadding,
                                    eraseProbability: configuration.eraseProbability)
        lossFunction = CrossEntropy(labelSmoothing: Float(configuration.labelSmoothing))
        rng = SplitMix64(seed: configuration.seed)
        var initRNG = rng.fork()
        network = Network(configuration.model)
        network.initialize(rng: &initRNG)
        optimizer = Adam(network.store, learningRate: Float(configuration.learningRate),
                         weightDecay: Float(configuration.weightDecay))
        bestWeights = network.store.snapshot()
    }

    /// The state to save after a completed epoch.
    var resumeState: ResumeState {
        ResumeState(model: configuration.model, completedEpochs: history.count, adamStep: optimizer.step,
                    rngState: rng.state, bestEpoch: bestEpoch, bestValidLoss: bestValidLoss)
    }

    public var batchesPerEpoch: Int {
        (split.trainIndices.count + configuration.batchSize - 1) / configuration.batchSize
    }

    /// Trains until the planned epochs are done or a stop is requested, reporting through `emit`.
    /// Returns the final report, or nil when stopped early. A failure marks the run `failed`, a loss out of
    /// bounds or a weight not finite `diverged` (`TrainingDiverged`).
    @discardableResult
    public func run(emit: @escaping @Sendable (TrainingEvent) -> Void) throws -> FinalReport? {
        do {
            try runStore?.writeState(.running)
            return try trainRemainingEpochs(emit: emit)
        } catch let diverged as TrainingDiverged {
            try? runStore?.writeState(.diverged)
            throw diverged
        } catch {
            try? runStore?.markFailed()
            throw error
        }
    }

    private func trainRemainingEpochs(emit: @escaping @Sendable (TrainingEvent) -> Void) throws -> FinalReport? {
        let model = configuration.model
        var evaluator = Evaluator(pool: pool)
        var start = TrainingStart(model: model, configuration: configuration, runFolder: runStore?.folder,
                                  batchesPerEpoch: batchesPerEpoch, completedEpochs: history.count, history: history)
        if !history.isEmpty && previewCount > 0 {
            start.restoredValidation = validation(&evaluator)
            start.restoredPreview = testPreview(&evaluator)
        }
        if !history.isEmpty && sharesEpochWeights { start.restoredWeights = network.store.snapshot() }
        if samplesLayerHealth { healthSampler = LayerHealthSampler(network: network, batchesPerEpoch: batchesPerEpoch) }
        emit(.started(start))
        while history.count < configuration.epochs {
            let epoch = history.count + 1
            let started = Date()
            guard let trained = try trainEpoch(epoch, emit: emit) else {
                try runStore?.markStopped()
                emit(.stopped(model, completedEpochs: history.count))
                return nil
            }
            // Without a validation split (--full-train) every epoch's weights count as the best so far.
            let validation = validation(&evaluator)
            if let validation, TrainingDiverged.isDiverged(validation.loss) {
                throw diverged(epoch, "the validation loss", validation.loss)
            }
            // The last step can make weights infinite after its loss was computed; they must never be saved.
            let weights = network.store.snapshot()
            if let value = weights.firstNonFinite { throw diverged(epoch, "a weight", Double(value)) }
            let isBest = validation.map { $0.loss < bestValidLoss } ?? true
            if isBest {
                bestValidLoss = validation?.loss ?? bestValidLoss
                bestEpoch = epoch
                bestWeights = weights
            }
            let metrics = EpochMetrics(epoch: epoch, trainLoss: trained.loss, validLoss: validation?.loss,
                                       validAccuracy: validation?.accuracy, seconds: Date().timeIntervalSince(started),
                                       learningRate: learningRate,
                                       imagesPerSecond: Double(split.trainIndices.count) / trained.seconds,
                                       validConfusion: validation?.confusion)
            history.append(metrics)
            try runStore?.saveEpoch(metrics, network: network, optimizer: optimizer, state: resumeState, improved: isBest)
            emit(.epochFinished(EpochReport(model: model, metrics: metrics, validation: validation, isBest: isBest,
                                            bestEpoch: bestEpoch, bestValidLoss: bestValidLoss,
                                            testPreview: testPreview(&evaluator), layerHealth: healthSampler?.endEpoch(),
                                            weights: sharesEpochWeights ? network.store.snapshot() : nil)))
        }
        // The last weights are the best ones when the last epoch was best (always with --full-train):
        // then one pass over the test set serves both scores.
        let lastIsBest = bestEpoch == history.count
        let (lastTest, lastPredictions) = evaluator.evaluate(network, on: testAssembler, keepProbabilities: lastIsBest)
        var (test, predictions) = (lastTest, lastPredictions)
        if !lastIsBest {
            let lastWeights = network.store.snapshot()
            network.store.restore(bestWeights)
            (test, predictions) = evaluator.evaluate(network, on: testAssembler, keepProbabilities: true)
            network.store.restore(lastWeights)
        }
        let report = FinalReport(model: model, bestEpoch: bestEpoch, test: test, lastTest: lastTest,
                                 testPredictions: predictions!, runFolder: runStore?.folder)
        try runStore?.recordFinal(report)
        emit(.finished(report))
        return report
    }

    /// One optimisation step on the training images `indices`; returns the batch's mean loss.
    public func step(on indices: ArraySlice<Int>) -> Double {
        trainAssembler.fill(stepInput, labels: &stepLabels, indices: indices, augmentation: augmentation, rng: &rng,
                           pool: pool)
        learningRate = configuration.schedule.rate(
            step: optimizer.step, totalSteps: configuration.epochs * batchesPerEpoch,
            warmupSteps: Int((configuration.warmupEpochs * Double(batchesPerEpoch)).rounded()),
            peak: configuration.learningRate)
        optimizer.learningRate = Float(learningRate)
        optimizer.beginStep()
        let context = PassContext(pool: pool, training: true, dropoutSeed: rng.next(), optimizer: optimizer)
        let probedLayers = healthSampler?.begin(step: optimizer.step)   // nil on all but every N-th step
        let (logits, activations) = network.forward(stepInput, context, capturing: probedLayers ?? [])
        let loss = stepLabels.withUnsafeBufferPointer {
            lossFunction.loss(logits: logits, labels: $0, gradient: logitsGradient, pool: pool)
        }
        network.backward(logitsGradient, context)   // also updates the parameters
        if probedLayers != nil { healthSampler?.finish(step: optimizer.step, loss: loss, activations: activations) }
        return loss
    }

    private func diverged(_ epoch: Int, _ what: String, _ value: Double) -> TrainingDiverged {
        TrainingDiverged(model: configuration.model, epoch: epoch, what: what, value: value, learningRate: learningRate)
    }

    /// The current weights on the validation split; nil without one (--full-train).
    private func validation(_ evaluator: inout Evaluator) -> Evaluation? {
        split.validationIndices.isEmpty ? nil
            : evaluator.evaluate(network, on: trainAssembler, indices: split.validationIndices).0
    }

    /// The current weights' predictions on the first `previewCount` test images; nil when 0.
    private func testPreview(_ evaluator: inout Evaluator) -> Predictions? {
        guard previewCount > 0 else { return nil }
        return evaluator.evaluate(network, on: testAssembler, indices: Array(0..<min(previewCount, dataset.test.count)),
                                  keepProbabilities: true).1
    }

    /// Scores the current weights on the validation images; nil without a validation split.
    public func validate() -> Evaluation? {
        var evaluator = Evaluator(pool: pool)
        return validation(&evaluator)
    }

    /// One pass over the shuffled training images; returns the mean batch loss and the seconds spent in
    /// training steps (pauses and progress reports left out), or nil on stop.
    private func trainEpoch(_ epoch: Int, emit: @escaping @Sendable (TrainingEvent) -> Void)
        throws(TrainingDiverged) -> (loss: Double, seconds: Double)? {
        let model = configuration.model
        var order = split.trainIndices
        order.shuffle(using: &rng)
        var lossSum = 0.0, stepSeconds = 0.0
        var lastReport = Date.distantPast
        var clock = Date()
        var imagesSinceClock = 0
        var imagesPerSecond = 0.0
        let batches = batchesPerEpoch
        for batch in 0..<batches {
            let proceed = control.proceed(onPause: { [runStore] in
                try? runStore?.markPaused(true)
                emit(.paused(model))
            }, onResume: { [runStore] in
                try? runStore?.markPaused(false)
                emit(.resumed(model))
                clock = Date()
                imagesSinceClock = 0
            })
            guard proceed else { return nil }
            let start = batch * configuration.batchSize
            let indices = order[start..<min(start + configuration.batchSize, order.count)]
            let stepStarted = Date()
            let loss = step(on: indices)
            if TrainingDiverged.isDiverged(loss) { throw diverged(epoch, "the loss of batch \(batch + 1)", loss) }
            lossSum += loss
            imagesSinceClock += indices.count
            let now = Date()
            stepSeconds += now.timeIntervalSince(stepStarted)
            if now.timeIntervalSince(lastReport) >= 0.1 || batch == batches - 1 {
                let elapsed = now.timeIntervalSince(clock)
                if elapsed > 0.5 {
                    imagesPerSecond = Double(imagesSinceClock) / elapsed
                    clock = now
                    imagesSinceClock = 0
                }
                lastReport = now
                emit(.progress(BatchProgress(model: model, epoch: epoch, batch: batch + 1, batchesPerEpoch: batches,
                                             runningLoss: lossSum / Double(batch + 1), imagesPerSecond: imagesPerSecond,
                                             healthSamples: healthSampler?.takeSamples() ?? [])))
            }
        }
        return (lossSum / Double(batches), stepSeconds)
    }
}
