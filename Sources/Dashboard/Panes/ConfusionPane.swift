// ConfusionPane: the confusion matrix of the latest validation (during training) or of the test set (at the
// end), with the cursor `c` puts on it and, in its bottom border, the three most confused pairs.
import FashionMNIST
import TerminalUI

extension PaneID {
    static let confusion = PaneID("confusion")
}

struct ConfusionPane: Pane {
    var id: PaneID { .confusion }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let (model, state, theme) = (context.model, context.state, context.theme)
        let separator = context.glyphs.separator
        var title = "Confusion"
        switch model.confusion?.source {
        case .validation(let epoch)?: title += " \(separator) validation \(separator) epoch \(epoch)"
        case .test(let bestEpoch)?: title += " \(separator) test \(separator) best epoch \(bestEpoch)"
        case nil: break
        }
        let hasCursor = context.focus == id
        // With the cursor, its key: "Enter open the cell's images" (the arrows and Esc go without saying).
        let enter = KeyTable.dashboard.binding(for: .confusionCursor(.openCell), in: .overlay(.confusionCursor))
        let rightTitle = hasCursor ? enter?.hintText(unicode: context.capabilities.unicode) ?? "" : "rows true, columns predicted"
        let inside = context.drawFrame(of: id, title: title, rightTitle: [TextSpan(rightTitle, style: theme.muted)],
                                       into: &buffer, in: rect)
        guard let confusion = model.confusion else {
            buffer.write("appears when an epoch ends", at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        let cursor: (trueClass: Int, predictedClass: Int)? = hasCursor ? (state.confusionCursor.trueClass, state.confusionCursor.predictedClass) : nil
        context.draw(ConfusionGrid(counts: confusion.evaluation.confusion, classNames: FashionMNIST.classNames, cursor: cursor),
                     into: &buffer, in: inside)
        drawMostConfused(confusion.evaluation.confusion, into: &buffer, in: rect, context: context)
    }

    /// " most confused: Shirt→T-shirt/top 116, Pullover→Coat 98, … " over the bottom border (fastai's most_confused).
    private func drawMostConfused(_ counts: [[Int]], into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let pairs = ConfusionCell.mostConfused(counts)
        guard rect.height >= 3, rect.width > 4, !pairs.isEmpty else { return }
        let names = FashionMNIST.classNames, arrow = context.capabilities.unicode ? "→" : ">"
        let text = " most confused: " + pairs.map {
            "\(names[$0.cell.trueClass])\(arrow)\(names[$0.cell.predictedClass]) \($0.images)"
        }.joined(separator: ", ") + " "
        let border = Rect(x: rect.x + 2, y: rect.maxY - 1, width: rect.width - 4, height: 1)
        buffer.write(text.truncated(toWidth: border.width, ellipsis: context.glyphs.ellipsis), at: border.origin,
                     style: context.theme.muted, clip: border)
    }
}
