import Foundation
import Testing
import Reporting
@testable import NetworkModel

/// Network files: the reference network, and every bad input's message and location.
struct NetworkParserTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/networks")

    static let header = "input x\nlabel y\nparam w1 w2\n"

    /// The error `text` produces, as printed: `file:line:column: error: message`.
    static func error(_ text: String) -> String {
        do {
            _ = try NetworkParser.parse(text, file: "t.net")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func theReferenceNetwork() throws {
        let network = try NetworkParser.load(path: Self.fixtures.appendingPathComponent("q2.net").path)
        #expect(network.inputs == ["x"])
        #expect(network.label == "y")
        #expect(network.parameters == ["w1", "w2"])
        #expect(network.nodes.map(\.name) == ["z1", "a1", "z2", "a2", "Loss"])
        #expect(network.loss == "Loss")
        #expect(network.activation(of: "a1") == .sigmoid)
        let values = network.forward([1.5, 1, 0.3, -0.7])
        let a1 = 1 / (1 + exp(-0.45)), a2 = 1 / (1 + exp(-a1 * -0.7))
        #expect(abs(values[network.lossSlot] - 0.5 * (a2 - 1) * (a2 - 1)) < 1e-16)
    }

    @Test(arguments: ["q2.net", "q2-cross-entropy.net", "q2-tanh.net", "q2-relu.net", "q2-three-weights.net"])
    func everyBundledNetworkParses(file: String) throws {
        let network = try NetworkParser.load(path: Self.fixtures.appendingPathComponent(file).path)
        #expect(network.inputs == ["x"] && network.label == "y")
    }

    /// Windows line endings: "\r\n" is one Swift Character, so splitting at
    /// "\n" kept the whole file as one line ("network file is empty").
    @Test func crlfLineEndings() throws {
        let lf = try String(contentsOf: Self.fixtures.appendingPathComponent("q2.net"), encoding: .utf8)
        let network = try NetworkParser.parse(lf.replacingOccurrences(of: "\n", with: "\r\n"), file: "crlf.net")
        #expect(network.nodes.map(\.name) == ["z1", "a1", "z2", "a2", "Loss"])
        #expect(Self.error(Self.header.replacingOccurrences(of: "\n", with: "\r\n") + "z1 = x * w3\r\nloss L = z1\r\n")
            == "t.net:4:10: error: undefined name 'w3'")
    }

    @Test func definitionsMayComeInAnyOrderAndLossAlone() throws {
        let network = try NetworkParser.parse("param w\nloss L\nL = a * a\na = w + 1  # comment\n", file: "t.net")
        #expect(network.nodes.map(\.name) == ["a", "L"])
        #expect(network.lossValue([2]) == 9)
    }

    // MARK: every bad input, with file:line:column

    @Test func syntaxErrors() {
        #expect(Self.error(Self.header + "z1 = x * * w1\nloss L = z1") == "t.net:4:10: error: expected a number, a name or '(', found '*'")
        #expect(Self.error(Self.header + "z1 = (x * w1\nloss L = z1") == "t.net:4:13: error: expected ')' to close the '(' at column 6, found 'end of line'")
        #expect(Self.error(Self.header + "z1 = x $ w1") == "t.net:4:8: error: unexpected character '$'")
        #expect(Self.error(Self.header + "z1 x * w1") == "t.net:4:4: error: expected '=' after 'z1', found 'x'")
        #expect(Self.error(Self.header + "z1 = foo(x)") == "t.net:4:6: error: unknown function 'foo' (known: exp, log, sigmoid, tanh, relu, softplus, abs, sqrt)")
        #expect(Self.error(Self.header + "z1 = 1e999") == "t.net:4:6: error: malformed number '1e999'")
        #expect(Self.error(Self.header + "= x") == "t.net:4:1: error: expected a declaration (input, label, param, loss) or 'name = expression', found '='")
        #expect(Self.error(Self.header + "z1 = ") == "t.net:4:6: error: expected an expression")
    }

    @Test func undefinedName() {
        #expect(Self.error(Self.header + "z1 = x * w3\nloss L = z1 * w2") == "t.net:4:10: error: undefined name 'w3'")
        #expect(Self.error(Self.header + "loss L") == "t.net:4:6: error: undefined name 'L' marked as the loss")
    }

    @Test func redefinedName() {
        #expect(Self.error(Self.header + "z1 = x * w1\nz1 = w2\nloss L = z1") == "t.net:5:1: error: 'z1' is already defined at line 4, column 1")
        #expect(Self.error(Self.header + "param x") == "t.net:4:7: error: 'x' is already defined at line 1, column 7")
        #expect(Self.error(Self.header + "exp = x") == "t.net:4:1: error: 'exp' is a function and cannot be used as a name")
        #expect(Self.error(Self.header + "label z") == "t.net:4:7: error: only one label is allowed ('y' is already the label)")
    }

    @Test func cycle() {
        #expect(Self.error(Self.header + "a = b * w1\nb = a * w2\nloss L = a * x * y") == "t.net:4:1: error: cycle: a -> b -> a")
    }

    @Test func parameterTheLossDoesNotDependOn() {
        #expect(Self.error(Self.header + "loss L = x * w1 * y") == "t.net:3:10: error: parameter 'w2' does not affect the loss 'L'")
    }

    @Test func noLoss() {
        #expect(Self.error(Self.header + "z1 = x * w1\nz2 = z1 * w2") == "t.net:5:1: error: no loss: mark the loss node with 'loss NAME = expression' or a line 'loss NAME'")
        #expect(Self.error(Self.header + "loss x") == "t.net:4:6: error: the loss 'x' must be a computed node, not an input, label or parameter")
        #expect(Self.error(Self.header + "loss L = x * w1 * w2\nloss M = L") == "t.net:5:6: error: a second loss; 'L' is already the loss (line 4)")
    }

    @Test func noParameters() {
        #expect(Self.error("input x\nloss L = x * x") == "t.net:1:1: error: no parameters: declare the weights with 'param NAME …'")
    }

    @Test func emptyFile() {
        #expect(Self.error("") == "t.net:1:1: error: network file is empty (no definitions)")
        #expect(Self.error("# only a comment\n\n   \n") == "t.net:1:1: error: network file is empty (no definitions)")
    }

    /// Files on disk: missing, a directory, binary, not UTF-8.
    @Test func filesThatCannotBeRead() throws {
        func loadError(_ path: String) -> String {
            do { _ = try NetworkParser.load(path: path); return "no error" } catch { return error.description }
        }
        #expect(loadError("/nonexistent/q9.net") == "error: network file not found: /nonexistent/q9.net")
        #expect(loadError("/tmp") == "error: network file is a directory: /tmp")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-parser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("binary.net")
        try Data([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]).write(to: binary)
        #expect(loadError(binary.path) == "error: network file is binary, not text: \(binary.path)")
        let latin1 = dir.appendingPathComponent("latin1.net")
        try Data([0x70, 0x61, 0x72, 0x61, 0x6d, 0x20, 0xe9]).write(to: latin1)
        #expect(loadError(latin1.path) == "error: network file is not UTF-8 text: \(latin1.path)")
    }

    /// Deep nesting of every kind is an error, not a stack overflow.
    @Test(arguments: [
        String(repeating: "(", count: 100_000) + "w1" + String(repeating: ")", count: 100_000),
        String(repeating: "-", count: 100_000) + "w1",
        String(repeating: "sigmoid(", count: 100_000) + "w1" + String(repeating: ")", count: 100_000),
        Array(repeating: "w1", count: 100_000).joined(separator: "^"),
    ])
    func deeplyNestedExpressionIsAnError(expression: String) {
        let message = Self.error("param w1\nloss L = \(expression)")
        #expect(message.hasPrefix("t.net:2:"), "\(message.prefix(200))")
        #expect(message.hasSuffix("error: expression is nested too deeply (more than 200 levels)"), "\(message.prefix(200))")
    }

    /// A flat sum or product (a linear layer on one line) is not nesting: 200 terms
    /// used to be "nested too deeply (more than 200 levels)".
    @Test(arguments: [200, 1_000, ExpressionParser.maximumDepth])
    func aFlatChainOfManyTermsParses(terms: Int) throws {
        let sum = try NetworkParser.parse("param w1\nloss L = " + Array(repeating: "w1", count: terms).joined(separator: " + "), file: "t.net")
        #expect(sum.lossValue([2]) == Double(2 * terms))
        let product = try NetworkParser.parse("param w1\nloss L = " + Array(repeating: "w1", count: terms).joined(separator: " * "), file: "t.net")
        #expect(product.lossValue([1]) == 1)
    }

    /// One term more than ``ExpressionParser/maximumDepth`` is refused at the operator
    /// that makes the tree too tall (`w1 + ` is 5 columns; the expression starts at column 10).
    @Test(arguments: [ExpressionParser.maximumDepth + 1, 100_000])
    func aChainTallerThanTheLimitIsRefusedAtItsOperator(terms: Int) {
        let limit = ExpressionParser.maximumDepth
        let message = Self.error("param w1\nloss L = " + Array(repeating: "w1", count: terms).joined(separator: " + "))
        #expect(message == "t.net:2:\(5 * limit + 8): error: expression is too long: its tree is more than \(limit) levels deep "
            + "(a sum or product of more than about \(limit) terms); split it into named parts", "\(message.prefix(300))")
    }

    /// A line longer than ``Lexer/maximumLineLength`` is refused before it is tokenised: a 200 MB
    /// line took over 60 s and 7 GB of tokens before the depth limit refused it at column 15,008.
    @Test func aLineLongerThanTheLimitIsRefusedBeforeTokenising() throws {
        let line = "loss L = w1" + String(repeating: " + w1", count: 200_000)
        #expect(line.utf8.count == 1_000_011)
        #expect(Self.error("param w1\n" + line) == "t.net:2:1: error: this line is 1000011 bytes long; a line may hold at most 1000000 "
            + "(split a long expression into named nodes, a long path over indented lines)")
        // Within the limit, the parser's own limit speaks, at its operator.
        #expect(Self.error("param w1\n" + line.prefix(Lexer.maximumLineLength)).hasPrefix("t.net:2:\(5 * ExpressionParser.maximumDepth + 8): error: expression is too long"))
    }

    /// A file over `TextFile`'s limit is refused before it is read, naming its size.
    @Test func aFileOverTheSizeLimitIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-size-\(getpid()).net").path
        try "param w\nloss L = w * w\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: InputError("network file is too large: \(path) has 23 bytes; gradcheck reads at most 22")) {
            try TextFile.read(path, kind: "network file", maximumBytes: 22)
        }
        #expect(try TextFile.read(path, kind: "network file", maximumBytes: 23) == "param w\nloss L = w * w\n")
        #expect(TextFile.maximumBytes == 256 << 20)
    }

    /// A FIFO and a device are named as such (they were "cannot read network file: PATH"), and
    /// reading them neither blocks nor reads without end.
    @Test func aFIFOOrADeviceIsNamed() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-fifo-\(getpid()).net").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(throws: InputError("cannot read network file: \(fifo) is a FIFO or pipe; gradcheck reads regular files")) {
            try NetworkParser.load(path: fifo)
        }
        #expect(throws: InputError("cannot read network file: /dev/zero is a character device; gradcheck reads regular files")) {
            try NetworkParser.load(path: "/dev/zero")
        }
    }

    /// Nesting past the limit is reported where it is exceeded, not where the expression starts.
    @Test func nestingIsRefusedAtTheParenthesisThatExceedsTheLimit() {
        let message = Self.error("param w1\nloss L = w1 + " + String(repeating: "(", count: 300) + "w1" + String(repeating: ")", count: 300))
        #expect(message == "t.net:2:\(15 + ExpressionParser.maximumNesting): error: expression is nested too deeply (more than 200 levels)")
    }

    @Test func nestingUpToTheLimitIsFine() throws {
        let expression = String(repeating: "(", count: 150) + "w1" + String(repeating: ")", count: 150)
        let network = try NetworkParser.parse("param w1\nloss L = \(expression) * 2", file: "t.net")
        #expect(network.lossValue([3]) == 6)
    }

    /// A chain as long as a network may be (issue 12 item 12: 20,000 nodes took 3.1 GB as
    /// sets of ancestors): parsed, with its dependencies, and one name more is refused.
    @Test func theLongestChainParsesAndOneNameMoreIsRefused() throws {
        func chain(_ nodes: Int) -> String {
            var lines = ["input x", "label y", "param w", "n0 = x * w"]
            for i in 1..<nodes { lines.append("n\(i) = sigmoid(n\(i - 1)) * w") }
            lines.append("loss L = 0.5 * (n\(nodes - 1) - y)^2")
            return lines.joined(separator: "\n")
        }
        let longest = NetworkParser.maximumNames - 4   // x, y, w and L
        let network = try NetworkParser.parse(chain(longest), file: "t.net")
        #expect(network.slotCount == NetworkParser.maximumNames)
        let loss = network.lossSlot, w = network.slot(of: "w")!, x = network.slot(of: "x")!
        #expect(network.depends(loss, on: w) && network.depends(loss, on: x))
        #expect(!network.depends(x, on: w) && !network.depends(network.slot(of: "n0")!, on: loss))
        let message = Self.error(chain(longest + 1))
        #expect(message.hasSuffix("error: too many names: a network may declare and define at most 20000 in all"), "\(message)")
    }
}
