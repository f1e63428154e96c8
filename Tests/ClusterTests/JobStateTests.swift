import Cluster
import Testing

@Suite("JobState")
struct JobStateTests {
    @Test("squeue --format=%i|%T|%r lines: array tasks, states, reasons")
    func parse() {
        let states = JobState.parse(squeue: "6_1|COMPLETED|None\n6_3|FAILED|NonZeroExitCode\n7|PENDING|DependencyNeverSatisfied\n8|RUNNING|None\n")
        #expect(states.map(\.id) == ["6_1", "6_3", "7", "8"])
        #expect(states.map(\.isActive) == [false, false, true, true])
        #expect(states.map(\.isStuck) == [false, false, true, false])
        #expect(states[1].reason == "NonZeroExitCode")
        #expect(JobState.parse(squeue: "").isEmpty)
    }
}
