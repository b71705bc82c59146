// HelpOverlay: a centred box listing key → description pairs, drawn over whatever is underneath.

/// One line of the help: a key (or keys) and what it does.
public struct HelpEntry: Hashable, Sendable {
    public var key: String
    public var description: String

    public init(_ key: String, _ description: String) {
        self.key = key
        self.description = description
    }
}

/// A framed, centred list of keys. Entries that do not fit are cut, the last shown line becoming "…".
public struct HelpOverlay: Widget, Sendable {
    public var title: String
    public var entries: [HelpEntry]
    /// A muted last line such as "Esc closes", after a blank line.
    public var footer: String?

    public init(title: String = "Help", entries: [HelpEntry], footer: String? = nil) {
        self.title = title
        self.entries = entries
        self.footer = footer
    }

    /// Size of the box when nothing limits it.
    public var preferredSize: Size {
        let keyWidth = entries.map(\.key.count).max() ?? 0
        let descriptionWidth = entries.map(\.description.count).max() ?? 0
        let lineWidth = max(keyWidth + 2 + descriptionWidth, footer?.count ?? 0, title.count + 2)
        let footerLines = footer == nil ? 0 : 2
        return Size(width: lineWidth + 4, height: entries.count + footerLines + 2)
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        let box = rect.centered(preferredSize)
        let inside = Panel(title: title, isFocused: true, clearsInterior: true)
            .renderFrame(into: &buffer, in: box, theme: theme, capabilities: capabilities)
        let content = inside.inset(left: 1, right: 1)
        guard !content.isEmpty else { return }
        let ellipsis = capabilities.glyphs.ellipsis
        var lines = entries.map { Line.entry($0) }
        if let footer, content.height >= entries.count + 2 {
            lines += [.blank, .footer(footer)]
        }
        let keyWidth = entries.map(\.key.count).max() ?? 0
        for (offset, line) in lines.prefix(content.height).enumerated() {
            let point = Point(x: content.x, y: content.y + offset)
            if offset == content.height - 1, lines.count > content.height {
                buffer.write(String(ellipsis), at: point, style: theme.muted, clip: content)
                continue
            }
            switch line {
            case .entry(let entry):
                let after = buffer.write(entry.key.rightPadded(toWidth: keyWidth + 2), at: point, style: theme.accent, clip: content)
                buffer.write(entry.description.truncated(toWidth: content.maxX - after, ellipsis: ellipsis),
                             at: Point(x: after, y: point.y), style: theme.text, clip: content)
            case .blank:
                break
            case .footer(let text):
                buffer.write(text.truncated(toWidth: content.width, ellipsis: ellipsis), at: point, style: theme.muted, clip: content)
            }
        }
    }

    private enum Line {
        case entry(HelpEntry)
        case blank
        case footer(String)
    }
}
