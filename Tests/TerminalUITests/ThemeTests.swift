// ThemeTests: theme file parsing (values, fallbacks, warnings, errors), the shipped themes, and the catalog.

import Foundation
import Testing
@testable import TerminalUI

@Suite struct ThemeValueTests {
    @Test func styleWithBackgroundAndAttributes() throws {
        #expect(try ThemeValue.style("214 on grey:3 bold underline")
            == Style(foreground: .indexed(214), background: .indexed(235), bold: true, underline: true))
        #expect(try ThemeValue.style("default dim reverse") == Style(foreground: .terminalDefault, dim: true, reverse: true))
    }

    @Test func styleList() throws {
        #expect(try ThemeValue.styleList("red, bright-red bold") == [Style(foreground: .red), Style(foreground: .indexed(9), bold: true)])
        #expect(throws: ThemeValueProblem.emptyListItem) { try ThemeValue.styleList("red,,blue") }
    }

    @Test(arguments: ["grey:24", "256", "-1", "purple", "bright-", "gray:x"])
    func badColours(token: String) {
        #expect(throws: ThemeValueProblem.notAColor(token)) { try ThemeValue.color(token) }
    }

    @Test func badAttributeAndDanglingOn() {
        #expect(throws: ThemeValueProblem.notAnAttribute("blink")) { try ThemeValue.style("red blink") }
        #expect(throws: ThemeValueProblem.missingColorAfterOn) { try ThemeValue.style("red on") }
        #expect(throws: ThemeValueProblem.backgroundTakesOnlyAColor("black bold")) { try ThemeValue.backgroundColor("black bold") }
    }
}

@Suite struct ThemeFileTests {
    @Test func goodFileSetsEveryKeyItNames() throws {
        let text = """
        # a comment line
        background = grey:2   # trailing comment
        text = bright-white
        heat-ramp = 1, 2 bold, 3
          train-line=default underline
        """
        let loaded = try Theme.parse(text, name: "custom", file: "custom.theme")
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.theme.name == "custom")
        #expect(loaded.theme.background == .indexed(234))
        #expect(loaded.theme.text == Style(foreground: .indexed(15)))
        #expect(loaded.theme.heatRamp == [Style(foreground: .indexed(1)), Style(foreground: .indexed(2), bold: true), Style(foreground: .indexed(3))])
        #expect(loaded.theme.trainLine == Style(foreground: .terminalDefault, underline: true))
    }

    @Test func missingKeysFallBackToTheDefaultTheme() throws {
        let loaded = try Theme.parse("wrong = 160\n", name: "sparse", file: "sparse.theme")
        var expected = Theme.default
        expected.name = "sparse"
        expected.wrong = Style(foreground: .indexed(160))
        #expect(loaded.theme == expected)
    }

    /// The compared runs' colours are a list like the heat ramp; a file without them keeps the default's.
    @Test func compareLinesAreAStyleListWithTheDefaultsAsFallback() throws {
        let loaded = try Theme.parse("compare-lines = 1, 2 bold\n", name: "c", file: "c.theme")
        #expect(loaded.theme.compareLines == [Style(foreground: .indexed(1)), Style(foreground: .indexed(2), bold: true)])
        #expect(loaded.theme.compareLine(0) == Style(foreground: .indexed(1)) && loaded.theme.compareLine(3) == loaded.theme.compareLine(1))
        #expect(try Theme.parse("text = red\n", name: "t", file: "t.theme").theme.compareLines == Theme.default.compareLines)
        #expect(throws: ThemeFileError(file: "c.theme", line: 1, problem: .badValue(key: "compare-lines", .emptyListItem))) {
            try Theme.parse("compare-lines = 1,,2\n", name: "c", file: "c.theme")
        }
    }

    @Test func unknownAndRepeatedKeysAreWarnings() throws {
        let loaded = try Theme.parse("text = red\ncolour = blue\ntext = green\n", name: "t", file: "themes/t.theme")
        #expect(loaded.theme.text == Style(foreground: .green))
        #expect(loaded.warnings.map(\.line) == [2, 3])
        #expect(loaded.warnings[0].description.hasPrefix("themes/t.theme:2: unknown key 'colour' ignored"))
        #expect(loaded.warnings[1].description == "themes/t.theme:3: 'text' was already set on line 1; this later value is used")
    }

    @Test(arguments: [
        ("text = red\nmuted 244\n", 2, ThemeFileError.Problem.missingEquals("muted 244")),
        ("\n\n = red\n", 3, .missingKey),
        ("accent =   # nothing\n", 1, .emptyValue(key: "accent")),
        ("text = red\n\nborder = grey:30\n", 3, .badValue(key: "border", .notAColor("grey:30"))),
        ("heat-ramp = 1, flashing\n", 1, .badValue(key: "heat-ramp", .notAColor("flashing"))),
    ])
    func brokenLineIsAnErrorNamingFileAndLine(text: String, line: Int, problem: ThemeFileError.Problem) {
        #expect(throws: ThemeFileError(file: "themes/broken.theme", line: line, problem: problem)) {
            try Theme.parse(text, name: "broken", file: "themes/broken.theme")
        }
    }

    @Test func errorMessageSaysWhereAndWhat() {
        let error = ThemeFileError(file: "themes/x.theme", line: 7, problem: .badValue(key: "text", .notAColor("purple")))
        #expect(error.description.hasPrefix("themes/x.theme:7: text: 'purple' is not a colour (use default, 0-255"))
    }
}

