// Theme files saved with Windows line ends (CRLF): found in the reliability review. "\r\n" is one Character
// in Swift, so splitting on "\n" saw one long line and failed on the second key.

import Testing
@testable import TerminalUI

@Suite struct ThemeLineEndTests {
    static let lines = ["# a theme saved on Windows", "background = grey:2", "text = bright-white", "heat-ramp = 1, 2 bold, 3"]

    @Test func crlfFileReadsAsTheSameFileWithLineFeeds() throws {
        let unix = try Theme.parse(Self.lines.joined(separator: "\n") + "\n", name: "t", file: "t.theme")
        let windows = try Theme.parse(Self.lines.joined(separator: "\r\n") + "\r\n", name: "t", file: "t.theme")
        #expect(windows == unix)
        #expect(windows.theme.text == Style(foreground: .indexed(15)))
        #expect(windows.theme.heatRamp.count == 3)
    }

    @Test func crlfErrorsNameTheRightLine() {
        #expect(throws: ThemeFileError(file: "t.theme", line: 3, problem: .missingEquals("no equals sign"))) {
            try Theme.parse("text = red\r\n\r\nno equals sign\r\n", name: "t", file: "t.theme")
        }
    }
}
