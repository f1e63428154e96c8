import ArgumentParser

// Being written: see the issue for `gradcheck merge`.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "(not yet available)")
    func run() throws {
        throw ValidationError("gradcheck merge is not available in this build yet")
    }
}
