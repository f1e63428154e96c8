import Testing

extension Tag {
    /// Tests that take more than about 20 s in a debug build (the honesty
    /// harness's full run: ~110 s on two cores). `make test` runs them; a
    /// quick run leaves them out by name, e.g.
    /// `swift test --disable-xctest --skip 'HonestyHarnessTests/full'`.
    @Tag static var slow: Self
}
