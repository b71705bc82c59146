// WidgetTests: panels, progress bars, tabs, sparklines, the help overlay and the too-small message as text grids.

import Testing
@testable import TerminalUI

@Suite struct PanelTests {
    @Test func boxWithTitleAndRightTitle() {
        let panel = Panel(title: "Loss", rightTitle: [TextSpan("─ train", style: Theme.dark.trainLine)])
        let buffer = rendered(panel, size: Size(width: 22, height: 3))
        #expect(buffer.textGrid == [
            "┌ Loss ───── ─ train ┐",
            "│                    │",
            "└────────────────────┘",
        ])
        #expect(buffer[13, 0].style == Theme.dark.trainLine)
        #expect(buffer[2, 0].style == Theme.dark.title)
    }

    @Test func rightTitleDropsFirstThenTitleIsTruncated() {
        let panel = Panel(title: "Validation accuracy", rightTitle: ["92.4 %"])
        #expect(rendered(panel, size: Size(width: 16, height: 2)).textGrid == ["┌ Validation… ─┐", "└──────────────┘"])
    }

    @Test func asciiBoxAndContentRect() {
        var buffer = CellBuffer(width: 6, height: 4)
        let content = Panel(title: "ab").renderFrame(into: &buffer, in: buffer.bounds, theme: .dark, capabilities: .basic)
        #expect(buffer.textGrid == ["+ ab +", "|    |", "|    |", "+----+"])
        #expect(content == Rect(x: 1, y: 1, width: 4, height: 2))
    }
}

@Suite struct ProgressBarTests {
    /// 20 columns, label of 9 + a space → a 10-cell bar; 0.55 × 80 eighths = 44 → 5 full cells and a half.
    @Test func eighthPrecisionAndLabel() {
        let buffer = rendered(ProgressBar(fraction: 0.55, label: "1430/2400"), size: Size(width: 20, height: 1))
        #expect(buffer.textGrid == ["█████▌░░░░ 1430/2400"])
        #expect(buffer[6, 0].style == Theme.dark.muted)
    }

    @Test(arguments: [(-1.0, "....."), (Double.nan, "....."), (0.5, "##..."), (2.0, "#####")])
    func asciiClampsTheFraction(fraction: Double, bar: String) {
        let buffer = rendered(ProgressBar(fraction: fraction), size: Size(width: 5, height: 1), capabilities: .basic)
        #expect(buffer.textGrid == [bar])
    }

    @Test func tooNarrowForABarShowsTheLabel() {
        #expect(rendered(ProgressBar(fraction: 0.5, label: "12/50"), size: Size(width: 7, height: 1)).textGrid == ["12/50  "])
    }
}

@Suite struct TabBarTests {
    @Test func selectedTabUsesTheSelectionStyle() {
        let buffer = rendered(TabBar(titles: ["1 FCNN", "2 CNN"], selectedIndex: 1), size: Size(width: 18, height: 1))
        #expect(buffer.textGrid == [" 1 FCNN   2 CNN   "])
        #expect(buffer[1, 0].style == Theme.dark.text)
        #expect(buffer[10, 0].style == Theme.dark.selection)
        #expect(buffer[16, 0].style == .plain)
    }

    @Test func spansKeepTheirStylesInUnselectedTabs() {
        let tabs: [[TextSpan]] = [["1 FCNN ", TextSpan("‖", style: Theme.dark.paused)], ["2 CNN"]]
        let buffer = rendered(TabBar(tabs: tabs, selectedIndex: 1), size: Size(width: 12, height: 1))
        #expect(buffer.textGrid == [" 1 FCNN ‖   "])
        #expect(buffer[8, 0].style == Theme.dark.paused)
    }
}

