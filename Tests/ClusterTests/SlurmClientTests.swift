import Cluster
import Reporting
import Testing

@Suite("SlurmClient")
struct SlurmClientTests {
    @Test("sbatch --parsable prints ID or ID;CLUSTER", arguments: [
        ("123\n", "123"), ("4567;gradcheck\n", "4567"), ("warning: x\n89\n", "89"), ("Submitted batch job 5\n", nil), ("", nil),
    ])
    func jobID(output: String, expected: String?) {
        #expect(SlurmClient.parseJobID(output) == expected)
    }

    @Test("commands are looked up on the given PATH only")
    func locate() throws {
        let client = SlurmClient(environment: ["PATH": "/nonexistent:/bin"])
        #expect(client.locate("sh") == "/bin/sh")
        #expect(client.locate("no-such-command-here") == nil)
        #expect(throws: InputError.self) { try SlurmClient(environment: ["PATH": "/nonexistent"]).requireCommands() }
    }
}
