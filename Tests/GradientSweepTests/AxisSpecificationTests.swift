@testable import GradientSweep
import Reporting
import Testing

/// `start:stop:count` counts: a whole number too large for the grid is called too large, not "not a whole number";
/// a whole number in exponent notation (`1e3`) is accepted.
@Suite("AxisSpecification")
struct AxisSpecificationTests {
    static func message(_ text: String) -> String? {
        do {
            _ = try AxisSpecification.values(text, axis: "x")
            return nil
        } catch {
            return error.message
        }
    }

    @Test("counts: too large, not whole, or fine")
    func counts() {
        #expect(Self.message("0:1:99999999999999999999")?.contains("is too large (at most 2^40)") == true)
        #expect(Self.message("0:1:+99999999999999999999")?.contains("is too large") == true)
        #expect(Self.message("0:1:2199023255553")?.contains("is too large (at most 2^40)") == true)
        #expect(Self.message("0:1:2.5")?.contains("is not a whole number") == true)
        #expect(Self.message("0:1:1.5e0")?.contains("is not a whole number") == true)
        #expect(Self.message("0:1:1e20")?.contains("is too large (at most 2^40)") == true)
        #expect(Self.message("0:1:1e13")?.contains("is too large (at most 2^40)") == true)
        #expect(Self.message("0:1:5") == nil)
        // A whole number in exponent notation is that number.
        #expect(Self.message("0:1:1e3") == nil)
        #expect((try? AxisSpecification.values("0:1:1e3", axis: "x").count) == 1000)
    }
}
