import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses XML with Foundation's `XMLParser` and records every element, so tests can
/// check both well-formedness and what a consumer would read back.
///
/// On Linux `XMLDocument` recovers from malformed input without throwing, and
/// `XMLParser.parse()` can return `true` with a `parserError` set, so both are checked.
final class XMLProbe: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    /// The parsed elements in document order, or `nil` when `xml` is not well formed.
    static func parse(_ xml: String) -> [Element]? {
        let probe = XMLProbe()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = probe
        guard parser.parse(), parser.parserError == nil else { return nil }
        return probe.elements
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        open.removeLast()
    }
}
