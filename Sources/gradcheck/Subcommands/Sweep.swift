import ArgumentParser

// Being written: see the issue for `gradcheck sweep`.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sweep", abstract: "(not yet available)")
    func run() throws {
        throw ValidationError("gradcheck sweep is not available in this build yet")
    }
}
