// ConfusionGridTests: the table at full width, as percentages, as shades, and its colouring.

import Testing
@testable import TerminalUI

@Suite struct ConfusionGridTests {
    /// Cat: 8 right, 2 taken for Dog; Dog: 1 for Cat, 9 right; Bird: 5 right.
    static let grid = ConfusionGrid(counts: [[8, 2, 0], [1, 9, 0], [0, 0, 5]], classNames: ["Cat", "Dog", "Bird"])

    @Test func countsWithAccuracyColumn() {
        let buffer = rendered(Self.grid, size: Size(width: 26, height: 4))
        #expect(buffer.textGrid == [
            "       Cat  Dog Bird   acc",
            "Cat      8    2    ·  80.0",
            "Dog      1    9    ·  90.0",
            "Bird     ·    ·    5 100.0",
        ])
    }

    @Test func percentagesWhenNarrower() {
        let buffer = rendered(Self.grid, size: Size(width: 25, height: 4))
        #expect(buffer.textGrid == [
            "      Cat Dog Bir acc    ",
            "Cat    80  20   ·  80    ",
            "Dog    10  90   ·  90    ",
            "Bird    ·   · 100 100    ",
        ])
    }

    /// Shades: the diagonal by its share (80 % → ▓), the off-diagonal by √(2·share) (20 % → 0.63 → ▓,
    /// 10 % → 0.45 → ▒), rounded to the nearest of 4 levels. At 11 columns the accuracy column goes.
    @Test func shadesWhenNarrowerStill() {
        let buffer = rendered(Self.grid, size: Size(width: 16, height: 4))
        #expect(buffer.textGrid == [
            "       0 1 2 acc",
            "Cat 0  ▓ ▓ ·  80",
            "Dog 1  ▒ █ ·  90",
            "Bir 2  · · █ 100",
        ])
        #expect(rendered(Self.grid, size: Size(width: 11, height: 4), capabilities: .basic).textGrid == [
            "      012  ",
            "Cat 0 ##-  ",
            "Dog 1 :@-  ",
            "Bir 2 --@  ",
        ])
    }

    @Test func coloursDiagonalRightZerosMutedErrorsByHeat() {
        let buffer = rendered(Self.grid, size: Size(width: 26, height: 4))
        #expect(buffer[9, 1].style == Theme.dark.right)                        // Cat → Cat
        #expect(buffer[14, 1].style == Theme.dark.heat(0.4.squareRoot()))       // Cat → Dog, 20 %
        #expect(buffer[14, 1].style == Theme.dark.heatRamp[4])
        #expect(buffer[9, 2].style == Theme.dark.heatRamp[3])                  // Dog → Cat, 10 % → 0.45
        #expect(buffer[19, 1].style == Theme.dark.muted)                       // zero
    }

    /// The six layouts: full names (68), 4-letter names (61), percentages (49), shades (30, 20, 16).
    @Test(arguments: [68, 61, 49, 30, 20, 16])
    func fashionMnistLayoutFitsEachWidth(width: Int) {
        var counts = Array(repeating: Array(repeating: 12, count: 10), count: 10)
        for index in 0..<10 { counts[index][index] = 1100 }
        let grid = ConfusionGrid(counts: counts, classNames: fashionClassNames)
        let layout = grid.layout(forWidth: width)
        #expect(layout.width(classCount: 10) == width)
        let buffer = rendered(grid, size: Size(width: width, height: 11))
        #expect(buffer.textGrid[0].last == (layout.accuracyWidth > 0 ? "c" : "9"))
        let lastRowLabel = layout.cells == .shades ? "Ank 9" : (layout.rowLabelWidth > 4 ? "Ankle boot" : "Ankl ")
        #expect(buffer.textGrid[10].hasPrefix(lastRowLabel))
    }
}

@Suite struct GrayscaleImageTests {
    /// 2×4 pixels, rows: (0, 255), (128, 64), (255, 0), (32, 200).
    static let pixels: [UInt8] = [0, 255, 128, 64, 255, 0, 32, 200]
    static let image = GrayscaleImage(pixels: pixels, width: 2, height: 4)

    /// Half blocks: fg = upper pixel, bg = lower pixel, each mapped to step p·24/256 of the ramp.
    @Test func halfBlocksOnTheGreyRamp() {
        let buffer = rendered(Self.image, size: Size(width: 3, height: 3))
        #expect(buffer.textGrid == ["▀▀ ", "▀▀ ", "   "])
        #expect(buffer[0, 0].style == Style(foreground: .indexed(232), background: .indexed(244)))
        #expect(buffer[1, 0].style == Style(foreground: .indexed(255), background: .indexed(238)))
        #expect(buffer[0, 1].style == Style(foreground: .indexed(255), background: .indexed(235)))
        #expect(buffer[1, 1].style == Style(foreground: .indexed(232), background: .indexed(250)))
    }

    /// Without the grey ramp: the average of the two pixels (64, 160, 144, 100) as one of 5 shades.
    @Test func shadesWithoutTheGreyRamp() {
        let sixteen = Capabilities(colorCount: 16, unicode: true)
        #expect(rendered(Self.image, size: Size(width: 2, height: 2), capabilities: sixteen).textGrid == ["░▓", "▒░"])
        #expect(rendered(Self.image, size: Size(width: 2, height: 2), capabilities: .basic).textGrid == [".#", ":."])
    }

    /// 2×2 averages: (0+255+128+64)/4 ≈ 112 → step 10, (255+0+32+200)/4 ≈ 122 → step 11.
    @Test func thumbnailAveragesTwoByTwo() {
        let thumbnail = GrayscaleImage(pixels: Self.pixels, width: 2, height: 4, scale: .thumbnail)
        #expect(thumbnail.cellSize == Size(width: 1, height: 1))
        let buffer = rendered(thumbnail, size: Size(width: 1, height: 1))
        #expect(buffer[0, 0] == Cell("▀", style: Style(foreground: .grey(10), background: .grey(11))))
    }

    @Test func fashionMnistSizes() {
        let image = GrayscaleImage(pixels: Array(repeating: 0, count: 784))
        #expect(image.cellSize == Size(width: 28, height: 14))
        #expect(GrayscaleImage(pixels: [], scale: .thumbnail).cellSize == Size(width: 14, height: 7))
    }

    @Test func oddHeightLeavesTheLastBackgroundAlone() {
        var buffer = CellBuffer(size: Size(width: 1, height: 1), filledWith: Cell(" ", style: Style(background: .blue)))
        GrayscaleImage(pixels: [255], width: 1, height: 1).render(into: &buffer, in: buffer.bounds, theme: .dark, capabilities: .full)
        #expect(buffer[0, 0] == Cell("▀", style: Style(foreground: .grey(23), background: .blue)))
    }
}
