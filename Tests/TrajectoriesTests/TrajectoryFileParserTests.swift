import Foundation
import Reporting
import Testing
@testable import Trajectories

@Suite struct TrajectoryFileParserTests {
    static let header = "function x^2 + y^2\n"

    static func parse(_ text: String) throws(InputError) -> TrajectoryProblem {
        try TrajectoryFileParser.parse(text, file: "t.txt")
    }

    /// The error parsing `text` throws, or `nil`.
    static func error(_ text: String) -> InputError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    static func at(_ line: Int, _ column: Int) -> Reporting.SourceLocation {
        Reporting.SourceLocation(file: "t.txt", line: line, column: column)
    }

    @Test("every statement, comments, continuation lines and defaults")
    func fullFile() throws {
        let p = try Self.parse("""
            # a comment line
            function exp(-(x^2 + y^2))   # trailing comment
            mode descent
            step 0.5
            angle-tolerance 15
            step-tolerance 10%
            region (-2, -1) (2, 1.5)
            path first-try: (1, 0), (0.5, 0)
                (0.25, 0) (0.125, 0)
            path B: (0, 1) (0, -1e-1)
            expect first-try feasible
            expect B infeasible: uphill, not-perpendicular
            """)
        #expect(p.mode == .descent)
        #expect(p.stepRule == .fixed(0.5))
        #expect(p.angleTolerance == 15)
        #expect(p.stepTolerance == 0.1)
        #expect(p.region == .init(xMin: -2, xMax: 2, yMin: -1, yMax: 1.5))
        #expect(p.paths.map(\.name) == ["first-try", "B"])
        #expect(p.paths[0].points == [Vector2(1, 0), Vector2(0.5, 0), Vector2(0.25, 0), Vector2(0.125, 0)])
        #expect(p.paths[0].pointLocations[2] == Self.at(9, 5))
        #expect(p.paths[1].points[1] == Vector2(0, -0.1))
        #expect(p.expectations[0].feasible && p.expectations[0].reasons == nil)
        #expect(p.expectations[1].reasons == [.wrongWay, .notPerpendicular])
    }

    /// "\r\n" is one Swift Character: splitting at "\n" read a Windows file as one line.
    @Test("Windows line endings read like Unix ones, with the same locations")
    func crlfLineEndings() throws {
        let p = try Self.parse("function x^2 + y^2\r\nmode descent\r\npath A: (1, 1) (0.5, 0.5)\r\n")
        #expect(p.mode == .descent)
        #expect(p.paths.map(\.name) == ["A"])
        #expect(Self.error("function x^2 + y^2\r\npath A: (1, 1)\r\n")?.location == Self.at(2, 6))
    }

    @Test("defaults: ascent, any step, 20°, 25%")
    func defaults() throws {
        let p = try Self.parse(Self.header + "path A: (1, 1) (2, 2)\n")
        #expect(p.mode == .ascent)
        #expect(p.stepRule == .any)
        #expect(p.angleTolerance == 20)
        #expect(p.stepTolerance == 0.25)
        #expect(p.region == nil)
    }

