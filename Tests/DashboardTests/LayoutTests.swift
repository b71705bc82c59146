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

    /// The runs list covers the main screen's right column, header to footer; the help goes over
    /// the whole body and leaves the focus with what is under it.
    @Test func overlaysGoOverTheScreenInTheOrderOpened() {
        let layout = ScreenLayout(size: Self.size, screen: .main, overlays: [.runs, .help])
        #expect(layout.placements.map(\.pane.id).suffix(3) == [.footer, .runs, .help])
        #expect(layout[.runs] == Rect(x: 40, y: 2, width: 40, height: 21))
        #expect(layout[.runs].x == layout[.confusion].x && layout[.help] == layout.body)
        #expect(layout.focus == .runs)
        #expect(ScreenLayout(size: Self.size, screen: .misclassified, overlays: [.help]).focus == .misclassified)
    }

    /// A compared run's curve and its mark in the runs list take the theme's `compare-lines`.
    @Test func comparedRunsTakeTheThemesColours() {
        var state = RenderTests.midTraining(width: 80, height: 24)
        _ = reduce(&state, .key(.character("r")))
        _ = reduce(&state, .runsListed([Fixtures.run(id: "20250101-120000-fcnn", model: .fcnn, plannedEpochs: 50,
                                                     history: [Fixtures.metrics(1, train: 0.3, valid: 0.35, accuracy: 0.8)],
                                                     status: .finished),
                                        Fixtures.run(id: "20250101-110000-cnn", model: .cnn, plannedEpochs: 50, history: [],
                                                     status: .stopped)]))
        _ = reduce(&state, .key(.character(" ")))
        _ = reduce(&state, .key(.down))
        var theme = Theme.dark
        theme.compareLines = [Style(foreground: .indexed(33)), Style(foreground: .indexed(34))]
        let buffer = frame(state, theme: theme)
        #expect(buffer[42, 4].character == "[" && buffer[42, 4].style.foreground == .indexed(33))
        let legend = LossPane.chart(PaneContext(state: state, theme: theme, capabilities: .full, focus: nil)).series.last
        #expect(legend?.label == "0101-1200 fcnn" && legend?.style == Style(foreground: .indexed(33)))
    }
}
