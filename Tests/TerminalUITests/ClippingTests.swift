// ClippingTests: every widget at degenerate and off-screen rects: no crash, nothing drawn outside its rect.

import Testing
@testable import TerminalUI

@Suite struct ClippingTests {
    static let widgets: [any Widget & Sendable] = {
        var counts = Array(repeating: Array(repeating: 7, count: 10), count: 10)
        for index in 0..<10 { counts[index][index] = 1200 }
        let series = [
            ChartSeries(label: "train", points: (0..<200).map { ChartPoint(x: Double($0) / 20, y: 2 / Double($0 + 1)) }, style: Theme.dark.trainLine),
            ChartSeries(label: "valid", values: [0.9, 0.5, 0.45, 1e300, -3, 0.41, .infinity], style: Theme.dark.validLine),
        ]
        return [
            Panel(title: "Loss", rightTitle: ["─ train ─ valid"]),
            Panel(title: "Overlay", clearsInterior: true),
            ProgressBar(fraction: 0.42, label: "1008/2400"),
            TabBar(titles: ["1 FCNN ● training 31/50", "2 CNN ‖ paused"], selectedIndex: 0),
            Sparkline(values: [80, 85, 90, .nan, 91]),
            BrailleChart(series: series, marker: ChartMarker(x: 3, y: 0.41)),
            BrailleChart(series: series, yScale: .logarithmic, marker: ChartMarker(x: 99, y: -1), xRange: 0...10),
            BrailleChart(series: []),
            ConfusionGrid(counts: counts, classNames: fashionClassNames),
            ConfusionGrid(counts: [[1, 2], [3]], classNames: ["a", "b", "c"]),
            GrayscaleImage(pixels: (0..<784).map { UInt8($0 % 256) }),
            GrayscaleImage(pixels: [1, 2, 3], scale: .thumbnail),
            HelpOverlay(entries: [HelpEntry("q", "quit"), HelpEntry("?", "help")], footer: "Esc closes"),
            TooSmallMessage(current: Size(width: 10, height: 3), required: Size(width: 100, height: 30), hint: "q quits"),
        ]
    }()

    static let rects = [
        Rect(x: 3, y: 2, width: 0, height: 0), Rect(x: 3, y: 2, width: 1, height: 1), Rect(x: 3, y: 2, width: 2, height: 1),
        Rect(x: 3, y: 2, width: 1, height: 3), Rect(x: 1, y: 1, width: 3, height: 2), Rect(x: 2, y: 1, width: 7, height: 5),
        Rect(x: 1, y: 1, width: 13, height: 9), Rect(x: -3, y: -2, width: 10, height: 6), Rect(x: 36, y: 14, width: 10, height: 10),
        Rect(x: -50, y: -50, width: 200, height: 200), Rect(x: 90, y: 90, width: 5, height: 5),
    ]

    @Test(arguments: 0..<widgets.count, [Capabilities.full, .basic])
    func nothingIsDrawnOutsideTheRect(widgetIndex: Int, capabilities: Capabilities) {
        for rect in Self.rects {
            let sentinel = Cell("x", style: Style(foreground: .magenta))
            var buffer = CellBuffer(size: Size(width: 40, height: 16), filledWith: sentinel)
            Self.widgets[widgetIndex].render(into: &buffer, in: rect, theme: .dark, capabilities: capabilities)
            for row in 0..<buffer.height {
                for column in 0..<buffer.width where !rect.contains(x: column, y: row) {
                    #expect(buffer[column, row] == sentinel, "widget \(widgetIndex) wrote (\(column),\(row)) outside \(rect)")
                }
            }
        }
    }

    @Test func largeRectsDrawSomething() {
        for (index, widget) in Self.widgets.enumerated() {
            let sentinel = Cell("x")
            var buffer = CellBuffer(size: Size(width: 80, height: 30), filledWith: sentinel)
            widget.render(into: &buffer, in: buffer.bounds, theme: .dark, capabilities: .full)
            #expect(buffer.diff(from: CellBuffer(size: buffer.size, filledWith: sentinel)).count > 0, "widget \(index) drew nothing")
        }
    }
}

@Suite struct RecordingTerminalTests {
    @Test func replaysInputsAndRecordsFrames() throws {
        let terminal = RecordingTerminal(size: Size(width: 4, height: 1),
                                         inputs: [.key(.character("q")), .resize(Size(width: 6, height: 2))])
        try terminal.start()
        var frame = CellBuffer(size: terminal.size)
        frame.write("ab", at: Point(x: 0, y: 0), style: .plain, clip: frame.bounds)
        terminal.present(frame)
        frame.write("c", at: Point(x: 3, y: 0), style: .plain, clip: frame.bounds)
        terminal.present(frame)
        #expect(terminal.nextInput(timeoutMilliseconds: 100) == .key(.character("q")))
        #expect(terminal.nextInput(timeoutMilliseconds: 100) == .resize(Size(width: 6, height: 2)))
        #expect(terminal.size == Size(width: 6, height: 2))
        #expect(terminal.nextInput(timeoutMilliseconds: 100) == nil)
        terminal.present(CellBuffer(size: terminal.size))
        terminal.stop()
        terminal.stop()
        #expect(terminal.lastFrame == ["      ", "      "])
        #expect(terminal.presentedBuffers.first?.textGrid == ["ab  "])
        #expect(terminal.changedCellCounts == [4, 1, 12])
        #expect(terminal.stopCount == 1)
    }
}
