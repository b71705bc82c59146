// HeaderAndSizeTests: the header rows in each state, ASCII fallbacks, the too-small screen and every size down to 1×1.
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct HeaderAndSizeTests {
    /// FCNN paused in its third epoch, CNN finished.
    static func pausedAndDone(width: Int) -> DashboardState {
        var state = Fixtures.reduced(Fixtures.midTraining + [
            .key(.character(" ")), .training(slot: 0, .paused(.fcnn)),
            .training(slot: 1, Fixtures.epochFinished(.cnn, Fixtures.metrics(2, train: 0.4, valid: 0.44, accuracy: 0.86),
                                                      bestEpoch: 1, bestValidLoss: 0.42)),
            .training(slot: 1, Fixtures.finished(.cnn, bestEpoch: 1)),
        ], from: Fixtures.state(size: Size(width: width, height: 30)))
        _ = state.shareCores()
        return state
    }

    @Test func headerOfATrainingModel() {
        let rows = trimmedRows(frame(RenderTests.midTraining(width: 120, height: 30)))
        #expect(Array(rows[0...1]) == [
            " fmnist-tui   1 FCNN ● training 3/5 · 1,840 img/s   2 CNN ● training 2/5 · 730 img/s                 theme dark  ? help",
            " FCNN seed  ● training  epoch 3/5  ████████████▊░░░░░░░░░░░░░░░░░░░ 40/100  ETA 0:01  1,840 img/s  ◆ best 2: 0.4100",
        ])
    }

    @Test func headerOfAPausedAndOfAFinishedModel() {
        var state = Self.pausedAndDone(width: 100)
        #expect(Array(trimmedRows(frame(state))[0...1]) == [
            " fmnist-tui   1 FCNN ‖ paused 3/5   2 CNN ✓ done 2/5                             theme dark  ? help",
            " FCNN seed  ‖ paused  epoch 3/5  ████▊░░░░░░░ 40/100  ◆ best: epoch 2, valid loss 0.4100, acc 85.3 %",
        ])
        _ = reduce(&state, .key(.tab))
        #expect(Array(trimmedRows(frame(state))[1...1]) == [
            " CNN seed  ✓ done  2/5 epochs  test accuracy 90.91 %  ◆ best: epoch 1, valid loss 0.4200, acc 85.0 %",
        ])
        #expect(Array(trimmedRows(frame(state, capabilities: .basic))[0...1]) == [
            " fmnist-tui   1 FCNN = paused 3/5   2 CNN + done 2/5                             theme dark  ? help",
            " CNN seed  + done  2/5 epochs  test accuracy 90.91 %  @ best: epoch 1, valid loss 0.4200, acc 85.0 %",
        ])
    }

    @Test func aStoppedRunSaysHowToResumeIt() {
        let state = Fixtures.reduced(Fixtures.midTraining + [.key(.character("q")), .training(slot: 0, .stopped(.fcnn, completedEpochs: 2))],
                                     from: Fixtures.state(size: Size(width: 100, height: 30)))
        let rows = trimmedRows(frame(state))
        #expect(rows[0] == " fmnist-tui   1 FCNN ‖ stopped 2/5   2 CNN ● stopping 2/5 · 730 img/s            theme dark  ? help")
        #expect(rows[1] == " FCNN seed  ‖ stopped  after 2 epochs  resume: fmnist-tui resume 20250412-153012-fcnn")
        #expect(rows[29] == " stopping the trainers and saving checkpoints…")
        // With the runs folder given on the command line, the command names it; where it does not fit, the best
        // epoch takes its place.
        var elsewhere = state
        elsewhere.runsFolderFlag = " --runs-dir '/tmp/r'"
        #expect(trimmedRows(frame(elsewhere))[1] == " FCNN seed  ‖ stopped  after 2 epochs  ◆ best 2: 0.4100")
        elsewhere.screenSize = Size(width: 120, height: 30)
        #expect(trimmedRows(frame(elsewhere))[1]
            == " FCNN seed  ‖ stopped  after 2 epochs  resume: fmnist-tui resume 20250412-153012-fcnn --runs-dir '/tmp/r'")
    }

    @Test func tooSmallScreenSaysSoAndHowToQuit() {
        var state = Fixtures.state(size: Size(width: 40, height: 6))
        #expect(trimmedRows(frame(state)) == [
            "",
            "",
            "  terminal too small: 40×6, need 60×20",
            "                q quits",
            "",
            "",
        ])
        state.screenSize = Size(width: 12, height: 3)
        #expect(trimmedRows(frame(state, capabilities: .basic)) == [" too small:", "    12x3", " need 60x20"])
    }

    /// Every screen and overlay at every size from 1×1 up draws without trapping and stays inside the buffer.
    @Test(arguments: [(DashboardScreen.main, [DashboardOverlay]()), (.misclassified, []), (.main, [.help]),
                      (.runs, [.runFilter, .help]), (.run, []), (.compare, [])])
    func everySizeDrawsWithoutCrashing(screen: DashboardScreen, overlays: [DashboardOverlay]) {
        var state = Self.pausedAndDone(width: 1)
        state.screen = screen
        state.overlays = overlays
        _ = reduce(&state, .runsUpdated(RunsViewTests.update(RunsViewTests.runs)))
        state.runsView.openedID = RunsViewTests.runs[0].id
        state.runsView.comparedIDs = (RunsViewTests.runs[0].id, RunsViewTests.runs[1].id)
        state.runsView.filterDraft = "lr<"
        for width in [1, 2, 5, 17, 59, 60, 61, 79, 80, 100, 140, 200] {
            for height in [1, 2, 3, 7, 19, 20, 21, 24, 30, 45, 60] {
                state.screenSize = Size(width: width, height: height)
                for capabilities in [Capabilities.full, .basic] {
                    #expect(frame(state, capabilities: capabilities).size == state.screenSize)
                }
            }
        }
    }

    @Test func layoutAt80x24And140x45() {
        let small = ScreenLayout(size: Size(width: 80, height: 24), screen: .main, overlays: [])
        #expect(small[.loss] == Rect(x: 0, y: 2, width: 40, height: 10))
        #expect(small[.samples] == Rect(x: 0, y: 12, width: 40, height: 11))
        #expect(small[.confusion] == Rect(x: 40, y: 2, width: 40, height: 13))
        #expect(small[.accuracy] == Rect(x: 40, y: 15, width: 40, height: 8))
        #expect(small[.epochs].isEmpty && small[.footer] == Rect(x: 0, y: 23, width: 80, height: 1))
        let large = ScreenLayout(size: Size(width: 140, height: 45), screen: .main, overlays: [])
        #expect(large[.loss].height == 22 && large[.samples].height == 20)
        #expect(large[.accuracy].height == 12 && large[.epochs] == Rect(x: 69, y: 27, width: 71, height: 17))
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567"), (-4500, "-4,500")])
    func groupedThousands(value: Int, text: String) {
        #expect(Formatting.grouped(value) == text)
    }

    @Test func clocksAndPercentages() {
        #expect(Formatting.clock(7) == "0:07" && Formatting.clock(67.4) == "1:07" && Formatting.clock(3725) == "1:02:05")
        #expect(Formatting.clock(.infinity) == "-:--")
        #expect(Formatting.percent(0.9234) == "92.3 %" && Formatting.percent(0.9, decimals: 2) == "90.00 %")
        #expect(LossPane.shortName(Fixtures.run(id: "20250412-153012-cnn", model: .cnn, plannedEpochs: 1, history: [],
                                               status: .stopped)) == "0412-1530 cnn")
    }
}
