// BrailleCanvas: a dot grid of 2×4 dots per cell, drawn as braille (U+2800 + dot bits) or ASCII.

/// A grid of `2 × width` by `4 × height` dots over `width × height` cells. Each cell remembers
/// which layer (series) last set a dot in it, so the chart can colour it.
struct BrailleCanvas {
    let width: Int
    let height: Int
    private(set) var bits: [UInt8]
    private(set) var layers: [Int]

    /// Dot bits by (column, row) inside a cell: left column 0x01 0x02 0x04 0x40, right 0x08 0x10 0x20 0x80.
    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
    /// Bits of the upper two dot rows, for the ASCII rendering.
    static let upperHalf: UInt8 = 0x01 | 0x02 | 0x08 | 0x10

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = Array(repeating: 0, count: self.width * self.height)
        layers = Array(repeating: -1, count: self.width * self.height)
    }

    var dotWidth: Int { width * 2 }
    var dotHeight: Int { height * 4 }

    /// Sets one dot; dots outside the grid are ignored.
    mutating func setDot(x: Int, y: Int, layer: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let index = (y / 4) * width + x / 2
        bits[index] |= BrailleCanvas.dotBits[x % 2][y % 4]
        layers[index] = layer
    }

    /// Bresenham's line between two dots, both ends included.
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), layer: Int) {
        let deltaX = abs(end.x - start.x)
        let deltaY = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = deltaX + deltaY
        var x = start.x
        var y = start.y
        while true {
            setDot(x: x, y: y, layer: layer)
            if x == end.x && y == end.y { return }
            let doubled = 2 * error
            if doubled >= deltaY {
                error += deltaY
                x += stepX
            }
            if doubled <= deltaX {
                error += deltaX
                y += stepY
            }
        }
    }

    /// The glyph for a cell: braille, or in ASCII `'` (upper dots), `.` (lower) or `:` (both); nil when empty.
    func glyph(column: Int, row: Int, unicode: Bool) -> Character? {
        let value = bits[row * width + column]
        guard value != 0 else { return nil }
        if unicode {
            return Character(Unicode.Scalar(0x2800 + UInt32(value))!)
        }
        let upper = value & BrailleCanvas.upperHalf != 0
        let lower = value & ~BrailleCanvas.upperHalf != 0
        return upper && lower ? ":" : (upper ? "'" : ".")
    }

    /// The layer that last drew in a cell, or -1.
    func layer(column: Int, row: Int) -> Int {
        layers[row * width + column]
    }
}
