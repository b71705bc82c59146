// Widget: the one method every widget has: draw into a buffer, inside a rect, with a theme.

/// Something that draws itself into part of a `CellBuffer`. Widgets never write outside `rect`
/// (nor outside the buffer) and accept any rect, including empty ones and ones partly off-screen.
public protocol Widget {
    func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities)
}
