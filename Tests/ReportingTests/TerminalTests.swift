import Foundation
import Testing
@testable import Reporting

@Suite struct TerminalTests {
    @Test func colourNeedsATerminal() {
        #expect(Terminal.colorEnabled(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        #expect(!Terminal.colorEnabled(isTerminal: false, environment: ["TERM": "xterm-256color"]))
    }

    @Test func noColorAndDumbTerminalsWin() {
        #expect(!Terminal.colorEnabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!Terminal.colorEnabled(isTerminal: true, environment: ["TERM": "dumb"]))
        // An empty NO_COLOR does not count (no-color.org).
        #expect(Terminal.colorEnabled(isTerminal: true, environment: ["NO_COLOR": ""]))
    }

    @Test func pipeIsNotATerminal() {
        let pipe = Pipe()
        #expect(!Terminal.isTerminal(fileDescriptor: pipe.fileHandleForWriting.fileDescriptor))
        #expect(!Terminal.colorEnabled(for: pipe.fileHandleForWriting.fileDescriptor, environment: [:]))
    }
}
