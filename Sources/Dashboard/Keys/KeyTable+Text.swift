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
    func footerHints(for scopes: [KeyScope], unicode: Bool) -> [String] {
        let hinted = scopes.flatMap { scope in bindings.filter { $0.scope == scope } }
            .compactMap { binding in binding.hint?.footerRank.map { (binding: binding, rank: $0) } }
        let variants: [(lowest: KeyHint.FooterRank, short: Bool)] = [(.extra, false), (.extra, true), (.common, true), (.essential, true)]
        return variants.map { variant in
            hinted.filter { $0.rank <= variant.lowest }
                .compactMap { $0.binding.hintText(unicode: unicode, short: variant.short) }
                .joined(separator: "  ")
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
