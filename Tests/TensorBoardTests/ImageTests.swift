// The PNG encoder (read back with zlib) and the confusion-matrix picture (cells, shades, digits).
import CZlib
import Foundation
import Testing
@testable import TensorBoard

@Suite("images")
struct ImageTests {
    /// The chunks of a PNG file, each CRC checked with zlib's crc32.
    private func chunks(_ png: [UInt8]) throws -> [(type: String, data: [UInt8])] {
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var found = [(type: String, data: [UInt8])](), offset = 8
        func bigEndian(_ at: Int) -> UInt32 { png[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        while offset < png.count {
            let length = Int(bigEndian(offset))
            let typeAndData = Array(png[offset + 4..<offset + 8 + length])
            let crc = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            #expect(bigEndian(offset + 8 + length) == crc)
            found.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            offset += 12 + length
        }
        return found
    }

    @Test func pngHoldsThePixelsRowByRow() throws {
        var image = RGBImage(width: 3, height: 2, filledWith: RGB(red: 1, green: 2, blue: 3))
        image.fill(x: 2, y: 1, width: 5, height: 5, with: RGB(red: 250, green: 128, blue: 0))   // clipped to one pixel
        let found = try chunks(image.png())
        #expect(found.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(found[0].data == [0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0])
        var inflated = [UInt8](repeating: 0, count: 2 * (1 + 3 * 3))
        var length = UInt(inflated.count)
        let status = found[1].data.withUnsafeBufferPointer { source in
            inflated.withUnsafeMutableBufferPointer { uncompress($0.baseAddress, &length, source.baseAddress, UInt(source.count)) }
        }
        #expect(status == Z_OK && length == UInt(inflated.count))
        #expect(inflated == [0, 1, 2, 3, 1, 2, 3, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3, 250, 128, 0])
    }

    @Test func aDigitIsDrawnFromItsGlyph() {
        var image = RGBImage(width: 20, height: 20, filledWith: RGB(red: 255, green: 255, blue: 255))
        let ink = RGB(red: 0, green: 0, blue: 0)
        DigitFont.draw("1", centeredAt: (10, 10), color: ink, into: &image)
        var inked = [[Bool]]()
        for y in 0..<20 { inked.append((0..<20).map { image.color(x: $0, y: y) == ink }) }
        // "1" is 010 / 110 / 010 / 010 / 111: 8 font pixels of 2×2.
        #expect(inked.joined().filter { $0 }.count == 8 * 4)
        let top = inked.firstIndex { $0.contains(true) }!, left = (0..<20).first { x in inked.contains { $0[x] } }!
        #expect(inked[top][left + 2] && !inked[top][left] && inked[top + 8][left] && inked[top + 8][left + 5])
    }

    @Test func cellsAreShadedByTheirShareOfTheRow() {
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        confusion[0][0] = 750
        confusion[0][6] = 250
        confusion[1][1] = 1000
        let image = ConfusionMatrixImage.render(confusion)
        let (margin, width, height) = (ConfusionMatrixImage.margin, ConfusionMatrixImage.cellWidth, ConfusionMatrixImage.cellHeight)
        #expect(image.width == margin + 10 * width && image.height == margin + 10 * height)
        func cornerOfCell(_ row: Int, _ column: Int) -> RGB { image.color(x: margin + column * width + 2, y: margin + row * height + 2) }
        let (empty, full) = (ConfusionMatrixImage.emptyShade, ConfusionMatrixImage.fullShade)
        #expect(cornerOfCell(0, 0) == RGB.blend(empty, full, 0.75))
        #expect(cornerOfCell(0, 6) == RGB.blend(empty, full, 0.25))
        #expect(cornerOfCell(1, 1) == full && cornerOfCell(5, 5) == empty)
        // A count drawn in the middle of its cell: white on a dark cell, grey for 0.
        func colors(inCell row: Int, _ column: Int) -> Set<[UInt8]> {
            var seen = Set<[UInt8]>()
            for y in margin + row * height + 1..<margin + (row + 1) * height {
                for x in margin + column * width + 1..<margin + (column + 1) * width {
                    let color = image.color(x: x, y: y)
                    seen.insert([color.red, color.green, color.blue])
                }
            }
            return seen
        }
        let white = ConfusionMatrixImage.background, grey = ConfusionMatrixImage.zeroDigits
        #expect(colors(inCell: 1, 1) == [[full.red, full.green, full.blue], [white.red, white.green, white.blue]])
        #expect(colors(inCell: 5, 5) == [[empty.red, empty.green, empty.blue], [grey.red, grey.green, grey.blue]])
    }

    @Test func theDescriptionNamesEveryClassByItsNumber() {
        #expect(ConfusionMatrixImage.description.contains("0 T-shirt/top, 1 Trouser"))
        #expect(ConfusionMatrixImage.description.contains("9 Ankle boot"))
    }
}
