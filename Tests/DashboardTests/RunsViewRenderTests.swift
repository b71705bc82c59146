// RunsViewRenderTests: the runs view, a run's screen and the compare screen drawn as text grids at 80×24
// and 200×60, and the confusion difference's cells worked out by hand.
import Foundation
import Testing
import TerminalUI
@testable import Dashboard
@testable import Training

@Suite struct RunsViewRenderTests {
    /// The runs view over RunsViewTests' four runs, the running one marked, the cursor on the second row.
    static func runsView(width: Int, height: Int, models: Bool = true) -> DashboardState {
        var state = RunsViewTests.opened(models: models)
        state.screenSize = Size(width: width, height: height)
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.character(" ")))
        return state
    }

    /// Runs A (improved CNN, 93 of 100 right per class) and B (FCNN, 89) compared.
    static func compared(width: Int, height: Int) -> DashboardState {
        var state = runsView(width: width, height: height)
        _ = reduce(&state, .key(.character(" ")))      // unmark the running run
        _ = reduce(&state, .key(.end))
        _ = reduce(&state, .key(.character(" ")))
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character(" ")))
        _ = reduce(&state, .key(.character("c")))
        return state
    }

    @Test func runsViewAt80x24() {
        let rows = trimmedRows(frame(Self.runsView(width: 80, height: 24)))
        let empty = "│" + String(repeating: " ", count: 78) + "│"
        #expect(rows == [
            " fmnist-tui   1 FCNN ● starting 1/5   2 CNN ● starting 1/5   theme dark  ? help",
            " FCNN seed  ● starting  epoch 1/5  ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0/1",
            "┌ Runs · 4 in runs · 1 running · 1 marked ───────────────────────── sort: id ▼ ┐",
            "│  id ▼       model  lr      seed  epochs  best valid  test acc  state         │",
            "│  0101-1300  config.json is garbled: unexpected end of data                   │",
            "│● 0101-1200  cnn    0.001   0        2/5  0.3300 (2)         –  running       │",
            "│  0101-1100  fcnn   0.0003  1        3/3  0.4000 (3)   89.00 %  finished      │",
            "│  0101-1000  cnn    0.001   0        3/3  0.2500 (3)   93.00 %  finished      │",
        ] + Array(repeating: empty, count: 14) + [
            "└──────────────────────────────────────────────────────────────────────────────┘",
            " Space mark  Enter open  c compare  / filter  ? help  q quit",
        ])
    }

    @Test func runsViewAt200x60() {
        let rows = trimmedRows(frame(Self.runsView(width: 200, height: 60)))
        // Every column fits: recipe, valid acc, last test acc, started, full ids.
        #expect(Array(rows[2..<8]) == [
            "┌ Runs · 4 in runs · 1 running · 1 marked ───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────── sort: id ▼ ┐",
            "│  id ▼                  model  recipe    lr      seed           epochs  best valid  valid acc  test acc  last test acc  state     started                                                             │",
            "│  20250101-130000-fcnn  config.json is garbled: unexpected end of data                                                                                                                                │",
            "│● 20250101-120000-cnn   cnn    seed      0.001   0     ███▏░░░░    2/5  0.3300 (2)    78.50 %         –              –  running   –                                                                   │",
            "│  20250101-110000-fcnn  fcnn   seed      0.0003  1                 3/3  0.4000 (3)    75.00 %   89.00 %        89.00 %  finished  –                                                                   │",
            "│  20250101-100000-cnn   cnn    improved  0.001   0                 3/3  0.2500 (3)    82.50 %   93.00 %        93.00 %  finished  –                                                                   │",
        ])
        #expect(rows[8...].dropLast().allSatisfy { $0 == "│" + String(repeating: " ", count: 198) + "│" || $0.hasPrefix("└") })
        // The footer keeps its full forms and as many of the extra hints as fit in the 198 columns.
        #expect(rows.last == " ↑↓ move  Space mark  Enter open  c compare  / filter  s/S sort  Esc clear filter / back  Tab/1/2 model  "
                + "p pause both  m misclassified  r runs  n new run  e projector  h health  ? help  q quit")
    }

    @Test func filterLineWithABadDraft() {
        var state = Self.runsView(width: 80, height: 24)
        _ = reduce(&state, .key(.character("/")))
        RunsViewTests.type("lr<", into: &state)
        let rows = trimmedRows(frame(state))
        // The last usable draft ("lr", a word) matches nothing; the line says what is wrong with "lr<".
        #expect(Array(rows[2..<4]) == [
            "┌ Runs · 4 in runs · 1 running · 1 marked · 0 match lr ──────────── sort: id ▼ ┐",
            "│no run matches lr; Esc clears the filter                                      │",
        ])
        #expect(rows[21] == "│/ lr<_  \"lr<\" needs a value after its operator, e.g. lr<0.001                 │")
    }

    @Test func watchingDashboardHeader() {
        let rows = trimmedRows(frame(Self.runsView(width: 80, height: 24, models: false)))
        #expect(Array(rows.prefix(2)) == [
            " fmnist-tui                                                  theme dark  ? help",
            " watching runs  4 runs, 1 running  · read-only: nothing trains in this dashboard",
        ])
        #expect(rows.last == " Space mark  Enter open  c compare  / filter  ? help  q quit")
        #expect(KeyTable.dashboard.footerHints(for: [.screen(.runs), .global], unicode: true, hidesModelKeys: true).first
                == "↑↓ move  Space mark  Enter open  c compare  / filter  s/S sort  Esc clear filter / back  r runs  l log  +/- smooth  t theme  ? help  q quit",
                "no Tab, p or m where no model trains")
    }

    @Test func runScreenAt80x24() {
        var state = Self.runsView(width: 80, height: 24)
        _ = reduce(&state, .key(.end))
        _ = reduce(&state, .key(.enter))
        #expect(trimmedRows(frame(state)) == [
            " fmnist-tui   1 FCNN ● starting 1/5   2 CNN ● starting 1/5   theme dark  ? help",
            " FCNN seed  ● starting  epoch 1/5  ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0/1",
            "┌ 20250101-100000-cnn ───────────────────────┐┌ Validation loss ───────────────┐",
            "│state       finished                        ││0.50┤⣉⠑⠒⠢⠤⠤⣀⣀                   │",
            "│model       cnn improved                    ││    │⠤⢍⣉⡒⠒⠤⠤⣀⣉⠉⠑⠒⠢⠤⠤⠤⣀⣀⣀⣀       │",
            "│epochs      3/3                             ││    │   ⠈⠉⠉⠒⠒⠤⠭⢍⣒⡒⠤      ⠉⠉⠉⠉⠑⠒⠒│",
            "│best valid  0.2500 (3)  acc 82.50 %         ││0.25┤            ⠈⠉⠉⠉⠒⠒⠒⠒⠤⠤⠤⠤⢄⣀◆│",
            "│test acc    93.00 %  last 93.00 %           ││    └───────────────────────────│",
            "│lr          0.001                           ││     1            2      epoch 3│",
            "│batch       20                              │└────────────────────────────────┘",
            "│seed        0                               │┌ Confusion · test · best epoch… ┐",
            "└────────────────────────────────────────────┘│       0 1 2 3 4 5 6 7 8 9 acc  │",
            "┌ Epochs ────────────────────────────────────┐│T-s 0  █ ░ · · · · · · · ·  93  │",
            "│epoch   train loss   valid loss   valid acc ││Tro 1  · █ ░ · · · · · · ·  93  │",
            "│    1       0.5000       0.4000     75.00 % ││Pul 2  · · █ ░ · · · · · ·  93  │",
            "│    2       0.4000       0.3000     80.00 % ││Dre 3  · · · █ ░ · · · · ·  93  │",
            "│    3 ◆     0.3500       0.2500     82.50 % ││Coa 4  · · · · █ ░ · · · ·  93  │",
            "│                                            ││San 5  · · · · · █ ░ · · ·  93  │",
            "│                                            ││Shi 6  · · · · · · █ ░ · ·  93  │",
            "│                                            ││Sne 7  · · · · · · · █ ░ ·  93  │",
            "│                                            ││Bag 8  · · · · · · · · █ ░  93  │",
            "│                                            ││Ank 9  ░ · · · · · · · · █  93  │",
            "└────────────────────────────────────────────┘└────────────────────────────────┘",
            " Esc back to the runs  ? help  q quit",
        ])
    }

    @Test func compareAt80x24() {
        #expect(trimmedRows(frame(Self.compared(width: 80, height: 24))) == [
            " fmnist-tui   1 FCNN ● starting 1/5   2 CNN ● starting 1/5   theme dark  ? help",
            " FCNN seed  ● starting  epoch 1/5  ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0/1",
            "┌ Validation loss ───── ─ A ─ B ◆ best ┐┌ Confusion B − A · test ──────────────┐",
            "│0.50┤⠉⠑⠒⠒⠤⠤⣀⣀⡀                        ││       0 1 2 3 4 5 6 7 8 9   Δacc     │",
            "│    │        ⠈⠉⠉⠒⠒⠤⠤⢄⣀⣀⣀⣀⡀            ││T-s 0  █ █ · · · · · · · ·   -4.0     │",
            "│    │⠒⠤⠤⣀⣀               ⠈⠉⠉⠉⠉⠉⠉⠉⠑⠒⠒⠒⠒││Tro 1  · █ █ · · · · · · ·   -4.0     │",
            "│0.35┤     ⠉⠑⠒⠢⠤⢄⣀                     ││Pul 2  · · █ █ · · · · · ·   -4.0     │",
            "│    │            ⠉⠉⠒⠒⠤⠤⢄⣀⣀⡀           ││Dre 3  · · · █ █ · · · · ·   -4.0     │",
            "│0.25┤                     ⠈⠉⠉⠑⠒⠒⠒⠤⠤⠤⣀◆││Coa 4  · · · · █ █ · · · ·   -4.0     │",
            "│    └─────────────────────────────────││San 5  · · · · · █ █ · · ·   -4.0     │",
            "│     1               2         epoch 3││Shi 6  · · · · · · █ █ · ·   -4.0     │",
            "└──────────────────────────────────────┘│Sne 7  · · · · · · · █ █ ·   -4.0     │",
            "┌ Validation accuracy % ────── ─ A ─ B ┐│Bag 8  · · · · · · · · █ █   -4.0     │",
            "│83┤                          ⣀⣀⣀⡠⠤⠤⠤⠒⠒││Ank 9  █ · · · · · · · · █   -4.0     │",
            "│  │               ⢀⣀⠤⠤⠔⠒⠒⠒⠉⠉⠉         │└──────────────────────────────────────┘",
            "│  │         ⣀⡠⠤⠒⠒⠉⠁                   │┌ A vs B ──────────────────────────────┐",
            "│77┤  ⢀⣀⠤⠤⠒⠊⠉                          ││           A 0101-1000  B 0101-1100   │",
            "│  │⠒⠉⠁             ⢀⣀⣀⣀⣀⣀⠤⠤⠤⠤⠤⠤⠤⠤⠔⠒⠒⠒⠒││test acc   93.00 %      89.00 %       │",
            "│  │        ⣀⣀⠤⠤⠔⠒⠊⠉⠁                  ││best valid 0.2500 (3)   0.4000 (3)    │",
            "│70┤⣀⡠⠤⠔⠒⠊⠉⠉                           ││model      cnn          fcnn          │",
            "│  └───────────────────────────────────││recipe     improved     seed          │",
            "│   1                2          epoch 3││lr         0.001        0.0003        │",
            "└──────────────────────────────────────┘└──────────────────────────────────────┘",
            " x swap A and B  Esc back to the runs  ? help  q quit",
        ])
    }

    @Test func compareAt200x60() {
        let rows = trimmedRows(frame(Self.compared(width: 200, height: 60)))
        // Counts with class names on the right; every setting that differs, side by side, under it.
        #expect(rows[2..<27].map { String($0.dropFirst(100)) } == [
            "┌ Confusion B − A · test ──────────────────────────────────────────────────────── green = B better ┐",
            "│             T-sh Trou Pull Dres Coat Sand Shir Snea  Bag Ankl   Δacc                             │",
            "│T-shirt/top    -4   +4    ·    ·    ·    ·    ·    ·    ·    ·   -4.0                             │",
            "│Trouser         ·   -4   +4    ·    ·    ·    ·    ·    ·    ·   -4.0                             │",
            "│Pullover        ·    ·   -4   +4    ·    ·    ·    ·    ·    ·   -4.0                             │",
            "│Dress           ·    ·    ·   -4   +4    ·    ·    ·    ·    ·   -4.0                             │",
            "│Coat            ·    ·    ·    ·   -4   +4    ·    ·    ·    ·   -4.0                             │",
            "│Sandal          ·    ·    ·    ·    ·   -4   +4    ·    ·    ·   -4.0                             │",
            "│Shirt           ·    ·    ·    ·    ·    ·   -4   +4    ·    ·   -4.0                             │",
            "│Sneaker         ·    ·    ·    ·    ·    ·    ·   -4   +4    ·   -4.0                             │",
            "│Bag             ·    ·    ·    ·    ·    ·    ·    ·   -4   +4   -4.0                             │",
            "│Ankle boot     +4    ·    ·    ·    ·    ·    ·    ·    ·   -4   -4.0                             │",
            "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
            "┌ A vs B ──────────────────────────────────────────────────────────────────────────────────────────┐",
            "│           A 0101-1000                                B 0101-1100                                 │",
            "│test acc   93.00 %                                    89.00 %                                     │",
            "│best valid 0.2500 (3)                                 0.4000 (3)                                  │",
            "│model      cnn                                        fcnn                                        │",
            "│recipe     improved                                   seed                                        │",
            "│lr         0.001                                      0.0003                                      │",
            "│seed       0                                          1                                           │",
            "│valid acc  82.50 %                                    75.00 %                                     │",
            "│epochs     3/3                                        3/3                                         │",
            "│state      finished                                   finished                                    │",
            "│                                                                                                  │",
        ])
        #expect(rows[2] == "┌ Validation loss ───────────────────────────────────────────────────────────────── ─ A ─ B ◆ best ┐┌ Confusion B − A · test ──────────────────────────────────────────────────────── green = B better ┐")
    }

    /// B − A of A = 93 right per class (7 confused with the next class) and B = 89 (11 confused): the
    /// diagonal −4 (red: B got fewer right), the next class +4 (red: more confused), −4.0 points per class.
    @Test func confusionDifferenceByHand() throws {
        let state = Self.compared(width: 200, height: 60)
        let context = PaneContext(state: state, theme: .dark, capabilities: .full, focus: nil)
        let comparison = try #require(context.comparison)
        #expect(comparison.a.id == "20250101-100000-cnn" && comparison.b.id == "20250101-110000-fcnn")
        let difference = try #require(comparison.confusionDifference)
        #expect(difference[0][0] == -4 && difference[0][1] == 4 && difference[0][2] == 0 && difference[9][0] == 4)
        #expect(comparison.perClassAccuracyDelta?.allSatisfy { abs($0 + 0.04) < 1e-12 } == true)
        #expect(ConfusionDeltaPane.cellText(-4, better: -4, largest: 4, cells: .counts, glyphs: Capabilities.full.glyphs) == "-4")
        #expect(ConfusionDeltaPane.cellText(4, better: -4, largest: 4, cells: .counts, glyphs: Capabilities.full.glyphs) == "+4")
        #expect(ConfusionDeltaPane.cellText(2, better: 2, largest: 4, cells: .shades, glyphs: Capabilities.full.glyphs) == "▒")
        #expect(ConfusionDeltaPane.cellText(0, better: 0, largest: 4, cells: .shades, glyphs: Capabilities.full.glyphs) == "·")
        #expect(ConfusionDeltaPane.signed(-4, decimals: 1) == "-4.0" && ConfusionDeltaPane.signed(1.23, decimals: 1) == "+1.2")
        let buffer = frame(state)
        let grid = trimmedRows(buffer)
        let row = try #require(grid.firstIndex { $0.contains("T-shirt/top") && $0.contains("-4.0") })
        let cells = (0..<buffer.width).map { buffer[$0, row].character }
        let column = try #require((0..<buffer.width - 1).first { cells[$0] == "-" && cells[$0 + 1] == "4" })
        #expect(buffer[column, row].style.foreground == Theme.dark.wrong.foreground, "B's fewer right T-shirts are red")
    }
}
