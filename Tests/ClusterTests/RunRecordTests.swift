import GradientSweep
import Cluster
import Foundation
import Reporting
import Testing

@Suite("RunRecord")
struct RunRecordTests {
    @Test("written and read back unchanged")
    func roundTrip() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var record = try Fixtures.record(shards: 4)
        record.submissions = [.init(arrayJob: "12", shards: [1, 2, 3, 4], mergeJob: "13")]
        let path = dir.appendingPathComponent("run.json").path
        try AtomicFile.write(record.json(), to: path)
        #expect(try RunRecord.read(path: path) == record)
        #expect(try RunRecord.read(path: dir.appendingPathComponent("none.json").path) == nil)
        try AtomicFile.write("{}", to: path)
        #expect(throws: InputError.self) { try RunRecord.read(path: path) }
    }

    @Test("another sweep in the directory is named with what differs")
    func mismatch() throws {
        let here = try Fixtures.record(shards: 4)
        #expect(here.mismatch(here, directory: "/r") == nil)
        var other = try Fixtures.record(shards: 8)
        other.configuration.method = .fivePoint
        other.fingerprint = SweepFingerprint.of(configuration: other.configuration, shardCount: 8, blockPoints: 10)
        #expect(here.mismatch(other, directory: "/r")
            == "/r holds a different sweep (`gradcheck sweep --x -4:4:5 --y 0,1 --w1 -4:4:4 --w2 -4:4:3`, 4 shards): method: five-point in this command, central in /r; shards: 8 in this command, 4 in /r; use another --dir")
    }
}
