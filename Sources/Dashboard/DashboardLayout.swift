// DashboardLayout: where each pane goes for a screen size: header rows, two columns of panes, footer.
import TerminalUI

/// The main screen's rects. Left column: loss chart over the test samples; right column: the
/// confusion matrix, validation accuracy, and an epoch table when there is room.
struct DashboardLayout: Equatable {
    /// Below this the screen shows the too-small message.
    static let minimumSize = Size(width: 60, height: 20)
    /// Border + header + ten classes + border.
    static let confusionHeight = 13
    /// Border + a 7-row thumbnail + two label rows + border; each further row of samples adds 9.
    static let samplesHeight = 11
    static let sampleRowHeight = 9
    /// The right column's width for a confusion matrix with full class names (a 69-cell grid).
    static let fullConfusionWidth = 71
    /// The narrowest left column worth widening the right one for.
    static let narrowestLeft = 60

    let tabRow: Rect
    let detailRow: Rect
    let footerRow: Rect
    /// Everything between the header and the footer (overlays cover it).
    let body: Rect
    let loss: Rect
    let samples: Rect
    let confusion: Rect
    let accuracy: Rect
    /// Empty when there is no room.
    let epochs: Rect

    init(size: Size) {
        let screen = Rect(size: size)
        (tabRow, _) = screen.divided(atDistance: 1, from: .top)
        detailRow = Rect(x: 0, y: 1, width: size.width, height: min(1, max(0, size.height - 1)))
        footerRow = Rect(x: 0, y: size.height - 1, width: size.width, height: size.height >= 3 ? 1 : 0)
        body = Rect(x: 0, y: 2, width: size.width, height: size.height - 3)
        let rightWidth = max(size.width - size.width / 2, min(Self.fullConfusionWidth, size.width - Self.narrowestLeft))
        let (right, left) = body.divided(atDistance: rightWidth, from: .right)
        let sampleRows = body.height >= 40 ? 2 : 1
        let samplesHeight = Self.samplesHeight + (sampleRows - 1) * Self.sampleRowHeight
        (samples, loss) = left.divided(atDistance: min(samplesHeight, max(0, left.height - 6)), from: .bottom)
        let rest: Rect
        (confusion, rest) = right.divided(atDistance: Self.confusionHeight, from: .top)
        if rest.height >= 20 {
            (accuracy, epochs) = rest.divided(atDistance: 12, from: .top)
        } else {
            accuracy = rest
            epochs = Rect(x: rest.x, y: rest.maxY, width: rest.width, height: 0)
        }
    }

    static func fits(_ size: Size) -> Bool { size.contains(minimumSize) }
}
