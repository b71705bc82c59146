// Fuzz target: a theme file (`themes/NAME.theme`) as the dashboard loads it, then drawn with: a confusion grid
// uses every style of the heat ramp, on a 256-colour and an 8-colour terminal.
import TerminalUI

private let counts = (0..<10).map { row in (0..<10).map { column in row == column ? 900 + row : row * column } }
private let names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // ThemeCatalog reads the file with String(contentsOfFile:encoding: .utf8): text that is not UTF-8 stops there.
    guard let text = String(bytes: UnsafeBufferPointer(start: data, count: size), encoding: .utf8),
          let loaded = try? Theme.parse(text, name: "fuzz", file: "fuzz.theme") else { return 0 }
    for capabilities in [Capabilities.full, .basic] {
        var buffer = CellBuffer(width: 100, height: 16)
        ConfusionGrid(counts: counts, classNames: names)
            .render(into: &buffer, in: Rect(x: 0, y: 0, width: 100, height: 16), theme: loaded.theme, capabilities: capabilities)
    }
    return 0
}
