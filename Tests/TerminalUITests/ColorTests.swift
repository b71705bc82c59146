// ColorTests: palette spellings, the grey ramp, and degradation to 16, 8 and no colours.

import Testing
@testable import TerminalUI

@Suite struct ColorTests {
    @Test(arguments: [
        (Color.terminalDefault, "default"), (.red, "red"), (.indexed(12), "bright-blue"),
        (.grey(12), "grey:12"), (.indexed(236), "grey:4"), (.indexed(75), "75"),
    ])
    func spelling(color: Color, text: String) throws {
        #expect(color.description == text)
        #expect(try ThemeValue.color(text) == color)
    }

    @Test func greyRampEnds() {
        #expect(Color.grey(intensity: 0) == .indexed(232))
        #expect(Color.grey(intensity: 255) == .indexed(255))
        #expect(Color.grey(intensity: 128) == .indexed(244))
        #expect(Color.grey(99) == .indexed(255))
    }

    @Test(arguments: [
        (Color.indexed(196), 16, Color.indexed(9)),  // pure red → bright red
        (.indexed(196), 8, .indexed(1)),             // → red
        (.indexed(12), 8, .indexed(4)),              // bright blue → blue
        (.indexed(232), 16, .indexed(0)),            // near-black grey → black
        (.indexed(255), 16, .indexed(7)),            // #eeeeee → white (229), nearer than bright white
        (.indexed(75), 256, .indexed(75)),           // fits: unchanged
        (.indexed(3), 8, .indexed(3)),
        (.indexed(240), 8, .white),                  // dark grey border stays visible with 8 colours
        (.indexed(236), 8, .black),                  // but near-black greys stay black
        (.indexed(240), 16, .brightBlack),
        (.indexed(75), 1, .terminalDefault),         // monochrome
        (.terminalDefault, 8, .terminalDefault),
    ])
    func degradesToNearestBasicColour(color: Color, colorCount: Int, expected: Color) {
        #expect(color.degraded(toColorCount: colorCount) == expected)
    }
}

@Suite struct GlyphTests {
    /// Every glyph of a set, read through reflection so a new field cannot be forgotten.
    static func characters(of glyphs: Glyphs) -> [Character] {
        Mirror(reflecting: glyphs).children.flatMap { child -> [Character] in
            if let character = child.value as? Character { return [character] }
            return child.value as? [Character] ?? []
        }
    }

    @Test func asciiSetIsPlainAscii() {
        let characters = Self.characters(of: .ascii)
        #expect(characters.count > 20)
        #expect(characters.allSatisfy { $0.isASCII }, "non-ASCII: \(characters.filter { !$0.isASCII })")
    }

    @Test func capabilitiesPickTheSet() {
        #expect(Capabilities.basic.glyphs == .ascii)
        #expect(Capabilities.full.glyphs == .unicode)
        #expect(Glyphs.unicode.progressEighths.count == 8 && Glyphs.ascii.progressEighths.isEmpty)
    }
}
