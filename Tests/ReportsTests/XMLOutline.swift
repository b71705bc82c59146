// Parses an XML document with FoundationXML into a flat list of elements, to check SVG output.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

struct XMLOutline {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text: String
    }

    let elements: [Element]

    /// Nil when the document is not well-formed XML; `error` then says why.
    init?(_ document: String, error: inout String) {
        let collector = Collector()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = collector
        // On Linux parse() can return true after an error (a mismatched tag): check the error and the nesting too.
        let succeeded = parser.parse()
        guard succeeded, parser.parserError == nil, collector.problems.isEmpty, collector.isBalanced else {
            let problems = collector.problems + (parser.parserError.map { ["\($0)"] } ?? [])
            error = "line \(parser.lineNumber): " + (problems.isEmpty ? "unbalanced elements" : problems.joined(separator: "; "))
            return nil
        }
        elements = collector.elements
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    func first(id: String) -> Element? { elements.first { $0.attributes["id"] == id } }
    var texts: [String] { all("text").map(\.text) }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements = [Element]()
        var problems = [String]()
        private var open = [Int]()
        var isBalanced: Bool { open.isEmpty && !elements.isEmpty }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            open.append(elements.count)
            elements.append(Element(name: name, attributes: attributes, text: ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last { elements[index].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let index = open.popLast(), elements[index].name == name else {
                problems.append("</\(name)> closes no open <\(name)>")
                return
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            problems.append("\(parseError)")
        }
    }
}
