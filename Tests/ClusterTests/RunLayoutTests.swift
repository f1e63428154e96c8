import Cluster
import Reporting
import Testing

@Suite("RunLayout")
struct RunLayoutTests {
    @Test("a relative run directory is made absolute and normalised; the files lie under it")
    func paths() throws {
        let layout = try RunLayout(directory: "runs/../sweep1/", workingDirectory: "/home/me")
        #expect(layout.directory == "/home/me/sweep1")
        #expect(layout.part(3) == "/home/me/sweep1/parts/part-3.json")
        #expect(layout.log(3) == "/home/me/sweep1/logs/shard-3.out")
        #expect(layout.summary == "/home/me/sweep1/summary.json")
        #expect(try RunLayout(directory: "/abs/run", workingDirectory: "/x").sweepScript == "/abs/run/sweep.sbatch")
    }

    @Test("a path #SBATCH lines cannot carry is refused", arguments: ["my runs", "run%1", "a'b", "$HOME/run", "runs/r#6"])
    func refused(directory: String) {
        #expect(throws: InputError.self) { try RunLayout(directory: directory, workingDirectory: "/w") }
    }
}
