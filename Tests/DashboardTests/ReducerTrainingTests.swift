// ReducerTrainingTests: training events → each model's state: start, progress, epochs, the end, failures.
import Testing
import TerminalUI
@testable import Dashboard
@testable import Training

@Suite struct ReducerTrainingTests {
    @Test func startedTakesTheRunAndAResumedHistory() {
        let history = [Fixtures.metrics(1, train: 0.6, valid: 0.45, accuracy: 0.84),
                       Fixtures.metrics(2, train: 0.4, valid: 0.47, accuracy: 0.85)]
        let state = Fixtures.reduced([.training(slot: 1, Fixtures.started(.cnn, history: history))])
        let cnn = state.models[1]
        #expect(cnn.phase == .training && cnn.runID == "20250412-153012-cnn")
        #expect(cnn.batchesPerEpoch == 100 && cnn.plannedEpochs == 5)
        #expect(cnn.history == history && cnn.bestEpoch == 1 && cnn.bestValidLoss == 0.45)
        #expect(cnn.currentEpoch == 3)
        #expect(cnn.confusion == nil && cnn.predictions == nil)
    }

    @Test func aResumedRunShowsItsRestoredWeightsConfusionAndSamplesAtOnce() {
        let history = [Fixtures.metrics(1, train: 0.6, valid: 0.45, accuracy: 0.84)]
        guard case .started(var start) = Fixtures.started(.fcnn, history: history) else { return }
        start.restoredValidation = Fixtures.evaluation(diagonal: 84)
        start.restoredPreview = Fixtures.preview
        let fcnn = Fixtures.reduced([.training(slot: 0, .started(start))]).models[0]
        #expect(fcnn.confusion?.source == .validation(epoch: 1))
        #expect(fcnn.confusion?.evaluation.correct == 840)
        #expect(fcnn.predictions?.source == .preview(epoch: 1))
        #expect(fcnn.predictions?.misclassified.map(\.index) == [4, 7, 1])
    }

    @Test func progressTracesTheRunningLossWithinTheEpoch() {
        let state = Fixtures.reduced(Fixtures.midTraining)
        let fcnn = state.models[0]
        #expect(fcnn.runningLoss == [ChartPoint(x: 2.4, y: 0.39)])
        #expect(fcnn.imagesPerSecond == 1840 && fcnn.currentEpoch == 3 && fcnn.progress?.batch == 40)
        let early = Fixtures.reduced([.training(slot: 0, Fixtures.progress(.fcnn, epoch: 1, batch: 3, loss: 2.1))])
        #expect(early.models[0].progress?.batch == 3 && early.models[0].runningLoss.isEmpty)
    }

    @Test func anEpochEndUpdatesHistoryBestConfusionAndPredictions() {
        let state = Fixtures.reduced(Fixtures.midTraining)
        let fcnn = state.models[0]
        #expect(fcnn.history.map(\.epoch) == [1, 2])
        #expect(fcnn.bestEpoch == 2 && fcnn.bestValidLoss == 0.41 && fcnn.bestMetrics?.validAccuracy == 0.853)
        #expect(fcnn.confusion?.source == .validation(epoch: 2))
        #expect(fcnn.predictions?.source == .preview(epoch: 2))
        let wrong = fcnn.predictions!.misclassified
        #expect(wrong.map(\.index) == [4, 7, 1] && wrong[0].trueLabel == 4 && wrong[0].predictedLabel == 5)
        #expect(wrong[0].confidence == 0.9)
    }

    @Test func theEndShowsTheTestSet() {
        let state = Fixtures.reduced(Fixtures.midTraining + [.training(slot: 0, Fixtures.finished(.fcnn, bestEpoch: 2))])
        let fcnn = state.models[0]
        #expect(fcnn.phase == .finished && fcnn.progress == nil && fcnn.runningLoss.isEmpty)
        #expect(fcnn.testAccuracy == 900.0 / 990 && fcnn.confusion?.source == .test(bestEpoch: 2))
        #expect(fcnn.predictions?.source == .test(bestEpoch: 2))
    }

    @Test func aFailureIsShownAndAThreadEndingWithoutReportCountsAsOne() {
        var state = Fixtures.reduced(Fixtures.midTraining + [.training(slot: 1, .failed(.cnn, message: "disk full"))])
        #expect(state.models[1].phase == .failed("disk full"))
        #expect(state.notice?.text == "CNN failed: disk full")
        _ = reduce(&state, .trainerExited(slot: 0))
        #expect(state.models[0].phase == .failed("the trainer ended without a report"))
    }

    @Test func aDivergedRunIsNamedSoInItsTabAndHeaderAndTheNotice() {
        let message = "the CNN run diverged in epoch 1: the loss of batch 3 is 1e+06 (learning rate 10.0)"
        var state = Fixtures.reduced(Fixtures.midTraining + [.training(slot: 1, .diverged(.cnn, message: message))])
        #expect(state.models[1].phase == .diverged(message) && state.models[1].phase.isFinal)
        #expect(PhaseText.word(state.models[1]) == "diverged")
        #expect(state.notice?.text == message && state.notice?.isError == true)
        _ = reduce(&state, .trainerExited(slot: 1))
        #expect(state.models[1].phase == .diverged(message), "the thread's exit keeps the diverged state")
    }

    @Test func theRunningTraceIsThinnedButKeepsItsNewestPoint() {
        var model = ModelRunState(model: .fcnn, plannedEpochs: 1, batchSize: 20, computeThreads: 1)
        for batch in 1...1000 { model.appendRunningLoss(ChartPoint(x: Double(batch) / 1000, y: 1)) }
        #expect(model.runningLoss.count <= ModelRunState.runningPointLimit)
        #expect(model.runningLoss.count > ModelRunState.runningPointLimit / 2)
        #expect(model.runningLoss.last?.x == 1)
    }

    @Test func topThreeProbabilitiesInOrder() {
        let top = MisclassifiedImage.topThree(Fixtures.preview, index: 4)
        #expect(top.map(\.label) == [5, 0, 1])
        #expect(top[0].probability == 0.9)
    }

    @Test func eventsForAnUnknownSlotAreIgnored() {
        var state = Fixtures.state()
        #expect(reduce(&state, .training(slot: 7, .paused(.cnn))) == [])
        #expect(reduce(&state, .trainerExited(slot: -1)) == [])
    }
}
