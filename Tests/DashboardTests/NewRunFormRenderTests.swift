// NewRunFormRenderTests: the new-run form drawn as text grids at 80×24 (over the runs view, with a problem) and
// 200×60 (over the main screen); the compare screen's labels of runs started in the same minute; the runs
// view's footer at 200 columns.
import Foundation
import Testing
import TerminalUI
@testable import Dashboard
@testable import Training

@Suite struct NewRunFormRenderTests {
    /// The form's box, 77 columns: its fields, where the defaults came from, a problem, the keys.
    static func box(epochs: String, learningRate: String, source: String, problem: String) -> [String] {
        func line(_ text: String) -> String { "│ " + text.padding(toLength: 73, withPad: " ", startingAt: 0) + " │" }
        return ["┌ New run " + String(repeating: "─", count: 66) + "┐",
                line("model           ◂ cnn ▸"), line("recipe          ◂ seed ▸"), line("epochs          " + epochs),
                line("learning rate   " + learningRate), line("batch size      20"), line("seed            0"), line(""),
                line("defaults from " + source), line(problem), line(""),
                line("↑↓ field  ←→ change  Enter start  Esc cancel  0-9 . e types into a number"),
                "└" + String(repeating: "─", count: 75) + "┘"]
    }

    /// Over the runs view, its defaults from the run under the cursor, epochs 0 refused with train's reason.
    @Test func formOverTheRunsViewAt80x24() {
        var state = RunsViewRenderTests.runsView(width: 80, height: 24)
        _ = NewRunFormTests.press([.character("n"), .down, .down], &state)
        RunsViewTests.type("0", into: &state)
        _ = NewRunFormTests.press([.enter], &state)
        let rows = trimmedRows(frame(state))
        #expect(Array(rows[0..<6]) == Array(trimmedRows(frame(RunsViewRenderTests.runsView(width: 80, height: 24)))[0..<6]))
        #expect(rows[6..<19].map { String(Array($0)[1..<78]) } == Self.box(epochs: "0", learningRate: "0.001",
                                                                          source: "20250101-120000-cnn",
                                                                          problem: "epochs 0: must be between 1 and 100000"))
        #expect(rows[6..<19].allSatisfy { $0.hasPrefix("│") && $0.hasSuffix(" │") })
        // The form shows its own keys; the footer has none to add while it takes every key.
        #expect(rows.last == "")
    }

    /// Over the main screen, the selected tab's run's defaults, a learning rate being typed.
    @Test func formOverTheMainScreenAt200x60() {
        var state = NewRunFormTests.formOverTheCNN()
        state.screenSize = Size(width: 200, height: 60)
        _ = NewRunFormTests.press([.down, .down, .down], &state)
        RunsViewTests.type("3e-4", into: &state)
        let rows = trimmedRows(frame(state))
        // Centred in the body (rows 2…57): columns 61…137, rows 24…36.
        #expect(rows[24..<37].map { String(Array($0)[61..<138]) } == Self.box(epochs: "5", learningRate: "3e-4_",
                                                                             source: "20250412-153012-cnn", problem: ""))
        #expect(rows[2].hasPrefix("┌ Loss · CNN") && rows[1].hasPrefix(" CNN seed"))
    }

    @Test func idsShortenOnlyAsFarAsTheyStayDistinct() {
        #expect(RunsGrid.distinctShortIDs(["20261203-101500-cnn", "20261203-111500-cnn"]) == ["1203-1015", "1203-1115"])
        #expect(RunsGrid.distinctShortIDs(["20261203-101500-cnn", "20261203-101530-cnn"]) == ["10:15:00", "10:15:30"])
        #expect(RunsGrid.distinctShortIDs(["20261203-101500-cnn", "20261203-101500-fcnn"]) == ["10:15:00 cnn", "10:15:00 fcnn"])
        #expect(RunsGrid.distinctShortIDs(["20261203-101500-cnn", "20261203-101500-cnn-2"]) == ["10:15:00 cnn", "10:15:00 cnn-2"])
        #expect(RunsGrid.distinctShortIDs(["20251203-101500-cnn", "20261203-101500-cnn"]) == ["20251203-101500-cnn", "20261203-101500-cnn"])
        #expect(RunsGrid.distinctShortIDs(["my-run", "20261203-101500-cnn"]) == ["my-run", "1203-1015"])
        #expect(RunsGrid.distinctShortIDs(["20261203-101500-cnn", "20261203-101530-cnn", "20261203-111500-fcnn"])
                == ["10:15:00", "10:15:30", "1203-1115"])
    }

    /// Two runs started in the same minute: A and B are told apart by their seconds, on the compare screen and as
    /// marked runs' curves on the run screen.
    @Test func compareLabelsRunsStartedInTheSameMinuteApart() {
        var state = Fixtures.state(size: Size(width: 80, height: 24))
        _ = reduce(&state, .runsUpdated(RunsViewTests.update([
            RunsViewTests.run("20250101-100000-cnn", .cnn, lr: "0.001", losses: [0.4, 0.3], status: .finished, right: 93),
            RunsViewTests.run("20250101-100030-cnn", .cnn, lr: "0.0003", losses: [0.5, 0.45], status: .finished, right: 90),
        ])))
        _ = NewRunFormTests.press([.character("r"), .character(" "), .down, .character(" "), .character("c")], &state)
        var rows = trimmedRows(frame(state))
        #expect(rows.contains { $0.contains("A 10:00:30") && $0.contains("B 10:00:00") }, "\(rows.joined(separator: "\n"))")
        _ = NewRunFormTests.press([.escape, .enter], &state)   // the run 10:00:00, the other marked
        state.screenSize = Size(width: 200, height: 60)
        rows = trimmedRows(frame(state))
        #expect(rows.contains { $0.contains("─ valid ─ 10:00:30") }, "\(rows.joined(separator: "\n"))")
    }
}
