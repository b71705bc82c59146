// CellBufferTests: clipped writes, fills, style layering, diffs and text dumps of CellBuffer.

import Testing
@testable import TerminalUI

@Suite struct CellBufferTests {
    @Test func writeIsClippedToTheClipRectAndTheBuffer() {
        var buffer = CellBuffer(width: 6, height: 2)
        let end = buffer.write("abcdefgh", at: Point(x: -2, y: 0), style: .plain, clip: Rect(x: 0, y: 0, width: 4, height: 2))
        buffer.write("xyz", at: Point(x: 4, y: 1), style: .plain, clip: buffer.bounds)
        buffer.write("never", at: Point(x: 0, y: 2), style: .plain, clip: Rect(x: 0, y: 0, width: 99, height: 99))
        #expect(end == 6)
        #expect(buffer.textGrid == ["cdef  ", "    xy"])
    }

    @Test func controlCharactersBecomeSpaces() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.write("a\nb\tc", at: Point(x: 0, y: 0), style: .plain, clip: buffer.bounds)
        #expect(buffer.textGrid == ["a b c"])
    }

    @Test func nilColoursKeepWhatIsUnderneath() {
        var buffer = CellBuffer(width: 3, height: 1)
        buffer.fill(buffer.bounds, style: Style(foreground: .red, background: .grey(3)))
        buffer.write("x", at: Point(x: 1, y: 0), style: Style(foreground: .green, bold: true), clip: buffer.bounds)
        #expect(buffer[1, 0] == Cell("x", style: Style(foreground: .green, background: .grey(3), bold: true)))
        #expect(buffer[0, 0].style == Style(foreground: .red, background: .grey(3)))
    }

    @Test func fillCoversOnlyTheVisiblePart() {
        var buffer = CellBuffer(width: 4, height: 3)
        buffer.fill(Rect(x: 2, y: -1, width: 5, height: 3), with: "#", style: .plain)
        #expect(buffer.textGrid == ["  ##", "  ##", "    "])
    }

    @Test func restyleKeepsCharacters() {
        var buffer = CellBuffer(width: 2, height: 1)
        buffer.write("ab", at: Point(x: 0, y: 0), style: Style(foreground: .red), clip: buffer.bounds)
        buffer.restyle(Rect(x: 1, y: 0, width: 5, height: 5), style: Style(background: .blue, reverse: true))
        #expect(buffer.textGrid == ["ab"])
        #expect(buffer[1, 0].style == Style(foreground: .red, background: .blue, reverse: true))
        #expect(buffer[0, 0].style == Style(foreground: .red))
    }

    @Test func diffListsChangedCellsOnly() {
        var before = CellBuffer(width: 3, height: 2)
        before.write("abc", at: Point(x: 0, y: 0), style: .plain, clip: before.bounds)
        var after = before
        after.write("Z", at: Point(x: 2, y: 1), style: .plain, clip: after.bounds)
        after.restyle(Rect(x: 0, y: 0, width: 1, height: 1), style: Style(bold: true))
        #expect(after.diff(from: before) == [
            CellChange(point: Point(x: 0, y: 0), cell: Cell("a", style: Style(bold: true))),
            CellChange(point: Point(x: 2, y: 1), cell: Cell("Z")),
        ])
        #expect(after.diff(from: after).isEmpty)
    }

    @Test func diffAgainstAnotherSizeIsEverything() {
        let small = CellBuffer(width: 2, height: 2)
        let large = CellBuffer(width: 3, height: 2)
        #expect(large.diff(from: small).count == 6)
    }

    @Test func emptyBufferIsHarmless() {
        var buffer = CellBuffer(width: 0, height: 0)
        buffer.write("abc", at: Point(x: 0, y: 0), style: .plain, clip: Rect(x: 0, y: 0, width: 10, height: 10))
        buffer.fill(Rect(x: -5, y: -5, width: 20, height: 20), style: .plain)
        #expect(buffer.textGrid == [])
        #expect(buffer.cell(at: Point(x: 0, y: 0)) == nil)
    }
}

@Suite struct GeometryTests {
    @Test func intersectionOfDisjointRectsIsEmpty() {
        #expect(Rect(x: 0, y: 0, width: 3, height: 3).intersection(Rect(x: 5, y: 5, width: 2, height: 2)).isEmpty)
        #expect(Rect(x: 0, y: 0, width: 4, height: 4).intersection(Rect(x: 2, y: -1, width: 5, height: 2))
            == Rect(x: 2, y: 0, width: 2, height: 1))
    }

    @Test func dividedClampsTheDistance() {
        let rect = Rect(x: 1, y: 2, width: 10, height: 5)
        let (top, rest) = rect.divided(atDistance: 2, from: .top)
        #expect(top == Rect(x: 1, y: 2, width: 10, height: 2))
        #expect(rest == Rect(x: 1, y: 4, width: 10, height: 3))
        let (right, left) = rect.divided(atDistance: 40, from: .right)
        #expect(right == rect)
        #expect(left.isEmpty)
        #expect(rect.divided(atDistance: 2, from: .bottom).slice == Rect(x: 1, y: 5, width: 10, height: 2))
    }

    @Test func insetNeverGoesNegative() {
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).size == .zero)
        #expect(Rect(x: 0, y: 0, width: 10, height: 5).centered(Size(width: 4, height: 9)) == Rect(x: 3, y: 0, width: 4, height: 5))
    }
}