    @Test("bad input: one message at the offending token", arguments: [
        // (file text, message, line, column)
        (header + "path A: (1, 1)", "path A has only 1 point: a trajectory needs at least two", 2, 6),
        (header + "path A:", "path A has no points: a trajectory needs at least two", 2, 6),
        (header + "path A: (1, 1) (2, 2) (2, 2)",
         "path A repeats the point (2, 2) (points 2 and 3): a step of length zero has no direction", 2, 23),
        ("function log(x)\npath A: (1, 1) (0, 1)", "f is not finite at (0, 1) (point 2 of path A): f = -∞", 2, 16),
        ("function sqrt(x)\npath A: (1, 1) (0, 1)",
         "the gradient of f is not finite at (0, 1) (point 2 of path A): ∇f = (∞, 0)", 2, 16),
        ("function x^2 + * y\npath A: (1, 1) (2, 2)", "expected a number, a name or '(', found '*'", 1, 16),
        ("function (x + y\npath A: (1, 1) (2, 2)", "expected ')' to close the '(' at column 10, found 'end of line'", 1, 16),
        ("function x + w\npath A: (1, 1) (2, 2)", "unknown name 'w' in the function: it may use only x and y", 1, 14),
        ("function sin(x)\npath A: (1, 1) (2, 2)",
         "unknown function 'sin' (known: exp, log, sigmoid, tanh, relu, softplus, abs, sqrt)", 1, 10),
        (header + "learning-rate 0.1", "unknown statement 'learning-rate' (expected one of: function, mode, step, "
            + "angle-tolerance, step-tolerance, region, path, expect)", 2, 1),
        (header + "mode: ascent", "write 'mode' without a colon", 2, 5),
        (header + "mode sideways", "mode must be 'ascent' or 'descent', not 'sideways'", 2, 6),
        (header + "step -1", "step must be 'any', 'fixed' or a positive learning rate, not '-1'", 2, 6),
        (header + "angle-tolerance 60", "angle-tolerance must be a number of degrees above 0 and below 45, not '60'", 2, 17),
        (header + "function x", "'function' is given twice (first on line 1)", 2, 1),
        (header + "path A: (1, 1) (2 2)", "expected ',' between x and y, found '2'", 2, 19),
        (header + "path A: (1, 1) (2, 2)\npath A: (0, 1) (0, 2)", "path A is drawn twice (first on line 2)", 3, 6),
        (header + "path A: (1, 1) (2, 2)\nexpect Z feasible", "expect names path Z, which is not drawn", 3, 8),
        (header + "path A: (1, 1) (2, 2)\nexpect A fine", "expected 'feasible' or 'infeasible' after the path name, found 'fine'", 3, 10),
        (header + "path A: (1, 1) (2, 2)\nexpect A infeasible: uphill",
         "unknown reason 'uphill' for gradient ascent (known: downhill, not-perpendicular, stationary-start, step-size)", 3, 22),
        (header + "  (1, 2)", "a line of points must be indented and follow a 'path' line", 2, 3),
        ("path A: (1, 1) (2, 2)", "no 'function' line: the file must give the f(x, y) the paths are drawn on", 1, 1),
        (header, "no 'path' line: there is nothing to judge", 1, 1),
        (header + "region (1, 1) (0, 2)", "region's first corner must be below and left of the second: (xmin, ymin) (xmax, ymax)", 2, 15),
        // Its width overflows (--plot crashed on a force-unwrapped nil), or is too small for finite pixel coordinates.
        (header + "region (-1e308, -1e308) (1e308, 1e308)", "region cannot be drawn: its width ∞ and height ∞ must be finite and at least 1e-300", 2, 8),
        (header + "region (0, 0) (1e-310, 1)", "region cannot be drawn: its width 1e-310 and height 1 must be finite and at least 1e-300", 2, 8),
    ])
    func badInput(text: String, message: String, line: Int, column: Int) throws {
        let error = try #require(Self.error(text))
        #expect(error.message == message)
        #expect(error.location == Self.at(line, column))
    }

    /// A directory used to be "it cannot be read"; a NUL byte was echoed into
    /// an "unexpected character" message.
    @Test("a directory or a binary file is named as such")
    func directoryAndBinaryFile() throws {
        #expect(throws: InputError("trajectory file is a directory: /tmp")) { try TrajectoryFileParser.load(path: "/tmp") }
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-binary-\(getpid()).txt")
        try Data([0x66, 0x75, 0x6e, 0x00, 0x0a]).write(to: binary)
        defer { try? FileManager.default.removeItem(at: binary) }
        #expect(throws: InputError("trajectory file is binary, not text: \(binary.path)")) {
            try TrajectoryFileParser.load(path: binary.path)
        }
    }

    @Test("a missing file is reported without a location")
    func missingFile() {
        #expect(throws: InputError("trajectory file not found: /nonexistent/t.txt")) {
            try TrajectoryFileParser.load(path: "/nonexistent/t.txt")
        }
    }
}
