// KeyTable+Text: the key table written out: the help box's entries, the footer's hints, an overlay's key line, the command line's help.
import TerminalUI

extension KeyTable {
    /// The help box: every binding with a help text, in the table's order.
    func helpEntries(unicode: Bool) -> [HelpEntry] {
        bindings.compactMap { binding in
            binding.help.map { HelpEntry(binding.names.names(unicode: unicode).joined(separator: " "), $0) }
        }
    }

    /// The footer's hint rows for the active `scopes` (theirs first), in the order the footer tries them: every
    /// hint, then the same with the extra hints left out one at a time from the last (so that a wide terminal
    /// keeps the row's full forms and as many extras as fit), then the common and essential ones in their short
    /// form, then the essential.
    /// - Parameter hidesModelKeys: leave out the keys about trained models (a dashboard that only watches runs).
    func footerHints(for scopes: [KeyScope], unicode: Bool, hidesModelKeys: Bool = false) -> [String] {
        // A binding whose every key an earlier scope takes (Space marks a run in the runs view) is not hinted.
        let hinted = scopes.enumerated().flatMap { index, scope in
            bindings.filter { $0.scope == scope && !isShadowed($0, by: Array(scopes.prefix(index))) }
        }
            .filter { binding in !hidesModelKeys || !binding.presses.allSatisfy { DashboardState.needsAModel($0.action) } }
            .compactMap { binding in binding.hint?.footerRank.map { (binding: binding, rank: $0) } }
        func row(_ hints: [(binding: KeyBinding, rank: KeyHint.FooterRank)], short: Bool) -> String {
            hints.compactMap { $0.binding.hintText(unicode: unicode, short: short) }.joined(separator: "  ")
        }
        let extras = hinted.indices.filter { hinted[$0].rank == .extra }
        let fullRows = (0...extras.count).map { dropped in
            let leftOut = Set(extras.suffix(dropped))
            return row(hinted.indices.filter { !leftOut.contains($0) }.map { hinted[$0] }, short: false)
        }
        return fullRows + [row(hinted.filter { $0.rank <= .common }, short: true), row(hinted.filter { $0.rank == .essential }, short: true)]
    }

    private func isShadowed(_ binding: KeyBinding, by scopes: [KeyScope]) -> Bool {
        let earlier = bindings.filter { scopes.contains($0.scope) }.flatMap(\.presses)
        return binding.presses.allSatisfy { press in
            guard case .key(let key) = press.match else { return false }
            return earlier.contains { $0.matches(key) }
        }
    }

    /// The hints of a screen's or overlay's own keys on one line: "↑/↓ move  Space choose  Esc close".
    func hintLine(for scope: KeyScope, unicode: Bool) -> String {
        bindings.filter { $0.scope == scope }.compactMap { $0.hintText(unicode: unicode) }.joined(separator: "  ")
    }

    /// The keys for `fmnist-tui dashboard --help`: "Keys:", then the help box's entries, one a line.
    public static func commandLineHelp() -> String {
        let entries = dashboard.helpEntries(unicode: true)
        let width = (entries.map(\.key.count).max() ?? 0) + 2
        return (["Keys:"] + entries.map { "  " + $0.key.rightPadded(toWidth: width) + $0.description }).joined(separator: "\n")
    }
}
