// TestSupport: helpers shared by the TerminalUI tests: rendering a widget to text, the themes folder.

import Foundation
@testable import TerminalUI

/// Renders a widget into a fresh buffer of `size` (filling `rect`, or the whole buffer) and returns it.
func rendered(_ widget: some Widget, size: Size, rect: Rect? = nil, theme: Theme = .dark,
              capabilities: Capabilities = .full, background: Character = " ") -> CellBuffer {
    var buffer = CellBuffer(size: size, filledWith: Cell(background))
    widget.render(into: &buffer, in: rect ?? buffer.bounds, theme: theme, capabilities: capabilities)
    return buffer
}

/// The package's `themes/` folder.
let themesDirectory: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes").path

/// Fashion-MNIST's class names.
let fashionClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
