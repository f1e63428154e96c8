import Testing

extension Tag {
    /// Suites that take more than about 20 s in a debug build; `make test`
    /// runs them, a quick run skips them with `--skip-tags slow`… or
    /// `swift test --filter` on the quick suites.
    @Tag static var slow: Self
}
