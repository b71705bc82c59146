// NewRunFormTests: the new-run form's reducer (#12): defaults from the run under the cursor or the selected tab,
// moving between fields, editing, train's validation naming the field, starting and cancelling, the started run's
// tab and its share of the cores, and a dashboard that only watches.
import Foundation
import NeuralNet
import Testing
import TerminalUI
@testable import Dashboard
@testable import Training

@Suite struct NewRunFormTests {
    static func press(_ keys: [Key], _ state: inout DashboardState) -> [DashboardEffect] {
        keys.flatMap { reduce(&state, .key($0)) }
    }

    /// The main screen with the CNN's run started (5 epochs, seed recipe) and selected, the form open.
    static func formOverTheCNN() -> DashboardState {
        var state = Fixtures.state(size: Size(width: 80, height: 24))
        _ = reduce(&state, .training(slot: 1, Fixtures.started(.cnn)))
        _ = press([.character("2"), .character("n")], &state)
        return state
    }

    @Test func defaultsComeFromTheSelectedTabsRun() throws {
        let state = Self.formOverTheCNN()
        let form = try #require(state.newRunForm)
        #expect(state.overlays == [.newRunForm])
        #expect(form.model == .cnn && form.recipe == .seed && form.epochs == "5" && form.learningRate == "0.001"
                && form.batchSize == "20" && form.seed == "0")
        #expect(form.sourceRunID == "20250412-153012-cnn" && form.focus == .model)
    }

    @Test func defaultsComeFromTheRunUnderTheRunsViewsCursor() throws {
        var state = RunsViewTests.opened()
        _ = Self.press([.down, .character("n")], &state)   // 20250101-120000-cnn: seed recipe, lr 0.001, 5 epochs planned
        var form = try #require(state.newRunForm)
        #expect(form.sourceRunID == "20250101-120000-cnn")
        #expect(form.model == .cnn && form.recipe == .seed && form.epochs == "5" && form.learningRate == "0.001"
                && form.batchSize == "20" && form.seed == "0")
        #expect(state.screen == .runs)

        _ = Self.press([.escape, .down, .character("n")], &state)   // 20250101-110000-fcnn: lr 0.0003, seed 1, 3 epochs
        form = try #require(state.newRunForm)
        #expect(form.sourceRunID == "20250101-110000-fcnn")
        #expect(form.model == .fcnn && form.epochs == "3" && form.learningRate == "0.0003" && form.seed == "1")

        _ = Self.press([.escape, .down, .character("n")], &state)   // improved CNN
        #expect(state.newRunForm?.recipe == .improved)
    }

    @Test func upAndDownMoveBetweenFieldsAndWrapAround() {
        var state = Self.formOverTheCNN()
        _ = Self.press([.down, .down], &state)
        #expect(state.newRunForm?.focus == .epochs)
        _ = Self.press([.up, .up, .up], &state)
        #expect(state.newRunForm?.focus == .seed)
        _ = Self.press([.tab], &state)
        #expect(state.newRunForm?.focus == .model)
    }

    @Test func leftAndRightChangeChoicesAndStepNumbers() {
        var state = Self.formOverTheCNN()
        _ = Self.press([.right, .down, .right], &state)
        #expect(state.newRunForm?.model == .fcnn && state.newRunForm?.recipe == .improved)
        _ = Self.press([.down, .right, .right, .down, .right, .down, .left, .down, .right], &state)
        let form = state.newRunForm
        #expect(form?.epochs == "7" && form?.learningRate == "0.01" && form?.batchSize == "10" && form?.seed == "1")
        _ = Self.press([.up, .up, .left, .left, .down, .left, .left], &state)
        #expect(state.newRunForm?.learningRate == "0.0001" && state.newRunForm?.batchSize == "2")
        _ = Self.press([.left, .left], &state)
        #expect(state.newRunForm?.batchSize == "1")
    }

    /// The first key typed replaces the value, the next ones add to it; letters do nothing; `q` does not quit.
    @Test func typingEditsTheFocusedNumber() {
        var state = Self.formOverTheCNN()
        _ = Self.press([.down, .down], &state)
        RunsViewTests.type("12x", into: &state)
        #expect(state.newRunForm?.epochs == "12")
        _ = Self.press([.backspace], &state)
        #expect(state.newRunForm?.epochs == "1")
        _ = Self.press([.down], &state)
        RunsViewTests.type("3e-4q", into: &state)
        #expect(state.newRunForm?.learningRate == "3e-4" && !state.isQuitting && state.overlays == [.newRunForm])
        _ = Self.press([.up, .up], &state)   // recipe: typing does nothing
        RunsViewTests.type("5", into: &state)
        #expect(state.newRunForm?.recipe == .seed && state.newRunForm?.epochs == "1")
    }

    /// Enter on values `train` refuses: the form stays, the field is named and focused; nothing starts.
    @Test(arguments: [
        (NewRunForm.Field.epochs, "0", "epochs 0: must be between 1 and 100000"),
        (.batchSize, "70000", "batch size 70000: must be between 1 and 60000 (the training images)"),
        (.batchSize, "", "batch size (empty): not a whole number"),
        (.learningRate, "0", "learning rate 0.0: must be a positive number such as 0.001"),
        (.learningRate, "1e", "learning rate 1e: not a number such as 0.001"),
        (.seed, "", "seed (empty): not a whole number (0 or more)"),
    ])
    func invalidValuesAreNamedInline(field: NewRunForm.Field, text: String, message: String) {
        var state = Self.formOverTheCNN()
        _ = Self.press(Array(repeating: .down, count: field.rawValue), &state)
        if text.isEmpty { _ = Self.press(Array(repeating: .backspace, count: 8), &state) } else { RunsViewTests.type(text, into: &state) }
        _ = Self.press([.up], &state)   // Enter from another field still points at the wrong one
        let effects = Self.press([.enter], &state)
        #expect(effects.isEmpty && state.overlays == [.newRunForm])
        #expect(state.newRunForm?.problem == NewRunForm.Problem(field: field, message: message))
        #expect(state.newRunForm?.focus == field)
        RunsViewTests.type("1", into: &state)
        #expect(state.newRunForm?.problem == nil, "editing clears the message")
    }

    @Test func enterStartsTheRunWithTheFormsSettings() {
        var state = Self.formOverTheCNN()
        _ = Self.press([.right, .down, .right, .down], &state)
        RunsViewTests.type("2", into: &state)
        _ = Self.press([.down], &state)
        RunsViewTests.type("0.003", into: &state)
        _ = Self.press([.down], &state)
        RunsViewTests.type("64", into: &state)
        _ = Self.press([.down], &state)
        RunsViewTests.type("7", into: &state)
        let effects = Self.press([.enter], &state)
        var expected = TrainingConfiguration(model: .fcnn, recipe: .improved)
        expected.epochs = 2
        expected.learningRate = 0.003
        expected.batchSize = 64
        expected.seed = 7
        #expect(effects == [.startRun(expected)])
        #expect(state.overlays.isEmpty && state.newRunForm == nil)
        #expect(state.notice?.text.hasPrefix("starting a FCNN run") == true)
    }

    @Test func escCancels() {
        var state = Self.formOverTheCNN()
        let effects = Self.press([.escape], &state)
        #expect(effects.isEmpty && state.overlays.isEmpty && state.newRunForm == nil && state.screen == .main)
    }

    /// The started run becomes the third tab, selected; three computing trainers on two cores get a thread each,
    /// its trainer starts after the shares are set, and as the others pause their cores go to it.
    @Test func aStartedRunJoinsTheTabsAndTheCoresAreSharedAgain() {
        var state = Fixtures.state(size: Size(width: 80, height: 24))
        state.screen = .runs
        let effects = reduce(&state, .runStarted(ModelRunState(model: .fcnn, plannedEpochs: 1, batchSize: 20, computeThreads: 2,
                                                                runID: "20250412-160000-fcnn")))
        #expect(state.models.count == 3 && state.selected == 2 && state.screen == .main)
        #expect(effects == [.setComputeThreads(slot: 0, count: 1), .setComputeThreads(slot: 1, count: 1),
                            .setComputeThreads(slot: 2, count: 1), .launchTrainer(slot: 2)])
        _ = reduce(&state, .training(slot: 0, Fixtures.started(.fcnn)))
        _ = reduce(&state, .training(slot: 1, Fixtures.started(.cnn)))
        _ = reduce(&state, .training(slot: 2, Fixtures.started(.fcnn)))
        #expect(Self.press([.character("1"), .character(" ")], &state) == [.pause(slot: 0)])
        #expect(reduce(&state, .training(slot: 0, .paused(.fcnn))).isEmpty)
        #expect(Self.press([.character("2"), .character(" ")], &state) == [.pause(slot: 1)])
        #expect(reduce(&state, .training(slot: 1, .paused(.cnn))) == [.setComputeThreads(slot: 2, count: 2)])
        // Resuming one narrows the new run first, so that no more threads than cores run.
        #expect(Self.press([.character(" ")], &state) == [.setComputeThreads(slot: 2, count: 1), .resume(slot: 1)])
    }

    /// `dashboard --watch` trains nothing: `n` says so and opens nothing.
    @Test func aWatchingDashboardRefusesWithANotice() {
        var state = RunsViewTests.opened(models: false)
        let effects = Self.press([.character("n")], &state)
        #expect(effects.isEmpty && state.overlays.isEmpty && state.newRunForm == nil)
        #expect(state.notice?.text.hasPrefix("--watch starts no runs: start one with") == true)
        #expect(state.notice?.isError == true)
        // Watching a runs folder given on the command line, the suggested commands name it.
        state.notice = nil
        state.runsFolderFlag = " --runs-dir '/tmp/r'"
        _ = Self.press([.character("n")], &state)
        #expect(state.notice?.text.contains("train --runs-dir '/tmp/r'` or in `fmnist-tui dashboard --runs-dir '/tmp/r'`")
                == true, "\(state.notice?.text ?? "no notice")")
    }
}
