// CellBuffer: the width×height grid widgets draw into; clipped writes, fills, diffs and text dumps.

/// A grid of cells. Every write is clipped to the buffer and to a caller-given clip rect,
/// so drawing can never land outside the pane it was meant for.
public struct CellBuffer: Hashable, Sendable {
    public private(set) var size: Size
    private var cells: [Cell]

    public init(size: Size, filledWith cell: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: cell, count: size.width * size.height)
    }

    public init(width: Int, height: Int) {
        self.init(size: Size(width: width, height: height))
    }

    public var width: Int { size.width }
    public var height: Int { size.height }

    /// The whole buffer as a rect at the origin.
    public var bounds: Rect { Rect(size: size) }

    /// The cell at a position, or nil outside the buffer.
    public func cell(at point: Point) -> Cell? {
        guard bounds.contains(x: point.x, y: point.y) else { return nil }
        return cells[point.y * size.width + point.x]
    }

    /// The cell at column `x`, row `y`; the position must lie inside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        precondition(bounds.contains(x: x, y: y), "cell (\(x),\(y)) outside buffer \(size)")
        return cells[y * size.width + x]
    }

    /// Puts one character at a point if the point lies inside both `clip` and the buffer.
    /// The style is applied over the cell's old style (nil colours keep the old colours).
    public mutating func put(_ character: Character, at point: Point, style: Style, clip: Rect) {
        guard clip.contains(x: point.x, y: point.y), bounds.contains(x: point.x, y: point.y) else { return }
        let index = point.y * size.width + point.x
        cells[index] = Cell(CellBuffer.printable(character), style: style.applied(over: cells[index].style))
    }

    /// Writes a string left to right from `point`, one cell per Character, clipped to `clip`.
    /// Control characters become spaces. Returns the column just after the string (clipped or not).
    @discardableResult
    public mutating func write(_ string: String, at point: Point, style: Style, clip: Rect) -> Int {
        var column = point.x
        let visible = clip.intersection(bounds)
        for character in string {
            put(character, at: Point(x: column, y: point.y), style: style, clip: visible)
            column += 1
        }
        return column
    }

    /// Writes styled spans one after the other; spans without a style use `baseStyle`.
    @discardableResult
    public mutating func write(_ spans: [TextSpan], at point: Point, baseStyle: Style, clip: Rect) -> Int {
        var column = point.x
        for span in spans {
            column = write(span.text, at: Point(x: column, y: point.y), style: span.style ?? baseStyle, clip: clip)
        }
        return column
    }

    /// Fills the part of `rect` inside the buffer with a character in a style.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style) {
        let visible = rect.intersection(bounds)
        guard !visible.isEmpty else { return }
        for row in visible.y..<visible.maxY {
            for column in visible.x..<visible.maxX {
                put(character, at: Point(x: column, y: row), style: style, clip: visible)
            }
        }
    }

    /// Changes only the style of the cells in `rect` (characters stay).
    public mutating func restyle(_ rect: Rect, style: Style) {
        let visible = rect.intersection(bounds)
        guard !visible.isEmpty else { return }
        for row in visible.y..<visible.maxY {
            for column in visible.x..<visible.maxX {
                let index = row * size.width + column
                cells[index].style = style.applied(over: cells[index].style)
            }
        }
    }

    /// The cells of this buffer that differ from `previous`, row by row. When the sizes differ
    /// every cell counts as changed.
    public func diff(from previous: CellBuffer) -> [CellChange] {
        var changes: [CellChange] = []
        let sameSize = previous.size == size
        for row in 0..<size.height {
            for column in 0..<size.width {
                let index = row * size.width + column
                if !sameSize || previous.cells[index] != cells[index] {
                    changes.append(CellChange(point: Point(x: column, y: row), cell: cells[index]))
                }
            }
        }
        return changes
    }

    /// The characters row by row, styles dropped: what tests compare literally.
    public var textGrid: [String] {
        (0..<size.height).map { row in
            String(cells[(row * size.width)..<((row + 1) * size.width)].map(\.character))
        }
    }

    /// Control characters would break the grid: they are drawn as spaces.
    private static func printable(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first else { return " " }
        return scalar.value < 0x20 || scalar.value == 0x7F ? " " : character
    }
}

/// One changed cell reported by `CellBuffer.diff(from:)`.
public struct CellChange: Hashable, Sendable {
    public var point: Point
    public var cell: Cell
}
