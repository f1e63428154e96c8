import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the process is writing to, and whether colour is welcome there.
public enum Terminal {
    /// Whether `fileDescriptor` is a terminal (`isatty(3)`); e.g. `STDERR_FILENO`.
    public static func isTerminal(fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// Whether to colour output written to `fileDescriptor`: only on a terminal,
    /// and never when `NO_COLOR` is set to a non-empty value (no-color.org) or
    /// `TERM` is `dumb`.
    public static func colorEnabled(
        for fileDescriptor: Int32,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        colorEnabled(isTerminal: isTerminal(fileDescriptor: fileDescriptor), environment: environment)
    }

    /// The decision behind `colorEnabled(for:environment:)`, without the system call.
    public static func colorEnabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal
    }
}
