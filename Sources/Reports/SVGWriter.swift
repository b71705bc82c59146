// Builds an SVG document as text: elements with attributes in the order given, escaped text, short numbers.
import Foundation

struct SVGWriter {
    private var lines = [String]()
    private var depth = 1

    /// Starts a `width` × `height` document with a <title> (shown by browsers) and a white background.
    init(width: Int, height: Int, title: String) {
        lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        lines.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">")
        element("title", [:], text: title)
        element("rect", ["width": width, "height": height, "fill": "white"])
    }

    /// One element, empty or holding `text`. Attribute values: String, Int or Double (printed short).
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, Any>, text: String? = nil) {
        let start = indentation + "<" + name + Self.attributeText(attributes)
        lines.append(text.map { start + ">" + Self.escape($0) + "</\(name)>" } ?? start + "/>")
    }

    /// Opens a container element such as <g>; close it with `close`.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, Any>) {
        lines.append(indentation + "<" + name + Self.attributeText(attributes) + ">")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        lines.append(indentation + "</\(name)>")
    }

    /// The finished document.
    func document() -> String {
        precondition(depth == 1, "an element was left open")
        return (lines + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    private var indentation: String { String(repeating: "  ", count: depth) }

    private static func attributeText(_ attributes: KeyValuePairs<String, Any>) -> String {
        attributes.map { key, value in
            let text: String
            switch value {
            case let number as Double: text = Self.number(number)
            case let string as String: text = Self.escape(string)
            default: text = "\(value)"
            }
            return " \(key)=\"\(text)\""
        }.joined()
    }

    /// A coordinate or size with at most two decimals and no trailing zeros: 12, 12.5, 12.25.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Text and attribute values with XML's special characters escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
