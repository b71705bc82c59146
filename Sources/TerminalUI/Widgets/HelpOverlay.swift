// HelpOverlay: a centred box listing key → description pairs, drawn over whatever is underneath; when the
// entries do not all fit it shows a window of them, scrolled by the caller.

/// One line of the help: a key (or keys) and what it does.
public struct HelpEntry: Hashable, Sendable {
    public var key: String
    public var description: String

    public init(_ key: String, _ description: String) {
        self.key = key
        self.description = description
    }
}

/// A framed, centred list of keys. When the entries do not all fit, the box shows those from
/// `firstEntry` on, which ones on its top border ("9-16 of 31"), and `scrollFooter` as its last line.
public struct HelpOverlay: Widget, Sendable {
    public var title: String
    public var entries: [HelpEntry]
    /// A muted last line such as "Esc closes", after a blank line, when every entry fits.
    public var footer: String?
    /// The last line when the entries do not all fit (how to scroll); nil: `footer`.
    public var scrollFooter: String?
    /// The first entry shown when they do not all fit; `firstEntry(in:)` keeps the window full.
    public var firstEntry: Int

    public init(title: String = "Help", entries: [HelpEntry], footer: String? = nil, scrollFooter: String? = nil,
                firstEntry: Int = 0) {
        self.title = title
        self.entries = entries
        self.footer = footer
        self.scrollFooter = scrollFooter
        self.firstEntry = firstEntry
    }

    /// Size of the box when nothing limits it.
    public var preferredSize: Size {
        let keyWidth = entries.map(\.key.count).max() ?? 0
        let descriptionWidth = entries.map(\.description.count).max() ?? 0
        let lineWidth = max(keyWidth + 2 + descriptionWidth, footer?.count ?? 0, title.count + 2)
        let footerLines = footer == nil ? 0 : 2
        return Size(width: lineWidth + 4, height: entries.count + footerLines + 2)
    }

    /// How many entries the box shows at once when centred in `area`: all, or as many as fit above the
    /// scroll footer.
    public func visibleEntryCount(in area: Size) -> Int {
        let rows = max(0, min(preferredSize.height, area.height) - 2)
        if entries.count + (footer == nil ? 0 : 2) <= rows { return entries.count }
        let footerRows = (scrollFooter ?? footer) == nil ? 0 : 1
        return max(min(1, rows), rows - footerRows)
    }

    /// `firstEntry` kept within 0 … (entries − visible), so that the window never runs past the end.
    public func firstEntry(in area: Size) -> Int {
        min(max(0, firstEntry), max(0, entries.count - visibleEntryCount(in: area)))
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        let box = rect.centered(preferredSize)
        let visible = visibleEntryCount(in: rect.size)
        let scrolls = visible < entries.count
        let first = scrolls ? firstEntry(in: rect.size) : 0
        let position: [TextSpan] = scrolls ? [TextSpan("\(first + 1)-\(first + visible) of \(entries.count)", style: theme.muted)] : []
        let inside = Panel(title: title, rightTitle: position, isFocused: true, clearsInterior: true)
            .renderFrame(into: &buffer, in: box, theme: theme, capabilities: capabilities)
        let content = inside.inset(left: 1, right: 1)
        guard !content.isEmpty else { return }
        let ellipsis = capabilities.glyphs.ellipsis
        var lines = entries[first..<first + visible].map { Line.entry($0) }
        if scrolls {
            if let last = scrollFooter ?? footer { lines.append(.footer(last)) }
        } else if let footer {
            lines += (entries.count + 2 <= content.height ? [.blank] : []) + [.footer(footer)]
        }
        let keyWidth = entries.map(\.key.count).max() ?? 0
        for (offset, line) in lines.prefix(content.height).enumerated() {
            let point = Point(x: content.x, y: content.y + offset)
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
