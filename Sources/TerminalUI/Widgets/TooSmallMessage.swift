// TooSmallMessage: "terminal too small: W×H, need W×H", centred, wrapped onto more lines when narrow.

/// Shown instead of the dashboard below its minimum size.
public struct TooSmallMessage: Widget, Sendable {
    public var current: Size
    public var required: Size
    /// An extra line such as "q quits", shown when there is room.
    public var hint: String?

    public init(current: Size, required: Size, hint: String? = nil) {
        self.current = current
        self.required = required
        self.hint = hint
    }

    /// The message lines for a given width: one line if it fits, else two, else three.
    public func lines(width: Int, capabilities: Capabilities) -> [String] {
        let times = String(capabilities.glyphs.times)
        let have = "\(current.width)\(times)\(current.height)"
        let need = "need \(required.width)\(times)\(required.height)"
        let candidates = [
            ["terminal too small: \(have), \(need)"],
            ["terminal too small:", "\(have), \(need)"],
            ["too small:", have, need],
        ]
        let message = candidates.first { $0.allSatisfy { $0.count <= width } } ?? candidates[candidates.count - 1]
        return message + (hint.map { [$0] } ?? [])
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard !rect.isEmpty else { return }
        var lines = lines(width: rect.width, capabilities: capabilities)
        if lines.count > rect.height, hint != nil { lines.removeLast() }
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let isHint = hint != nil && offset == lines.count - 1 && line == hint
            let left = rect.x + max(0, (rect.width - line.count) / 2)
            buffer.write(line, at: Point(x: left, y: top + offset), style: isHint ? theme.muted : theme.text, clip: rect)
        }
    }
}
