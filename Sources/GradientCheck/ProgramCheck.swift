import FiniteDifferences
import Foundation
import Reporting

/// `gradcheck check --command`: checks the derivatives a user's program
/// claims, in any language, over ``ProgramProtocol``. The program is
/// started once; everything else — points, fast mode, finite differences,
/// tolerances, verdicts — is the library's.
package struct ProgramCheck: Sendable {
    package var command: String
    /// Seconds allowed for each answer (and for the program to exit at the end).
    package var timeout: Double = 10
    /// How many random points, unless the program's hello lists its own.
    package var points: Int = 5
    package var range: ClosedRange<Double> = -2...2
    /// Seeds the random points and fast mode's directions.
    package var seed: UInt64 = 0
    package var mode: CheckMode = .automatic
    package var method: FiniteDifferenceMethod = .richardson
    package var tolerance: Tolerance = .default
    package var step: Double?

    package init(command: String) { self.command = command }

    /// The most coordinates of random points generated at once (80 MB of `Double`).
    package static let maximumCoordinates = 10_000_000

    /// The rules for the settings, before the program is started.
    package func validate() throws(InputError) {
        if command.trimmingCharacters(in: .whitespaces).isEmpty { throw InputError("--command needs a command to run") }
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else { throw InputError("--timeout must be a number of seconds in (0, 86400], not \(timeout)") }
        guard points >= 1, points <= 100_000 else { throw InputError("--points must be between 1 and 100000, not \(points)") }
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { throw InputError("--range must be finite") }
        // Double.random(in:) traps when the width overflows (--range=-1e308:1e308 crashed).
        guard (range.upperBound - range.lowerBound).isFinite else {
            throw InputError("--range \(range.lowerBound):\(range.upperBound) is too wide: HI - LO overflows a double; give a narrower range")
        }
        if method == .complexStep { throw InputError("--method complex-step needs the function on complex numbers; a program gives real values only") }
        if case .fast(let directions, _) = mode, !(1...1000).contains(directions) {
            throw InputError("--directions must be between 1 and 1000, not \(directions)")
        }
    }

    /// Starts the program, checks it, and stops it.
    /// - Throws: an `InputError` naming the program and what went wrong when
    ///   it crashes, hangs, or answers with malformed JSON or non-finite numbers.
    package func run() throws(InputError) -> (hello: ProgramProtocol.Hello, result: GradientCheckResult) {
        try validate()
        let session = try ProgramSession(command: command, timeout: timeout)
        defer { session.finish() }
        let hello = try ProgramProtocol.hello(session.readLine(for: "the hello line"))
        let n = hello.dimension, m = hello.outputs
        if hello.points == nil, n.multipliedReportingOverflow(by: points).partialValue > Self.maximumCoordinates {
            throw InputError("the program's dimension \(n) times --points \(points) is more than \(Self.maximumCoordinates) coordinates; check fewer points")
        }
        let checkedPoints = hello.points ?? randomPoints(points, dimension: n, in: range, seed: seed)

        var failure: InputError?
        /// One question; after the first failure, no more questions (the check's result is then discarded).
        func ask(_ want: String, _ x: [Double], u: [Double]? = nil, v: [Double]? = nil, key: String, count: Int) -> [Double] {
            guard failure == nil else { return [Double](repeating: .nan, count: count) }
            let what = "request \(session.requests + 1), \(want) at \(Self.short(x))"
            do throws(InputError) {
                let line = try session.ask(ProgramProtocol.request(want: want, x: x, u: u, v: v), what: what)
                return try ProgramProtocol.answer(line, key: key, count: count)
            } catch {
                failure = error.message.contains(what) ? error : InputError("\(error.message) (\(what))")
                return [Double](repeating: .nan, count: count)
            }
        }
        func jacobian(_ x: [Double]) -> [[Double]] {
            guard failure == nil else { return [] }
            let what = "request \(session.requests + 1), jacobian at \(Self.short(x))"
            do throws(InputError) {
                let line = try session.ask(ProgramProtocol.request(want: "jacobian", x: x), what: what)
                return try ProgramProtocol.matrix(line, key: "jacobian", rows: m, columns: n)
            } catch {
                failure = error.message.contains(what) ? error : InputError("\(error.message) (\(what))")
                return []
            }
        }

        let provides = Set(hello.provides)
        var claim: JacobianClaim<Double>
        if provides.contains("gradient") {
            claim = .jacobian { x in [ask("gradient", x, key: "gradient", count: n)] }
            claim.names.jacobian = "gradient"
        } else {
            claim = JacobianClaim(
                jacobian: provides.contains("jacobian") ? jacobian : nil,
                jvp: provides.contains("jvp") ? { x, u in ask("jvp", x, u: u, key: "jvp", count: m) } : nil,
                vjp: provides.contains("vjp") ? { x, v in ask("vjp", x, v: v, key: "vjp", count: n) } : nil)
        }
        let checker = JacobianChecker(function: EvaluatedFunction { x in ask("value", x, key: "value", count: m) },
                                      claim: claim, subject: m == 1 ? .gradient : .jacobian,
                                      method: method, tolerance: tolerance, step: step)
        let result = checker.check(at: checkedPoints, mode: mode,
                                   caller: CallerLocation(fileID: hello.source ?? command, filePath: hello.source ?? command, line: 1, column: 1))
        if let failure { throw failure }
        return (hello, result)
    }

    /// A point for messages: in full up to 6 coordinates, else the first three and the count.
    static func short(_ x: [Double]) -> String {
        x.count <= 6 ? "\(x)" : "[\(x.prefix(3).map { "\($0)" }.joined(separator: ", ")), … (\(x.count) coordinates)]"
    }
}
