// The test confusion matrix as a picture for TensorBoard's Images tab: counts in cells shaded by row share.
import FashionMNIST

/// Rows are the true class, columns the predicted class, both numbered 0–9 along the edges (the image
/// summary's description names them); each cell holds its count, shaded as in confusion.svg by its
/// share of the true class's images.
enum ConfusionMatrixImage {
    static let cellWidth = 40, cellHeight = 26, margin = 26
    /// confusion.svg's palette: an empty cell, a cell holding its whole row.
    static let emptyShade = RGB(red: 247, green: 251, blue: 255), fullShade = RGB(red: 8, green: 48, blue: 107)
    static let background = RGB(red: 255, green: 255, blue: 255), label = RGB(red: 60, green: 60, blue: 60)
    static let darkDigits = RGB(red: 34, green: 34, blue: 34), zeroDigits = RGB(red: 176, green: 176, blue: 176)

    /// - confusion: confusion[true][predicted], square.
    static func render(_ confusion: [[Int]]) -> RGBImage {
        let classes = confusion.count
        var image = RGBImage(width: margin + classes * cellWidth, height: margin + classes * cellHeight,
                             filledWith: background)
        for label in 0..<classes {
            DigitFont.draw(String(label), centeredAt: (margin / 2, margin + label * cellHeight + cellHeight / 2),
                           color: Self.label, into: &image)
            DigitFont.draw(String(label), centeredAt: (margin + label * cellWidth + cellWidth / 2, margin / 2),
                           color: Self.label, into: &image)
        }
        for (trueLabel, row) in confusion.enumerated() {
            let rowTotal = row.reduce(0, +)
            for (predicted, count) in row.enumerated() {
                let share = rowTotal == 0 ? 0 : Double(count) / Double(rowTotal)
                let x = margin + predicted * cellWidth, y = margin + trueLabel * cellHeight
                // One pixel of background between cells, like the SVG's white strokes.
                image.fill(x: x + 1, y: y + 1, width: cellWidth - 1, height: cellHeight - 1,
                           with: RGB.blend(emptyShade, fullShade, share))
                let ink = share > 0.45 ? background : count == 0 ? zeroDigits : darkDigits
                DigitFont.draw(String(count), centeredAt: (x + cellWidth / 2, y + cellHeight / 2), color: ink, into: &image)
            }
        }
        return image
    }

    /// What the picture shows, with the class of each number.
    static var description: String {
        let legend = FashionMNIST.classNames.enumerated().map { "\($0) \($1)" }.joined(separator: ", ")
        return "Test images scored with the best weights: rows are the true class, columns the predicted class, "
            + "cells shaded by their share of the true class's images. Classes: \(legend)."
    }
}

/// Digits 0–9 in a 3×5 pixel font, drawn 2× (6×10 pixels, 2 pixels apart).
enum DigitFont {
    static let scale = 2, spacing = 2
    /// Five rows of three bits per digit, top row first, the left pixel in the high bit.
    private static let glyphs: [[UInt8]] = [
        [0b111, 0b101, 0b101, 0b101, 0b111], [0b010, 0b110, 0b010, 0b010, 0b111],
        [0b111, 0b001, 0b111, 0b100, 0b111], [0b111, 0b001, 0b111, 0b001, 0b111],
        [0b101, 0b101, 0b111, 0b001, 0b001], [0b111, 0b100, 0b111, 0b001, 0b111],
        [0b111, 0b100, 0b111, 0b101, 0b111], [0b111, 0b001, 0b001, 0b001, 0b001],
        [0b111, 0b101, 0b111, 0b101, 0b111], [0b111, 0b101, 0b111, 0b001, 0b111],
    ]

    static func width(of text: String) -> Int { text.count * (3 * scale + spacing) - spacing }

    /// Draws the digits of `text` centred on a point.
    static func draw(_ text: String, centeredAt center: (x: Int, y: Int), color: RGB, into image: inout RGBImage) {
        var left = center.x - width(of: text) / 2
        let top = center.y - 5 * scale / 2
        for character in text {
            guard let digit = character.wholeNumberValue else { continue }
            for (row, bits) in glyphs[digit].enumerated() {
                for column in 0..<3 where bits & (0b100 >> column) != 0 {
                    image.fill(x: left + column * scale, y: top + row * scale, width: scale, height: scale, with: color)
                }
            }
            left += 3 * scale + spacing
        }
    }
}
