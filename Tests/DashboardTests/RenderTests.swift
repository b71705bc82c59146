// RenderTests: whole frames and parts of them compared as text: the main screen, the misclassified view, help, runs, headers.
import RunFolderFixtures
import Testing
import TerminalUI
@testable import Dashboard
import Training

@Suite struct RenderTests {
    /// FCNN in its third epoch (two done), CNN in its second, at the minimum size.
    static func midTraining(width: Int = 60, height: Int = 20) -> DashboardState {
        var state = Fixtures.reduced(Fixtures.midTraining, from: Fixtures.state(size: Size(width: width, height: height)))
        _ = state.shareCores()
        return state
    }

    @Test func mainScreenAtTheMinimumSize() {
        #expect(trimmedRows(frame(Self.midTraining())) == [
            " fmnist-tui   1 FCNN ● 3/5   2 CNN ● 2/5             ? help",
            " FCNN seed  ● training  epoch 3/5  ███████▏░░░░░░░░░░ 40/100",
            "┌ Loss · FCNN ───────────────┐┌ Confusion · validation ·… ─┐",
            "│0.62┤⠉⠑⠒⠢⠤⠤⣀⣀⡀              ││      0123456789 acc        │",
            "│0.39┤⠉⠉⠉⠒⠒⠒⠒⠒⠚⠭⠵◆   ⢀       ││T-s 0 █░░░░░░░░░  91        │",
            "│    └───────────────────────││Tro 1 ░█░░░░░░░░  91        │",
            "│     1          2    epoch 3││Pul 2 ░░█░░░░░░░  91        │",
            "└────────────────────────────┘│Dre 3 ░░░█░░░░░░  91        │",
            "┌ Test samples · epoch 2 ────┐│Coa 4 ░░░░█░░░░░  91        │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀              ││San 5 ░░░░░█░░░░  91        │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀              ││Shi 6 ░░░░░░█░░░  91        │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀              ││Sne 7 ░░░░░░░█░░  91        │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀              ││Bag 8 ░░░░░░░░█░  91        │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀              ││Ank 9 ░░░░░░░░░█  91        │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀              │└─most confused: T-shirt/t…──┘",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀              │┌ Validation accuracy ───────┐",
            "│✓ T-shirt/top               ││85.3 % ▁█                   │",
            "│T-shirt/top                 ││                            │",
            "└────────────────────────────┘└────────────────────────────┘",
            " ? help  q quit",
        ])
    }

    /// Image 7 (true Sneaker) was called Bag with 75 %: second of three, most confident first.
    @Test func misclassifiedView() {
        var state = Self.midTraining()
        _ = reduce(&state, .key(.character("m")))
        _ = reduce(&state, .key(.right))
        #expect(trimmedRows(frame(state)) == [
            " fmnist-tui   1 FCNN ● 3/5   2 CNN ● 2/5             ? help",
            " FCNN seed  ● training  epoch 3/5  ███████▏░░░░░░░░░░ 40/100",
            "┌ Misclassified · FCNN · epoch 2, first 12 test images ────┐",
            "│                                                          │",
            "│  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀   #7 true Sneaker                        │",
            "│  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀   predicted Bag ✗ 75.0 %                 │",
            "│  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀   predicted Bag   true Sneaker           │",
            "│  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀                                          │",
            "│  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀                                          │",
            "│  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀                                          │",
            "│  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀   computing…      computing…             │",
            "│                                                          │",
            "│                                                          │",
            "│                                                          │",
            "│                   s/S method: integrated gradients       │",
            "│                   a shows |attribution|  v FCNN vs CNN   │",
            "│  c true class: all classes                               │",
            "│  ←/→ previous / next, most confidently wrong first       │",
            "└──────────────────────────────────────────────────────────┘",
            " ? help  q quit",
        ])
    }

    @Test func helpOverlayListsEveryKey() {
        var state = Self.midTraining()
        _ = reduce(&state, .key(.character("m")))
        _ = reduce(&state, .key(.right))
        _ = reduce(&state, .key(.character("?")))
        #expect(Array(trimmedRows(frame(state))[2..<19]) == [
            "┌ ┌ Keys ────────────────────────────────────────────────┐─┐",
            "│ │ Tab 1 2   switch model (Shift-Tab back)              │ │",
            "│ │ Space     pause / resume the selected model          │ │",
            "│ │ p         pause / resume both models                 │ │",
            "│ │ m         browse misclassified test images           │ │",
            "│ │ ← →       previous / next misclassified image        │ │",
            "│ │ c         misclassified of one true class            │ │",
            "│ │ s S       next / previous saliency method            │ │",
            "│ │ a         saliency maps signed or absolute           │ │",
            "│ │ v         the FCNN's and the CNN's maps side by side │ │",
            "│ │ c         cursor on the confusion matrix             │ │",
            "│ │ r         compare with earlier runs' loss            │ │",
            "│ │ l         log / linear loss axis                     │ │",
            "│ │ + -       more / less smoothing                      │ │",
            "│ │ t         next theme                                 │ │",
            "│ │ …                                                    │ │",
            "└─└──────────────────────────────────────────────────────┘─┘",
        ])
    }

    /// Wide enough, a run's row has every column; at 80 columns the best loss gives way to the state.
    @Test func runsOverlayRowsFitTheirWidth() {
        let wide = RunsPane.row(mark: "[x]", name: "0101-1200 fcnn", epochs: "2/50", bestLoss: "0.3300",
                                state: RunStatus.interrupted.rawValue, width: 67)
        #expect(wide == "[x] 0101-1200 fcnn   2/50  0.3300  interrupted")
        let narrow = RunsPane.row(mark: "[x]", name: "0101-1200 fcnn", epochs: "2/50", bestLoss: "0.3300",
                                  state: RunStatus.interrupted.rawValue, width: 36)
        #expect(narrow == "[x] 0101-1200 fcnn  2/50 interrupted" && narrow.count == 36)
    }

    /// A run whose trainer was killed (its state file still says running, no process holds its lock)
    /// is listed as interrupted, as `fmnist-tui runs` says, not as running.
    @Test func aKilledRunIsListedAsInterrupted() throws {
        let folder = try RunFolderFixture.make(finished: false, state: "running")
        var state = Self.midTraining(width: 80, height: 24)
        _ = reduce(&state, .key(.character("r")))
        _ = reduce(&state, .runsListed(RunSummary.readAll(in: folder.deletingLastPathComponent()).summaries))
        #expect(trimmedRows(frame(state))[4].hasSuffix("fcnn  5/50 interrupted │"), "\(trimmedRows(frame(state))[4])")
    }

    /// The list covers the right column, so the chart with the chosen run's curve stays in view.
    @Test func runsOverlayOverTheRightColumn() {
        var state = Self.midTraining(width: 80, height: 24)
        _ = reduce(&state, .key(.character("r")))
        #expect(Array(trimmedRows(frame(state))[2..<5]) == [
            "┌ Loss · FCNN ─ ─ train ─ valid ◆ best ┐┌ Compare earlier runs ────────────────┐",
            "│0.62┤⠑⠢⢄⡀                             ││     run           epochs state       │",
            "│    │   ⠈⠑⠢⣀                          ││ reading runs…                        │",
        ])
        let earlier = [
            Fixtures.run(id: "20250101-120000-fcnn", model: .fcnn, plannedEpochs: 50,
                       history: [Fixtures.metrics(1, train: 0.3, valid: 0.35, accuracy: 0.8),
                                 Fixtures.metrics(2, train: 0.25, valid: 0.33, accuracy: 0.8)], status: .finished),
            Fixtures.run(id: "20250101-110000-cnn", model: .cnn, plannedEpochs: 50, history: [], status: .stopped),
        ]
        _ = reduce(&state, .runsListed(earlier))
        _ = reduce(&state, .key(.character(" ")))
        _ = reduce(&state, .key(.down))
        #expect(trimmedRows(frame(state)) == [
            " fmnist-tui   1 FCNN ● 3/5 · 1,840 img/s   2 CNN ● 2/5 · 730 img/s       ? help",
            " FCNN seed  ● training  epoch 3/5  ██████░░░░░░░░░ 40/100  ETA 0:01  1,840 img/s",
            "┌ Loss · FCNN ─────────────────────────┐┌ Compare earlier runs ────────────────┐",
            "│0.62┤⠉⠒⠤⣀⡀                            ││     run           epochs state       │",
            "│    │    ⠈⠑⠢⠤⣀                        ││ [x] 0101-1200 fcnn  2/50 finished    │",
            "│    │⣀⡀       ⠉⠑⠢⢄⣀                   ││ [ ] 0101-1100 cnn   0/50 stopped     │",
            "│0.45┤ ⠈⠉⠉⠑⠒⠒⠤⠤⠤⣀⣀⡀ ⠉⠒⠤                ││                                      │",
            "│    │            ⠈⠉⠉⠑◆      ⠄         ││                                      │",
            "│0.33┤⠒⠒⠒⠒⠢⠤⠤⠤⠤⠤⠤⠤⢄⣀⣀⣀⣀                ││                                      │",
            "│    └─────────────────────────────────││                                      │",
            "│     1               2         epoch 3││                                      │",
            "└──────────────────────────────────────┘│                                      │",
            "┌ Test samples · epoch 2 ──────────────┐│                                      │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀        ││                                      │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀        ││                                      │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀        ││                                      │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀        ││                                      │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀        ││                                      │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀        ││                                      │",
            "│▀▀▀▀▀▀▀▀▀▀▀▀▀▀  ▀▀▀▀▀▀▀▀▀▀▀▀▀▀        ││                                      │",
            "│✓ T-shirt/top   ✗ Pullover            ││                                      │",
            "│T-shirt/top     Trouser               ││ ↑/↓ move  Space choose  Esc close    │",
            "└──────────────────────────────────────┘└──────────────────────────────────────┘",
            " Tab model  Space pause  m misclassified  r runs  ? help  q quit",
        ])
    }
}
