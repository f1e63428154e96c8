import Testing
import NetworkModel
import Reporting
@testable import GradientCheck

struct VariableValuesTests {
    static let network = try! NetworkParser.parse(
        "input x\nlabel y\nparam w1 w2\nz1 = x * w1\na1 = sigmoid(z1)\nz2 = a1 * w2\na2 = sigmoid(z2)\nloss Loss = 0.5 * (a2 - y)^2",
        file: "q2.net")

    func parse(_ s: String) throws(InputError) -> [Double] {
        try VariableValues.parse(s.split(separator: " ").map(String.init), for: Self.network)
    }

    func message(_ s: String) -> String {
        do { _ = try parse(s); return "" } catch { return error.message }
    }

    @Test func valuesByNameInAnyOrder() throws {
        #expect(try parse("--w2 -0.7 --x 1.5 --y 1 --w1=0.3") == [1.5, 1, 0.3, -0.7])
    }

    @Test func badValuesAreNamed() {
        #expect(message("--x 1.5 --y 1 --w1 0.3 --w2 abc") == "--w2: 'abc' is not a number")
        #expect(message("--x nan --y 1 --w1 0.3 --w2 1") == "--x: nan is not a finite number")
        #expect(message("--x inf --y 1 --w1 0.3 --w2 1") == "--x: inf is not a finite number")
        #expect(message("--x 0x10 --y 1 --w1 0.3 --w2 1") == "--x: '0x10' is not a decimal number (hexadecimal is not accepted)")
        #expect(message("--x 1 --x 2 --y 1 --w1 0.3 --w2 1") == "--x is given twice")
        #expect(message("--x 1 --y 1 --w1 0.3 --w3 1 --w4 2")
            == "unknown variables --w3, --w4: q2.net has --x (input), --y (label), --w1 (parameter), --w2 (parameter)")
        #expect(message("--x 1 --y 1") == "missing values for --w1, --w2 (q2.net needs --x --y --w1 --w2)")
        #expect(message("--x 1 --y 1 --w1 0.3 --w2") == "missing value after '--w2'")
        #expect(message("--x 1 --y 1 --w1 0.3 --w2 1 --bogus")
            == "unknown variable --bogus: q2.net has --x (input), --y (label), --w1 (parameter), --w2 (parameter)")
        #expect(message("--x 1 --y 1 --w1 0.3 --w2 --x 2") == "missing value after '--w2'")
        #expect(message("1.5") == "unexpected argument '1.5': give each variable as --name value (q2.net has --x --y --w1 --w2)")
    }
}
