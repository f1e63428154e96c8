import Foundation
import Testing

extension Tag {
    /// Suites that take many seconds (large random samples, whole grids, many
    /// processes): `make test` runs them, `make test-quick` skips them.
    @Tag static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Skips a `.slow` suite when `GRADCHECK_QUICK=1` (`make test-quick`): this
    /// toolchain's `swift test --skip` does not take tags (`tag:slow`) yet.
    static var skippedWhenQuick: Self {
        .disabled(if: ProcessInfo.processInfo.environment["GRADCHECK_QUICK"] == "1", "slow; make test-quick skips it")
    }
}
