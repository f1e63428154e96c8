import ArgumentParser

// Being written: see the issue for `gradcheck check`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "(not yet available)")
    func run() throws {
        throw ValidationError("gradcheck check is not available in this build yet")
    }
}
