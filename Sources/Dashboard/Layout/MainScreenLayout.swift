// MainScreenLayout: where the main screen's panes go in the body: the loss chart over the test samples, beside the confusion matrix, accuracy and epochs.
import TerminalUI

/// The main screen's rects. Left column: loss chart over the test samples; right column: the
/// confusion matrix, validation accuracy, and an epoch table when there is room.
struct MainScreenLayout {
    /// Border + header + ten classes + border.
    static let confusionHeight = 13
    /// Border + a 7-row thumbnail + two label rows + border; each further row of samples adds 9.
    static let samplesHeight = 11
    static let sampleRowHeight = 9
    /// The right column's width for a confusion matrix with full class names (a 69-cell grid).
    static let fullConfusionWidth = 71
    /// The narrowest left column worth widening the right one for.
    static let narrowestLeft = 60

    let loss: Rect
    let samples: Rect
    let confusion: Rect
    let accuracy: Rect
    /// Empty when there is no room.
    let epochs: Rect

    init(body: Rect) {
        let rightWidth = max(body.width - body.width / 2, min(Self.fullConfusionWidth, body.width - Self.narrowestLeft))
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

    /// The main screen's panes in drawing order; the epoch table only when it has room.
    var placements: [PanePlacement] {
        var placements = [
            PanePlacement(pane: LossPane(), rect: loss),
            PanePlacement(pane: SamplesPane(), rect: samples),
            PanePlacement(pane: ConfusionPane(), rect: confusion),
            PanePlacement(pane: AccuracyPane(), rect: accuracy),
        ]
        if !epochs.isEmpty { placements.append(PanePlacement(pane: EpochTablePane(), rect: epochs)) }
        return placements
    }
}
