// SampleTile: one test image as a 14×7 grey thumbnail over two rows: the prediction (right or wrong) and the truth.
import FashionMNIST
import TerminalUI

struct SampleTile: Widget {
    static let width = 14
    /// Seven image rows, the prediction row and the truth row.
    static let height = 9

    let pixels: [UInt8]
    let trueLabel: Int
    /// Nil before there is a prediction.
    let predictedLabel: Int?

    func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        let tile = Rect(x: rect.x, y: rect.y, width: Self.width, height: Self.height).intersection(rect)
        guard !tile.isEmpty else { return }
        GrayscaleImage(pixels: pixels, scale: .thumbnail).render(into: &buffer, in: tile, theme: theme, capabilities: capabilities)
        let glyphs = capabilities.glyphs
        let names = FashionMNIST.classNames
        let predictionRow = Point(x: tile.x, y: rect.y + 7)
        if let predictedLabel {
            let isRight = predictedLabel == trueLabel
            let text = "\(isRight ? glyphs.check : glyphs.cross) \(names[predictedLabel])"
            buffer.write(text.truncated(toWidth: Self.width, ellipsis: glyphs.ellipsis), at: predictionRow,
                         style: isRight ? theme.right : theme.wrong, clip: tile)
        } else {
            buffer.write(String(glyphs.ellipsis), at: predictionRow, style: theme.muted, clip: tile)
        }
        buffer.write(names[trueLabel].truncated(toWidth: Self.width, ellipsis: glyphs.ellipsis),
                     at: Point(x: tile.x, y: rect.y + 8), style: theme.muted, clip: tile)
    }
}
