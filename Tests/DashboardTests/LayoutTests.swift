// LayoutTests: panes by identifier for each screen and overlay, drawing order and focus, and the theme's colours for compared runs.
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct LayoutTests {
    static let size = Size(width: 80, height: 24)

    @Test func mainScreenDrawsHeaderPanesFooterInOrderWithoutFocus() {
        let layout = ScreenLayout(size: Self.size, screen: .main, overlays: [])
        #expect(layout.placements.map(\.pane.id) == [.header, .loss, .samples, .confusion, .accuracy, .footer])
        #expect(layout[.header] == Rect(x: 0, y: 0, width: 80, height: 2))
        #expect(layout.body == Rect(x: 0, y: 2, width: 80, height: 21))
        #expect(layout.focus == nil && layout[.misclassified].isEmpty)
    }

    @Test func misclassifiedScreenFillsTheBodyAndHasTheFocus() {
        let layout = ScreenLayout(size: Self.size, screen: .misclassified, overlays: [])
        #expect(layout.placements.map(\.pane.id) == [.header, .misclassified, .footer])
        #expect(layout[.misclassified] == layout.body && layout.focus == .misclassified)
    }

    /// The help goes over the whole body and leaves the focus with what is under it; the runs view's
    /// filter line is drawn by the runs table, which keeps the focus.
    @Test func overlaysGoOverTheScreenInTheOrderOpened() {
        let layout = ScreenLayout(size: Self.size, screen: .runs, overlays: [.runFilter, .help])
        #expect(layout.placements.map(\.pane.id) == [.header, .runsTable, .footer, .help])
        #expect(layout[.runsTable] == layout.body && layout[.help] == layout.body)
        #expect(layout.focus == .runsTable)
        #expect(ScreenLayout(size: Self.size, screen: .misclassified, overlays: [.help]).focus == .misclassified)
    }

    /// The run screen: settings over epochs on the left, curves over the confusion matrix on the right;
    /// the compare screen: curves on the left, the confusion difference over the settings on the right.
    @Test func runAndCompareScreens() {
        let run = ScreenLayout(size: Self.size, screen: .run, overlays: [])
        #expect(run.placements.map(\.pane.id) == [.header, .runSettings, .runEpochs, .runConfusion, .runLoss, .footer])
        #expect(run[.runConfusion].height == 13 && run[.runLoss].maxY == run[.runConfusion].y)
        let tall = ScreenLayout(size: Size(width: 200, height: 60), screen: .run, overlays: [])
        #expect(!tall[.runAccuracy].isEmpty)
        let compare = ScreenLayout(size: Self.size, screen: .compare, overlays: [])
        #expect(compare.placements.map(\.pane.id) == [.header, .runLoss, .runAccuracy, .confusionDelta, .compareSettings, .footer])
        #expect(compare[.confusionDelta] == Rect(x: 40, y: 2, width: 40, height: 13))
    }

    /// A marked run's curve and its mark in the runs view take the theme's `compare-lines`.
    @Test func markedRunsTakeTheThemesColours() {
        var state = RenderTests.midTraining(width: 80, height: 24)
        _ = reduce(&state, .runsUpdated(RunsViewTests.update([
            Fixtures.run(id: "20250101-120000-fcnn", model: .fcnn, plannedEpochs: 50,
                         history: [Fixtures.metrics(1, train: 0.3, valid: 0.35, accuracy: 0.8)], status: .finished),
            Fixtures.run(id: "20250101-110000-cnn", model: .cnn, plannedEpochs: 50, history: [], status: .stopped)])))
        _ = reduce(&state, .key(.character("r")))
        _ = reduce(&state, .key(.character(" ")))
        _ = reduce(&state, .key(.down))
        var theme = Theme.dark
        theme.compareLines = [Style(foreground: .indexed(33)), Style(foreground: .indexed(34))]
        let buffer = frame(state, theme: theme)
        // Row 4 of the screen is the first run's row (header rows, the frame, the column titles).
        #expect(buffer[1, 4].character == "●" && buffer[1, 4].style.foreground == .indexed(33))
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .main)
        let legend = LossPane.chart(PaneContext(state: state, theme: theme, capabilities: .full, focus: nil)).series.last
        #expect(legend?.label == "0101-1200 fcnn" && legend?.style == Style(foreground: .indexed(33)))
    }
}
