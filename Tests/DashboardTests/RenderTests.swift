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

    /// At 60×20 the help shows 14 of its 24 entries, which ones on its top border, and the keys that scroll it
    /// in its footer (from the key table); ↓ scrolls a line, PgDn a page (less a line) up to the last entries,
    /// PgUp back to the first, any other key closes it.
    @Test func helpScrollsAtTheMinimumSize() {
        var state = Self.midTraining()
        _ = reduce(&state, .key(.character("m")))
        _ = reduce(&state, .key(.right))
        _ = reduce(&state, .key(.character("?")))
        #expect(Array(trimmedRows(frame(state))[2..<19]) == [
            "┌ ┌ Keys ──────────────────────────────────── 1-14 of 24 ┐─┐",
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
            "│ │ ↑/↓ scroll  PgUp/PgDn page  Esc/other keys close     │ │",
            "└─└──────────────────────────────────────────────────────┘─┘",
        ])
        _ = reduce(&state, .key(.down))
        var rows = trimmedRows(frame(state))
        #expect(rows[2].contains(" 2-15 of 24 ") && rows[3].hasPrefix("│ │ Space") && rows[16].hasPrefix("│ │ h "))
        _ = reduce(&state, .key(.pageDown))   // 1 + 13, kept at 24 − 14 = 10
        rows = trimmedRows(frame(state))
        #expect(rows[2].contains(" 11-24 of 24 ") && rows[16].hasPrefix("│ │ q Ctrl-C") && rows[17].contains("PgUp/PgDn page"))
        _ = reduce(&state, .key(.pageUp))
        #expect(trimmedRows(frame(state))[2].contains(" 1-14 of 24 "))
        _ = reduce(&state, .key(.character("x")))
        #expect(state.overlays.isEmpty)
    }

    /// At 80×24 the help shows 18 entries and scrolls; at 200×60 all 24 fit, and the footer names only the
    /// closing keys.
    @Test(arguments: [(80, 24, "1-18 of 24"), (200, 60, nil)])
    func helpAtLargerSizes(width: Int, height: Int, position: String?) throws {
        var state = Self.midTraining(width: width, height: height)
        _ = reduce(&state, .key(.character("?")))
        let rows = trimmedRows(frame(state))
        let top = try #require(rows.firstIndex { $0.contains("┌ Keys ") })
        let column = rows[top].distance(from: rows[top].startIndex, to: try #require(rows[top].range(of: "┌ Keys ")).lowerBound)
        let bottom = try #require(rows[(top + 1)...].firstIndex { row in Array(row).count > column && Array(row)[column] == "└" })
        let inside = rows[(top + 1)..<bottom].map { $0.trimmingCharacters(in: .whitespaces) }
        if let position {
            #expect(rows[top].contains(" \(position) "))
            #expect(inside.last!.contains("↑/↓ scroll  PgUp/PgDn page  Esc/other keys close"))
            #expect(inside.count == 19)
        } else {
            #expect(!rows[top].contains(" of 24 "))
            #expect(inside.last!.contains("Esc/other keys close") && !inside.last!.contains("scroll"))
            #expect(inside.contains { $0.contains("q Ctrl-C") } && inside.contains { $0.contains("Tab 1 2") })
            #expect(inside.count == 24 + 2)
        }
    }
}
