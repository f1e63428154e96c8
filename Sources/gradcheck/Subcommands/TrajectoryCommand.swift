import ArgumentParser

// Being written: see the issue for `gradcheck trajectory`.
struct TrajectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trajectory", abstract: "(not yet available)")
    func run() throws {
        throw ValidationError("gradcheck trajectory is not available in this build yet")
    }
}
