import Foundation

/// Renders a report as a SARIF 2.1.0 log, the format GitHub code scanning and
/// most static-analysis viewers import.
///
/// One run; `tool.driver.rules` lists each rule id once, in order of first
/// appearance. Each diagnostic is a result with `ruleId`, `ruleIndex`, `level`
/// (`error`, `warning`, `note`), `message.text` (message, notes and suggestion
/// on separate lines) and one physical location whose region spans
/// `startColumn ..< endColumn`. The run declares `columnKind: unicodeCodePoints`
/// because `SourceLocation` counts Unicode scalars. A diagnostic with a
/// `suggestion` also carries a fix replacing exactly that region.
///
/// Relative file paths become relative URIs and absolute paths `file://` URIs,
/// percent-encoded.
///
/// A finding in a notebook cell points at the `.ipynb` file with no region (the
/// cell's lines are not the JSON file's lines) and no fix; its message starts
/// with `cell 4:3:15` and `properties` carries `cell`, `line` and `column`.
public struct SARIFRenderer: Sendable {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// Shown by viewers as the tool's home page; omitted when `nil`.
    public var informationURI: String?

    public init(informationURI: String? = nil) {
        self.informationURI = informationURI
    }

    public func render(_ report: DiagnosticReport) -> String {
        var ruleIDs: [String] = []
        for d in report.diagnostics where !ruleIDs.contains(d.ruleID) {
            ruleIDs.append(d.ruleID)
        }
        let driver = Driver(
            name: report.tool,
            version: report.toolVersion,
            informationUri: informationURI,
            rules: ruleIDs.map { Rule(id: $0, shortDescription: Text(text: Self.describe(rule: $0))) }
        )
        let results = report.diagnostics.map { d in
            Result(d, ruleIndex: ruleIDs.firstIndex(of: d.ruleID) ?? 0)
        }
        let log = Log(runs: [Run(tool: Tool(driver: driver), results: results)])
        return JSONText.encode(log)
    }

    /// "wrong-derivative" → "Wrong derivative": a readable stand-in for a rule description.
    static func describe(rule id: String) -> String {
        let words = id.replacing("-", with: " ").replacing("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A URI reference for a file path: relative paths stay relative, absolute ones get `file://`.
    static func uri(for path: String) -> String {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    // MARK: SARIF object model (only the parts we write)

    private struct Log: Encodable {
        var schema = SARIFRenderer.schema
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    private struct Run: Encodable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
    }

    private struct Tool: Encodable { var driver: Driver }

    private struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String?
        var rules: [Rule]
    }

    private struct Rule: Encodable {
        var id: String
        var shortDescription: Text
    }

    private struct Text: Encodable { var text: String }

    private struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
        var fixes: [Fix]?
        var properties: CellPosition?

        init(_ d: Diagnostic, ruleIndex: Int) {
            ruleId = d.ruleID
            self.ruleIndex = ruleIndex
            level = d.severity.rawValue
            var lines = [d.message] + d.notes.map { "note: \($0)" }
            if let suggestion = d.suggestion { lines.append("did you mean \(suggestion)?") }
            let artifact = Artifact(uri: SARIFRenderer.uri(for: d.location.file))
            if let cell = d.location.cell {
                lines[0] = "\(d.location.position): \(lines[0])"
                message = Text(text: lines.joined(separator: "\n"))
                locations = [Location(physicalLocation: PhysicalLocation(artifactLocation: artifact, region: nil))]
                properties = CellPosition(cell: cell, line: d.location.line, column: d.location.column)
                return
            }
            message = Text(text: lines.joined(separator: "\n"))
            let region = Region(startLine: d.location.line, startColumn: d.location.column, endColumn: d.endColumn)
            locations = [Location(physicalLocation: PhysicalLocation(artifactLocation: artifact, region: region))]
            fixes = d.suggestion.map { suggestion in
                let replacement = Replacement(deletedRegion: region, insertedContent: Text(text: suggestion))
                return [Fix(
                    description: Text(text: "Replace with \(suggestion)"),
                    artifactChanges: [ArtifactChange(artifactLocation: artifact, replacements: [replacement])]
                )]
            }
        }
    }

    private struct Location: Encodable { var physicalLocation: PhysicalLocation }

    private struct PhysicalLocation: Encodable {
        var artifactLocation: Artifact
        var region: Region?
    }

    /// Where in a notebook a result is: the 1-based cell, and line and column inside its source.
    private struct CellPosition: Encodable {
        var cell, line, column: Int
    }

    private struct Artifact: Encodable { var uri: String }

    private struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endColumn: Int
    }

    private struct Fix: Encodable {
        var description: Text
        var artifactChanges: [ArtifactChange]
    }

    private struct ArtifactChange: Encodable {
        var artifactLocation: Artifact
        var replacements: [Replacement]
    }

    private struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: Text
    }
}