@Suite struct ShippedThemeTests {
    static let shippedNames = ["dark", "light", "high-contrast", "mono"]

    @Test(arguments: shippedNames)
    func shippedThemeParsesWithoutWarnings(name: String) throws {
        let path = themesDirectory + "/\(name).theme"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let loaded = try Theme.parse(text, name: name, file: path)
        #expect(loaded.warnings.isEmpty)
        #expect(!loaded.theme.heatRamp.isEmpty)
        for key in Theme.fileKeys {
            #expect(text.contains("\n\(key) ") || text.contains("\n\(key)="), "\(name).theme should set \(key) explicitly")
        }
    }

    @Test func darkFileMatchesTheBuiltInDefault() throws {
        #expect(try ThemeCatalog(directory: themesDirectory).load(named: "dark").theme == Theme.default)
    }

    @Test func monoUsesOnlyTheTerminalsOwnColours() throws {
        let mono = try ThemeCatalog(directory: themesDirectory).load(named: "mono").theme
        let styles = [mono.text, mono.muted, mono.accent, mono.border, mono.title, mono.selection, mono.trainLine,
                      mono.validLine, mono.bestMarker, mono.right, mono.wrong, mono.paused, mono.running] + mono.heatRamp + mono.compareLines
        #expect(mono.background == .terminalDefault)
        #expect(styles.allSatisfy { $0.foreground == .terminalDefault && $0.background == nil })
        #expect(mono.right != mono.wrong && mono.trainLine != mono.validLine)
    }
}

@Suite struct ThemeCatalogTests {
    @Test func listsDarkFirstThenAlphabetically() {
        #expect(ThemeCatalog(directory: themesDirectory).names() == ["dark", "high-contrast", "light", "mono"])
    }

    @Test func unknownNameListsTheAvailableOnes() {
        let catalog = ThemeCatalog(directory: themesDirectory)
        #expect(throws: ThemeCatalogError.unknownTheme(name: "solarized", available: ["dark", "high-contrast", "light", "mono"])) {
            try catalog.load(named: "solarized")
        }
    }

    @Test func darkIsBuiltInWhenTheFolderIsMissing() throws {
        let catalog = ThemeCatalog(directory: "/nonexistent/themes")
        #expect(catalog.names() == ["dark"])
        #expect(try catalog.load(named: "dark").theme == .default)
        #expect(catalog.name(after: "dark") == "dark")
    }

    @Test func nextThemeWrapsAround() {
        let catalog = ThemeCatalog(directory: themesDirectory)
        #expect(catalog.name(after: "dark") == "high-contrast")
        #expect(catalog.name(after: "mono") == "dark")
    }

    @Test func brokenFileInTheFolderThrowsItsLocation() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "text = red\naccent = nope\n".write(to: directory.appendingPathComponent("bad.theme"), atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(directory: directory.path)
        #expect(catalog.names() == ["dark", "bad"])
        #expect(throws: ThemeFileError(file: directory.path + "/bad.theme", line: 2, problem: .badValue(key: "accent", .notAColor("nope")))) {
            try catalog.load(named: "bad")
        }
    }
}
