import ArgumentParser

// Being written: see the issue for `gradcheck key`.
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: "(not yet available)")
    func run() throws {
        throw ValidationError("gradcheck key is not available in this build yet")
    }
}
