// Reducer+Training: folding a trainer's events into its model's state.
import TerminalUI
import Training

extension DashboardState {
    mutating func apply(_ event: TrainingEvent, slot: Int) -> [DashboardEffect] {
        guard models.indices.contains(slot) else { return [] }
        switch event {
        case .started(let start):
            models[slot].start(start, testLabels: testImages.labels)
            return startInsight(start, slot: slot)
        case .progress(let progress):
            models[slot].record(progress)
            models[slot].health.record(progress.healthSamples)
            return []
        case .epochFinished(let report):
            models[slot].finishEpoch(report, testLabels: testImages.labels)
            return finishInsightEpoch(report, slot: slot)
        case .paused:
            models[slot].phase = .paused
            return shareCores()
        case .resumed:
            models[slot].phase = .training
            return shareCores()
        case .stopped:
            models[slot].phase = .stopped
            models[slot].endEpochTrace()
            return shareCores()
        case .finished(let report):
            models[slot].finish(report, testLabels: testImages.labels)
            // The predictions are now the best weights': the worker reads their file before a map asks for it.
            return shareCores() + prepareSaliency(slot: slot)
        case .failed(_, let message):
            models[slot].phase = .failed(message)
            models[slot].endEpochTrace()
            post("\(models[slot].model.displayName) failed: \(message)", isError: true)
            return shareCores()
        case .diverged(_, let message):
            models[slot].phase = .diverged(message)
            models[slot].endEpochTrace()
            post(message, isError: true)
            return shareCores()
        }
    }
}

extension ModelRunState {
    mutating func start(_ start: TrainingStart, testLabels: [UInt8]) {
        if phase == .starting { phase = .training }
        runID = start.runFolder?.lastPathComponent
        runFolder = start.runFolder
        normalizesInputs = start.configuration.normalizeInputs
        settings = start.configuration
        plannedEpochs = start.configuration.epochs
        batchSize = start.configuration.batchSize
        recipe = start.configuration.recipe.rawValue
        batchesPerEpoch = start.batchesPerEpoch
        history = start.history
        if let validation = start.restoredValidation {
            confusion = ConfusionSnapshot(source: .validation(epoch: start.completedEpochs), evaluation: validation)
        }
        if let preview = start.restoredPreview {
            predictions = PredictionSnapshot(source: .preview(epoch: start.completedEpochs), predictions: preview,
                                             misclassified: MisclassifiedImage.list(preview, labels: testLabels))
        }
        if let best = start.history.min(by: { ($0.validLoss ?? .infinity) < ($1.validLoss ?? .infinity) }),
           let loss = best.validLoss {
            bestEpoch = best.epoch
            bestValidLoss = loss
        }
    }

    mutating func record(_ report: BatchProgress) {
        if phase == .starting { phase = .training }
        progress = report
        batchesPerEpoch = report.batchesPerEpoch
        if report.imagesPerSecond > 0 { imagesPerSecond = report.imagesPerSecond }
        // The mean of the first few batches swings wildly; the trace starts once it has settled.
        guard report.batch >= max(10, report.batchesPerEpoch / 20) else { return }
        let x = Double(report.epoch - 1) + Double(report.batch) / Double(max(report.batchesPerEpoch, 1))
        appendRunningLoss(ChartPoint(x: x, y: report.runningLoss))
    }

    mutating func finishEpoch(_ report: EpochReport, testLabels: [UInt8]) {
        if !history.contains(where: { $0.epoch == report.metrics.epoch }) { history.append(report.metrics) }
        endEpochTrace()
        bestEpoch = report.bestEpoch
        bestValidLoss = report.bestValidLoss
        if let validation = report.validation {
            confusion = ConfusionSnapshot(source: .validation(epoch: report.metrics.epoch), evaluation: validation)
        }
        if let preview = report.testPreview {
            predictions = PredictionSnapshot(source: .preview(epoch: report.metrics.epoch), predictions: preview,
                                             misclassified: MisclassifiedImage.list(preview, labels: testLabels))
        }
    }

    mutating func finish(_ report: FinalReport, testLabels: [UInt8]) {
        phase = .finished
        endEpochTrace()
        bestEpoch = report.bestEpoch
        testAccuracy = report.test.accuracy
        confusion = ConfusionSnapshot(source: .test(bestEpoch: report.bestEpoch), evaluation: report.test)
        predictions = PredictionSnapshot(source: .test(bestEpoch: report.bestEpoch), predictions: report.testPredictions,
                                         misclassified: MisclassifiedImage.list(report.testPredictions, labels: testLabels))
    }

    /// Between epochs there is no batch progress and no running-loss trace.
    mutating func endEpochTrace() {
        progress = nil
        runningLoss = []
    }
}