@Suite struct SparklineTests {
    @Test func levelsScaleToTheValues() {
        let buffer = rendered(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7]), size: Size(width: 8, height: 1))
        #expect(buffer.textGrid == ["▁▂▃▄▅▆▇█"])
    }

    @Test func showsTheNewestValuesThatFit() {
        let sparkline = Sparkline(values: [100, 0, 7, .nan], range: 0...7)
        #expect(rendered(sparkline, size: Size(width: 3, height: 1)).textGrid == ["▁█ "])
        #expect(rendered(sparkline, size: Size(width: 3, height: 1), capabilities: .basic).textGrid == ["_# "])
    }

    @Test func constantValuesSitInTheMiddle() {
        #expect(rendered(Sparkline(values: [5, 5]), size: Size(width: 2, height: 1)).textGrid == ["▄▄"])
    }
}

@Suite struct OverlayTests {
    @Test func helpOverlayIsCentredAndClearsUnderneath() {
        let help = HelpOverlay(entries: [HelpEntry("q", "quit"), HelpEntry("Space", "pause")], footer: "Esc closes")
        let buffer = rendered(help, size: Size(width: 20, height: 8), background: "x")
        #expect(buffer.textGrid == [
            "xxxxxxxxxxxxxxxxxxxx",
            "xx┌ Help ────────┐xx",
            "xx│ q      quit  │xx",
            "xx│ Space  pause │xx",
            "xx│              │xx",
            "xx│ Esc closes   │xx",
            "xx└──────────────┘xx",
            "xxxxxxxxxxxxxxxxxxxx",
        ])
        #expect(buffer[4, 2].style == Theme.dark.accent.applied(over: Theme.dark.base))
        #expect(buffer[5, 4].style == Theme.dark.base)
    }

    /// Entries that do not fit scroll: a window of them from `firstEntry` (kept full), which ones on the top
    /// border, the scroll footer as the last line.
    @Test func helpOverlayScrollsEntriesThatDoNotFit() {
        var help = HelpOverlay(entries: (1...5).map { HelpEntry("\($0)", "item number \($0)") }, footer: "Esc closes",
                               scrollFooter: "↓ more")
        #expect(help.visibleEntryCount(in: Size(width: 24, height: 6)) == 3)
        #expect(rendered(help, size: Size(width: 24, height: 6)).textGrid == [
            "  ┌ Help ── 1-3 of 5 ┐  ",
            "  │ 1  item number 1 │  ",
            "  │ 2  item number 2 │  ",
            "  │ 3  item number 3 │  ",
            "  │ ↓ more           │  ",
            "  └──────────────────┘  ",
        ])
        help.firstEntry = 7
        #expect(help.firstEntry(in: Size(width: 24, height: 6)) == 2)
        #expect(rendered(help, size: Size(width: 24, height: 6)).textGrid[0...1] == [
            "  ┌ Help ── 3-5 of 5 ┐  ",
            "  │ 3  item number 3 │  ",
        ])
        #expect(help.visibleEntryCount(in: Size(width: 24, height: 9)) == 5, "all fit with the footer: no scrolling")
    }

    @Test(arguments: [
        (40, ["terminal too small: 60×20, need 100×30"]),
        (24, ["terminal too small:", "60×20, need 100×30"]),
        (12, ["too small:", "60×20", "need 100×30"]),
    ])
    func tooSmallMessageWraps(width: Int, lines: [String]) {
        let message = TooSmallMessage(current: Size(width: 60, height: 20), required: Size(width: 100, height: 30))
        #expect(message.lines(width: width, capabilities: .full) == lines)
    }

    @Test func tooSmallMessageIsCentredWithItsHint() {
        let message = TooSmallMessage(current: Size(width: 30, height: 5), required: Size(width: 80, height: 24), hint: "q quits")
        #expect(rendered(message, size: Size(width: 30, height: 5), capabilities: .basic).textGrid == [
            "                              ",
            "     terminal too small:      ",
            "       30x5, need 80x24       ",
            "           q quits            ",
            "                              ",
        ])
    }
}
