// NcursesTerminalTests: the parts of the ncurses backend that need no terminal: colour pairs and key decoding.

import CNcurses
import Glibc
import Testing
import TerminalUI
@testable import NcursesTerminal

@Suite struct ColorPairTableTests {
    /// Records the pairs the table asks curses to create.
    final class PairLog: @unchecked Sendable {
        var created: [(Int32, ColorPairTable.Key)] = []
    }

    @Test func allocatesOnceAndReusesCachedPairs() {
        let log = PairLog()
        var table = ColorPairTable(pairCount: 64) { pair, key in
            log.created.append((pair, key))
            return true
        }
        let red = ColorPairTable.Key(foreground: 1, background: -1)
        let greyOnBlue = ColorPairTable.Key(foreground: 244, background: 4)
        #expect(table.pair(for: ColorPairTable.Key(foreground: -1, background: -1)) == 0)
        #expect(table.pair(for: red) == 1)
        #expect(table.pair(for: greyOnBlue) == 2)
        #expect(table.pair(for: red) == 1)
        #expect(log.created.map(\.0) == [1, 2])
        #expect(table.allocatedCount == 2)
    }

    /// With 3 pairs (0, 1, 2) the third combination reuses a pair with the same foreground, else pair 0.
    @Test func fallsBackWhenPairsRunOut() {
        var table = ColorPairTable(pairCount: 3) { _, _ in true }
        #expect(table.pair(for: ColorPairTable.Key(foreground: 1, background: -1)) == 1)
        #expect(table.pair(for: ColorPairTable.Key(foreground: 2, background: -1)) == 2)
        #expect(table.pair(for: ColorPairTable.Key(foreground: 1, background: 4)) == 1)
        #expect(table.pair(for: ColorPairTable.Key(foreground: 3, background: 4)) == 0)
    }

    @Test func failedInitialisationIsNotCached() {
        var table = ColorPairTable(pairCount: 256) { _, _ in false }
        #expect(table.pair(for: ColorPairTable.Key(foreground: 5, background: 6)) == 0)
        #expect(table.allocatedCount == 0)
    }
}

@Suite struct KeyDecodingTests {
    @Test(arguments: [
        (UInt32(3), Key.ctrlC), (9, .tab), (13, .enter), (10, .enter), (27, .escape), (127, .backspace),
        (12, .control("l")), (32, .character(" ")), (113, .character("q")), (0xE9, .character("é")),
    ])
    func characters(code: UInt32, key: Key) {
        #expect(KeyDecoding.key(code: code, isFunctionKey: false) == key)
    }

    @Test func functionKeys() {
        let cases: [(Int32, Key)] = [
            (fmnist_key_btab(), .backTab), (fmnist_key_up(), .up), (fmnist_key_down(), .down),
            (fmnist_key_left(), .left), (fmnist_key_right(), .right), (fmnist_key_npage(), .pageDown),
            (fmnist_key_dc(), .delete), (fmnist_key_f(1), .function(1)), (fmnist_key_f(12), .function(12)),
        ]
        for (code, key) in cases {
            #expect(KeyDecoding.key(code: UInt32(code), isFunctionKey: true) == key)
        }
        #expect(KeyDecoding.key(code: UInt32(fmnist_key_f(13)), isFunctionKey: true) == nil)
        #expect(KeyDecoding.key(code: 0, isFunctionKey: false) == nil)
    }

    @Test func startWithoutATerminalThrows() {
        // `swift test` has no terminal on stdin when run by CI; when it does, skip the check.
        guard isatty(0) == 0 || isatty(1) == 0 else { return }
        #expect(throws: NcursesTerminalError.notATerminal) { try NcursesTerminal().start() }
    }
}
