// KeyTable+Text: the key table written out: the help box's entries, the footer's hints, an overlay's key line, the command line's help.
import TerminalUI

extension KeyTable {
    /// The help box: every binding with a help text, in the table's order.
    func helpEntries(unicode: Bool) -> [HelpEntry] {
        bindings.compactMap { binding in
            binding.help.map { HelpEntry(binding.names.names(unicode: unicode).joined(separator: " "), $0) }
        }
    }

    /// The footer's hint rows for the active `scopes` (theirs first), widest first: every hint,
    /// every hint in its short form, then only the common and essential ones, then the essential.
    /// - Parameter hidesModelKeys: leave out the keys about trained models (a dashboard that only watches runs).
    func footerHints(for scopes: [KeyScope], unicode: Bool, hidesModelKeys: Bool = false) -> [String] {
        // A binding whose every key an earlier scope takes (Space marks a run in the runs view) is not hinted.
        let hinted = scopes.enumerated().flatMap { index, scope in
            bindings.filter { $0.scope == scope && !isShadowed($0, by: Array(scopes.prefix(index))) }
        }
            .filter { binding in !hidesModelKeys || !binding.presses.allSatisfy { DashboardState.needsAModel($0.action) } }
            .compactMap { binding in binding.hint?.footerRank.map { (binding: binding, rank: $0) } }
        let variants: [(lowest: KeyHint.FooterRank, short: Bool)] = [(.extra, false), (.extra, true), (.common, true), (.essential, true)]
        return variants.map { variant in
            hinted.filter { $0.rank <= variant.lowest }
                .compactMap { $0.binding.hintText(unicode: unicode, short: variant.short) }
                .joined(separator: "  ")
        }
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
