// ConfusionPane: the confusion matrix of the latest validation (during training) or of the test set (at the end).
import FashionMNIST
import TerminalUI

extension PaneID {
    static let confusion = PaneID("confusion")
}

struct ConfusionPane: Pane {
    var id: PaneID { .confusion }

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        let model = context.model
        let separator = context.glyphs.separator
        var title = "Confusion"
        switch model.confusion?.source {
        case .validation(let epoch)?: title += " \(separator) validation \(separator) epoch \(epoch)"
        case .test(let bestEpoch)?: title += " \(separator) test \(separator) best epoch \(bestEpoch)"
        case nil: break
        }
        let inside = context.drawFrame(of: id, title: title,
                                       rightTitle: [TextSpan("rows true, columns predicted", style: context.theme.muted)],
                                       into: &buffer, in: rect)
        guard let confusion = model.confusion else {
            buffer.write("appears when an epoch ends", at: inside.origin, style: context.theme.muted, clip: inside)
            return
        }
        context.draw(ConfusionGrid(counts: confusion.evaluation.confusion, classNames: FashionMNIST.classNames),
                     into: &buffer, in: inside)
    }
}
