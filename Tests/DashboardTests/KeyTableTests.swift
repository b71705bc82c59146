// KeyTableTests: the key table itself: scopes answer in order, Ctrl-C beats the help, no key is bound twice, the footer's rows, and the README's table.
import Foundation
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct KeyTableTests {
    static let table = KeyTable.dashboard

    /// The open overlay answers before the screen, the screen before the global keys.
    @Test func innerScopesAnswerFirst() {
        #expect(Self.table.action(for: .character(" "), in: [.screen(.runs), .global]) == .runsView(.toggleMark))
        #expect(Self.table.action(for: .character("q"), in: [.overlay(.runFilter), .screen(.runs), .global]) == .typeFilter)
        #expect(Self.table.action(for: .character(" "), in: [.screen(.misclassified), .global]) == .togglePause)
        #expect(Self.table.action(for: .character("m"), in: [.screen(.misclassified), .global]) == .back)
        #expect(Self.table.action(for: .character("m"), in: [.screen(.main), .global]) == .showMisclassified)
        #expect(Self.table.action(for: .right, in: [.screen(.main), .global]) == nil)
        #expect(Self.table.action(for: .character("3"), in: [.global]) == .selectModel(2))
    }

    /// The help takes every key, but Ctrl-C still quits.
    @Test func theHelpTakesEveryKeyButCtrlC() {
        let scopes: [KeyScope] = [.overlay(.help), .overlay(.runFilter), .screen(.runs), .global]
        #expect(Self.table.action(for: .character("q"), in: scopes) == .back)
        #expect(Self.table.action(for: .function(5), in: scopes) == .back)
        #expect(Self.table.action(for: .ctrlC, in: scopes) == .quit)
    }

    /// A key bound twice in one scope would make the second binding dead.
    @Test func noKeyIsBoundTwiceInOneScope() {
        var seen = Set<String>()
        for binding in Self.table.bindings {
            for press in binding.presses {
                let entry = "\(binding.scope) \(press.match)"
                #expect(!seen.contains(entry), "\(entry) is bound twice")
                seen.insert(entry)
            }
        }
    }

    /// The footer's rows in the order tried: every hint, then the extra ones left out from the last, one at a
    /// time; then the common ones in short form, then the essential. The 80- and 60-column ones are in the
    /// rendered-frame tests, the runs view's at 200 columns in RunsViewRenderTests.
    @Test func footerRowsFromTheTable() {
        let common = "Tab/1/2 model  Space pause  m misclassified  r runs"
        let extras = ["p pause both", "n new run", "e projector", "h health", "f filters", "l log", "+/- smooth", "t theme"]
        let fullRows = (0...extras.count).reversed().map { kept in
            ("c confusion  Tab/1/2 model  Space pause  " + extras.prefix(kept).prefix(1).map { $0 + "  " }.joined()
                + "m misclassified  r runs  " + extras.prefix(kept).dropFirst().map { $0 + "  " }.joined() + "? help  q quit")
        }
        #expect(Self.table.footerHints(for: [.screen(.main), .global], unicode: true)
                == fullRows + [common + "  ? help  q quit", "Tab model  Space pause  m misclassified  r runs  ? help  q quit", "? help  q quit"])
        // In the runs view its own keys come first, and Space (which marks there) is not hinted as pause.
        #expect(Self.table.footerHints(for: [.screen(.runs), .global], unicode: true).last
                == "Space mark  Enter open  c compare  / filter  ? help  q quit")
    }

    @Test func commandLineHelpListsTheHelpEntries() {
        let lines = KeyTable.commandLineHelp().split(separator: "\n")
        #expect(lines.first == "Keys:" && lines.count == Self.table.helpEntries(unicode: true).count + 1)
        #expect(lines[1] == "  Tab 1 2   switch model (Shift-Tab back)")
        #expect(lines.last == "  q Ctrl-C  quit; runs are saved and resumable")
    }

    /// README.md's key table has a row per binding, in the table's order: the same keys, where
    /// they apply, and a description that starts with the help line (or the hint, for keys without one).
    @Test func readmeKeyTableMatchesTheBindings() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let header = "| key | where | what it does |"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: header), "README.md has no line '\(header)'")
        let rows = lines[(start + 2)...].prefix { $0.hasPrefix("| ") }.map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
        #expect(rows.count == Self.table.bindings.count)
        for (row, binding) in zip(rows, Self.table.bindings) {
            let keys = binding.names.unicode.map { "`\($0)`" }.joined(separator: " ")
            let description = binding.help ?? binding.hint?.text ?? ""
            #expect(row.count == 3, "\(row)")
            #expect(row.first == keys && row.dropFirst().first == Self.place(binding.scope), "README row \(row) for \(keys)")
            #expect(row.last?.hasPrefix(description) == true, "README's '\(row.last ?? "")' should start with '\(description)'")
        }
    }

    /// How the README's "where" column names a scope.
    static func place(_ scope: KeyScope) -> String {
        switch scope {
        case .global: "all screens"
        case .screen(.main): "main screen"
        case .screen(.misclassified): "misclassified"
        case .screen(.runs): "runs view"
        case .screen(.run): "run"
        case .screen(.compare): "compare"
        case .overlay(.runFilter): "filter line"
        case .screen(.projector): "projector"
        case .screen(.layerHealth): "layer health"
        case .screen(.filters): "filters"
        case .overlay(.help): "help"
        case .overlay(.confusionCursor): "confusion matrix"
        case .overlay(.newRunForm): "new-run form"
        }
    }
}
