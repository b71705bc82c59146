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
            " Tab/1/2 model  Space pause  r runs  ? help  q quit",
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
            "│ │ r         runs view: every run folder, live          │ │",
            "│ │ n         start a new run in a new tab               │ │",
            "│ │ e         embedding projector: test images in 2-D    │ │",
            "│ │ ← → ↑ ↓   move the cursor to a point and its image   │ │",
            "│ │ s         t-SNE / PCA (t-SNE computed on demand)     │ │",
            "│ │ …                                                    │ │",
            "└─└──────────────────────────────────────────────────────┘─┘",
        ])
    }
}
