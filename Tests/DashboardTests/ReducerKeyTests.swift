// ReducerKeyTests: keys → state and effects: model switching, pause and core sharing, quitting, overlays.
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct ReducerKeyTests {
    /// Both models training, each on one core.
    static func training() -> DashboardState {
        var state = Fixtures.reduced(Fixtures.midTraining)
        _ = state.shareCores()
        return state
    }

    @Test func bothTrainingShareTheCoresOneEach() {
        var state = Fixtures.state()
        #expect(state.shareCores() == [.setComputeThreads(slot: 0, count: 1), .setComputeThreads(slot: 1, count: 1)])
        #expect(state.shareCores() == [])
    }

    @Test func tabDigitsAndBackTabSwitchTheModel() {
        var state = Self.training()
        #expect(reduce(&state, .key(.tab)) == [] && state.selected == 1)
        _ = reduce(&state, .key(.tab))
        #expect(state.selected == 0)
        _ = reduce(&state, .key(.character("2")))
        #expect(state.selected == 1)
        _ = reduce(&state, .key(.character("3")))
        #expect(state.selected == 1)
        _ = reduce(&state, .key(.backTab))
        #expect(state.selected == 0)
    }

    /// Pausing hands the core over only once the trainer confirms; resuming takes it back first.
    @Test func pausingOneGivesTheOtherBothCores() {
        var state = Self.training()
        #expect(reduce(&state, .key(.character(" "))) == [.pause(slot: 0)])
        #expect(state.models[0].pauseRequested && PhaseText.word(state.models[0]) == "pausing")
        #expect(reduce(&state, .training(slot: 0, .paused(.fcnn))) == [.setComputeThreads(slot: 1, count: 2)])
        #expect(PhaseText.word(state.models[0]) == "paused")
        #expect(reduce(&state, .key(.character(" "))) == [.setComputeThreads(slot: 1, count: 1), .resume(slot: 0)])
        #expect(PhaseText.word(state.models[0]) == "resuming")
        #expect(reduce(&state, .training(slot: 0, .resumed(.fcnn))) == [])
        #expect(state.models[0].phase == .training)
    }

    @Test func pPausesBothThenResumesBoth() {
        var state = Self.training()
        #expect(reduce(&state, .key(.character("p"))) == [.pause(slot: 0), .pause(slot: 1)])
        _ = reduce(&state, .training(slot: 0, .paused(.fcnn)))
        _ = reduce(&state, .training(slot: 1, .paused(.cnn)))
        // FCNN paused first, so the CNN had both cores: it gives one back before they resume.
        #expect(reduce(&state, .key(.character("p"))) == [.setComputeThreads(slot: 1, count: 1), .resume(slot: 0), .resume(slot: 1)])
    }

    @Test func aFinishedModelLeavesItsCoreAndCannotBePaused() {
        var state = Self.training()
        #expect(reduce(&state, .training(slot: 0, Fixtures.finished(.fcnn, bestEpoch: 2)))
                == [.setComputeThreads(slot: 1, count: 2), .prepareSaliency(slot: 0)])
        #expect(reduce(&state, .key(.character(" "))) == [])
        #expect(state.notice?.text == "FCNN is done; nothing to pause")
    }

    @Test(arguments: [DashboardInput.key(.character("q")), .key(.ctrlC), .terminationRequested])
    func quitStopsEveryTrainerAndExitsWhenAllHaveReturned(input: DashboardInput) {
        var state = Self.training()
        state.screen = .misclassified
        #expect(reduce(&state, input) == [.stop(slot: 0), .stop(slot: 1)])
        #expect(state.isQuitting && state.screen == .main && state.overlays.isEmpty)
        #expect(reduce(&state, .key(.character("q"))) == [])
        #expect(reduce(&state, .key(.character(" "))) == [])
        #expect(reduce(&state, .training(slot: 0, .stopped(.fcnn, completedEpochs: 2))) == [.setComputeThreads(slot: 1, count: 2)])
        #expect(reduce(&state, .trainerExited(slot: 0)) == [])
        #expect(PhaseText.word(state.models[1], quitting: true) == "stopping")
        _ = reduce(&state, .training(slot: 1, .stopped(.cnn, completedEpochs: 1)))
        #expect(reduce(&state, .trainerExited(slot: 1)) == [.exit])
    }

    @Test func quitAfterEveryTrainerReturnedExitsAtOnce() {
        var state = Fixtures.reduced([.training(slot: 0, Fixtures.finished(.fcnn, bestEpoch: 1)), .trainerExited(slot: 0),
                                      .training(slot: 1, Fixtures.finished(.cnn, bestEpoch: 1)), .trainerExited(slot: 1)])
        #expect(reduce(&state, .key(.character("q"))) == [.exit])
    }

    @Test func helpOpensWithQuestionMarkAndAnyKeyOnlyClosesIt() {
        var state = Self.training()
        state.screen = .misclassified
        _ = reduce(&state, .key(.character("?")))
        #expect(state.overlays == [.help])
        #expect(reduce(&state, .key(.character(" "))) == [])
        #expect(state.overlays.isEmpty && !state.models[0].pauseRequested && state.screen == .misclassified)
        _ = reduce(&state, .key(.character("?")))
        #expect(reduce(&state, .key(.ctrlC)) == [.stop(slot: 0), .stop(slot: 1)])
    }

    @Test func themeScaleAndSmoothingKeys() {
        var state = Self.training()
        #expect(reduce(&state, .key(.character("t"))) == [.loadTheme(name: "high-contrast")])
        _ = reduce(&state, .themeApplied(name: "high-contrast", warnings: []))
        #expect(state.themeName == "high-contrast" && state.notice == nil)
        _ = reduce(&state, .key(.character("l")))
        #expect(state.lossScale == .logarithmic)
        _ = reduce(&state, .key(.character("l")))
        #expect(state.lossScale == .linear)
        for _ in 0..<9 { _ = reduce(&state, .key(.character("+"))) }
        #expect(state.smoothingWeight == 0.95)
        _ = reduce(&state, .key(.character("-")))
        #expect(state.smoothingWeight == 0.9)
        state.themeName = "mono"
        #expect(reduce(&state, .key(.character("t"))) == [.loadTheme(name: "dark")])
    }

    @Test func aNoticeGoesAfterItsTimeWithARedraw() {
        var state = Self.training()
        _ = reduce(&state, .tick(now: 10))
        _ = reduce(&state, .notice("theme broken: x.theme:3: …"))
        #expect(state.notice?.isError == true)
        #expect(reduce(&state, .tick(now: 15)) == [])
        #expect(reduce(&state, .tick(now: 16.5)) == [.redraw])
        #expect(state.notice == nil)
    }

    /// Wrong: image 4 (90 %), image 7 (75 %), image 1 (60 %).
    @Test func misclassifiedBrowserStepsWrapsAndFiltersByTrueClass() {
        var state = Self.training()
        _ = reduce(&state, .key(.character("m")))
        #expect(state.screen == .misclassified)
        let all = state.selectedModel.predictions!.misclassified
        #expect(all.map(\.index) == [4, 7, 1])
        #expect(state.browser.position(in: all) == 0)
        _ = reduce(&state, .key(.right))
        #expect(state.browser.testIndex == 7)
        _ = reduce(&state, .key(.left))
        _ = reduce(&state, .key(.left))
        #expect(state.browser.testIndex == 1)
        _ = reduce(&state, .key(.character("c")))
        #expect(state.browser.classFilter == 0 && state.browser.visible(state.selectedModel.predictions, labels: state.testImages.labels).isEmpty)
        _ = reduce(&state, .key(.character("c")))
        #expect(state.browser.visible(state.selectedModel.predictions, labels: state.testImages.labels).map(\.index) == [1])
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .main)
    }
}
