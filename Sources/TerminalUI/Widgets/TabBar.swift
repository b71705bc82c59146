// TabBar: a row of tabs, the selected one in the theme's selection style.

/// ` 1 FCNN ● training 31/50 ` ` 2 CNN ‖ paused 12/50 `: each tab padded by a space, one space between tabs.
public struct TabBar: Widget, Sendable {
    /// Each tab's text; spans without a style use the theme's text style.
    public var tabs: [[TextSpan]]
    public var selectedIndex: Int

    public init(tabs: [[TextSpan]], selectedIndex: Int) {
        self.tabs = tabs
        self.selectedIndex = selectedIndex
    }

    public init(titles: [String], selectedIndex: Int) {
        self.init(tabs: titles.map { [TextSpan($0)] }, selectedIndex: selectedIndex)
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        guard !rect.isEmpty else { return }
        var column = rect.x
        for (index, tab) in tabs.enumerated() {
            let row = Point(x: column, y: rect.y)
            if index == selectedIndex {
                let text = tab.map(\.text).joined()
                column = buffer.write(" " + text + " ", at: row, style: theme.selection, clip: rect)
            } else {
                column = buffer.write([" "] + tab + [" "], at: row, baseStyle: theme.text, clip: rect)
            }
            column += 1
            if column >= rect.maxX { return }
        }
    }
}
