// KeyBinding: one row of the key table: the keys, where they apply, what each does, and how the help box, the footer and the screens write them.
import TerminalUI

/// Where a binding applies. A key goes to the open overlays from the top, then to the current
/// screen, then to the global bindings; the first binding with a matching press takes it.
enum KeyScope: Hashable, Sendable {
    /// Every screen, unless an overlay or the screen binds the key itself.
    case global
    case screen(DashboardScreen)
    case overlay(DashboardOverlay)
}

/// One key (or any key) and the action it triggers.
struct KeyPress: Hashable, Sendable {
    enum Match: Hashable, Sendable {
        case key(Key)
        /// Every key: a modal overlay (the help), or a text field that takes what is typed.
        case anyKey
    }

    let match: Match
    let action: KeyAction
    /// Answered before any overlay or screen sees the key, so Ctrl-C quits even from the help.
    let isReserved: Bool

    static func on(_ key: Key, _ action: KeyAction) -> KeyPress {
        KeyPress(match: .key(key), action: action, isReserved: false)
    }

    static func reserved(_ key: Key, _ action: KeyAction) -> KeyPress {
        KeyPress(match: .key(key), action: action, isReserved: true)
    }

    static func anyKey(_ action: KeyAction) -> KeyPress {
        KeyPress(match: .anyKey, action: action, isReserved: false)
    }

    func matches(_ key: Key) -> Bool {
        switch match {
        case .key(let bound): bound == key
        case .anyKey: true
        }
    }
}

/// Keys as people read them, in Unicode and in ASCII (`LANG=C`): `← →` and `Left Right`.
struct KeyNames: Hashable, Sendable {
    let unicode: [String]
    let ascii: [String]

    /// `ascii` only where it differs.
    init(_ names: String..., ascii: [String]? = nil) {
        unicode = names
        self.ascii = ascii ?? names
    }

    func names(unicode: Bool) -> [String] { unicode ? self.unicode : ascii }
}

/// A short reminder of a binding, `keys text`: "Space pause" in the footer, "↑/↓ move" in the
/// runs list's key line.
struct KeyHint: Hashable, Sendable {
    /// How long the footer keeps a hint as the row narrows: extra ones go first, essential ones stay.
    enum FooterRank: Int, Comparable, Sendable {
        case essential, common, extra

        static func < (lhs: FooterRank, rhs: FooterRank) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let text: String
    /// In the footer, or nil: shown only by the binding's own screen or overlay.
    let footerRank: FooterRank?
    /// The keys as the hint writes them; nil: the binding's key names joined by "/" ("Tab/1/2").
    let keys: String?
    /// A shorter form of the keys for a narrow footer.
    let shortKeys: String?

    init(_ text: String, footerRank: FooterRank? = nil, keys: String? = nil, shortKeys: String? = nil) {
        self.text = text
        self.footerRank = footerRank
        self.keys = keys
        self.shortKeys = shortKeys
    }
}

/// One row of the key table: the keys of one entry of the help, where they apply and what each does.
struct KeyBinding: Hashable, Sendable {
    let scope: KeyScope
    /// How the help box and the README name the keys.
    let names: KeyNames
    /// The help box's line (the README's starts with it); nil for keys only their own screen or overlay shows.
    let help: String?
    let hint: KeyHint?
    let presses: [KeyPress]

    init(_ scope: KeyScope, _ names: KeyNames, help: String?, hint: KeyHint?, presses: [KeyPress]) {
        self.scope = scope
        self.names = names
        self.help = help
        self.hint = hint
        self.presses = presses
    }

    /// The keys as hints write them: "Tab/1/2", or with `short` "Tab".
    func hintKeys(unicode: Bool, short: Bool = false) -> String {
        (short ? hint?.shortKeys : nil) ?? hint?.keys ?? names.names(unicode: unicode).joined(separator: "/")
    }

    /// "Tab/1/2 model", or with `short` "Tab model"; nil without a hint.
    func hintText(unicode: Bool, short: Bool = false) -> String? {
        guard let hint else { return nil }
        return hintKeys(unicode: unicode, short: short) + " " + hint.text
    }
}
