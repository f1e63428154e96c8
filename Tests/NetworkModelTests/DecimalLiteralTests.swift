import NetworkModel
import Testing

@Suite("DecimalLiteral")
struct DecimalLiteralTests {
    @Test("decimal literals parse to the correctly rounded double", arguments: [
        ("0", 0.0), ("-0", -0.0), ("1.5", 1.5), ("+2", 2.0), ("-4", -4.0), (".5", 0.5), ("5.", 5.0),
        ("1e-3", 0.001), ("2.5E+2", 250.0), ("0.1", 0.1), ("1e400", Double.infinity),
    ])
    func decimal(text: String, value: Double) throws {
        let v = try #require(DecimalLiteral.parse(text))
        #expect(v == value && v.sign == value.sign)
    }

    @Test("hexadecimal, inf, nan and malformed text do not parse", arguments: [
        "0x10", "0X1p3", "inf", "-inf", "nan", "infinity", "", ".", "+", "-", "e5", "1e", "1e+", "1.2.3", "1e2e3",
        "1-2", "1_0", " 1", "1 ", "٣", "1,5", "--1", "+-1",
    ])
    func notDecimal(text: String) {
        #expect(DecimalLiteral.parse(text) == nil)
    }

    @Test("finiteValue names the problem")
    func problems() {
        #expect(throws: DecimalLiteral.Problem.notANumber) { try DecimalLiteral.finiteValue("one") }
        #expect(throws: DecimalLiteral.Problem.notDecimal) { try DecimalLiteral.finiteValue("0x10") }
        #expect(throws: DecimalLiteral.Problem.notFinite) { try DecimalLiteral.finiteValue("nan") }
        #expect(throws: DecimalLiteral.Problem.notFinite) { try DecimalLiteral.finiteValue("1e999") }
        #expect((try? DecimalLiteral.finiteValue("-2.5e-3")) == -0.0025)
    }
}
