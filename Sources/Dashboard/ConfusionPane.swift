// ConfusionPane: the confusion matrix of the latest validation (during training) or of the test set (at the end).
import FashionMNIST
import TerminalUI

struct ConfusionPane {
    let model: ModelRunState
    let theme: Theme
    let capabilities: Capabilities

    func render(into buffer: inout CellBuffer, in rect: Rect) {
        let separator = capabilities.glyphs.separator
        var title = "Confusion"
        switch model.confusion?.source {
        case .validation(let epoch)?: title += " \(separator) validation \(separator) epoch \(epoch)"
        case .test(let bestEpoch)?: title += " \(separator) test \(separator) best epoch \(bestEpoch)"
        case nil: break
        }
        let inside = Panel(title: title, rightTitle: [TextSpan("rows true, columns predicted", style: theme.muted)])
            .renderFrame(into: &buffer, in: rect, theme: theme, capabilities: capabilities)
        guard let confusion = model.confusion else {
            buffer.write("appears when an epoch ends", at: inside.origin, style: theme.muted, clip: inside)
            return
        }
        ConfusionGrid(counts: confusion.evaluation.confusion, classNames: FashionMNIST.classNames)
            .render(into: &buffer, in: inside, theme: theme, capabilities: capabilities)
    }
}
