// Panel: a box with a title on the top border and optional right-aligned text there (e.g. a legend).

/// A bordered pane. `render` draws the frame and returns the content rect inside it.
public struct Panel: Widget, Sendable {
    public var title: String
    /// Text at the right end of the top border, e.g. a chart legend. Dropped first when cramped.
    public var rightTitle: [TextSpan]
    /// A focused panel draws its title in the accent style.
    public var isFocused: Bool
    /// Whether to blank the inside (for overlays drawn over other widgets).
    public var clearsInterior: Bool

    public init(title: String = "", rightTitle: [TextSpan] = [], isFocused: Bool = false, clearsInterior: Bool = false) {
        self.title = title
        self.rightTitle = rightTitle
        self.isFocused = isFocused
        self.clearsInterior = clearsInterior
    }

    /// The area inside the border of a panel drawn in `rect`.
    public static func contentRect(of rect: Rect) -> Rect {
        rect.inset(by: 1)
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        renderFrame(into: &buffer, in: rect, theme: theme, capabilities: capabilities)
    }

    /// Draws the frame and returns the content rect (empty when the rect is smaller than 3×3).
    @discardableResult
    public func renderFrame(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) -> Rect {
        let glyphs = capabilities.glyphs
        guard rect.width >= 2, rect.height >= 2 else {
            buffer.write(title.truncated(toWidth: rect.width, ellipsis: glyphs.ellipsis),
                         at: Point(x: rect.x, y: rect.y), style: theme.title, clip: rect)
            return Rect(x: rect.x, y: rect.y, width: 0, height: 0)
        }
        let content = Panel.contentRect(of: rect)
        if clearsInterior {
            buffer.fill(content, style: theme.base)
        }
        let horizontal = String(repeating: glyphs.horizontal, count: rect.width - 2)
        buffer.write(String(glyphs.topLeft) + horizontal + String(glyphs.topRight),
                     at: Point(x: rect.x, y: rect.y), style: theme.border, clip: rect)
        buffer.write(String(glyphs.bottomLeft) + horizontal + String(glyphs.bottomRight),
                     at: Point(x: rect.x, y: rect.maxY - 1), style: theme.border, clip: rect)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            buffer.put(glyphs.vertical, at: Point(x: rect.x, y: row), style: theme.border, clip: rect)
            buffer.put(glyphs.vertical, at: Point(x: rect.maxX - 1, y: row), style: theme.border, clip: rect)
        }
        drawTitles(into: &buffer, in: rect, theme: theme, glyphs: glyphs)
        return content
    }

    /// Title " Loss " from the second column; right title " … " ending before the last corner,
    /// shown only when it leaves at least one border cell between the two.
    private func drawTitles(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, glyphs: Glyphs) {
        let room = rect.width - 2
        var titleEnd = rect.x + 1
        if !title.isEmpty, room >= 3 {
            let shown = title.truncated(toWidth: room - 2, ellipsis: glyphs.ellipsis)
            let style = isFocused ? theme.accent : theme.title
            titleEnd = buffer.write(" " + shown + " ", at: Point(x: rect.x + 1, y: rect.y), style: style, clip: rect)
        }
        let rightWidth = rightTitle.width + 2
        let rightStart = rect.maxX - 1 - rightWidth
        guard !rightTitle.isEmpty, rightStart > titleEnd else { return }
        buffer.write([" "] + rightTitle + [" "], at: Point(x: rightStart, y: rect.y), baseStyle: theme.text, clip: rect)
    }
}
