import GradientSweep
import Cluster
import Foundation
import Reporting
import Testing

/// Which shards a run directory still needs, from its part files.
@Suite("RunProgress")
struct RunProgressTests {
    @Test("parts present are done; absent and unreadable ones are resubmitted; then only the merge; then nothing")
    func plan() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let layout = try RunLayout(directory: dir.path, workingDirectory: "/")
        let record = try Fixtures.record(shards: 4)
        try FileManager.default.createDirectory(atPath: layout.partsDirectory, withIntermediateDirectories: true)
        var progress = try RunProgress.scan(layout, record: record)
        #expect(progress.missing == [1, 2, 3, 4] && progress.plan.array == [1, 2, 3, 4] && progress.plan.merge)

        for k in [1, 3] { try AtomicFile.write(try Fixtures.partJSON(k, of: 4), to: layout.part(k)) }
        try AtomicFile.write("{\"format\": \"gradcheck-sweep/1\"", to: layout.part(4))
        progress = try RunProgress.scan(layout, record: record)
        #expect(progress.done == [1, 3])
        #expect(progress.missing == [2, 4])
        #expect(progress.unreadable == [layout.part(4)])
        #expect(progress.plan.array == [2, 4] && progress.plan.merge)

        for k in [2, 4] { try AtomicFile.write(try Fixtures.partJSON(k, of: 4), to: layout.part(k)) }
        progress = try RunProgress.scan(layout, record: record)
        #expect(progress.plan.array.isEmpty && progress.plan.merge)
        try AtomicFile.write("{}", to: layout.summary)
        progress = try RunProgress.scan(layout, record: record)
        #expect(progress.plan.array.isEmpty && !progress.plan.merge)
    }

    @Test("a part of another sweep, or of another shard, is refused", arguments: [false, true])
    func foreign(wrongShard: Bool) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let layout = try RunLayout(directory: dir.path, workingDirectory: "/")
        try FileManager.default.createDirectory(atPath: layout.partsDirectory, withIntermediateDirectories: true)
        let json = wrongShard ? try Fixtures.partJSON(3, of: 4) : try Fixtures.partJSON(2, of: 4, method: .fivePoint)
        try AtomicFile.write(json, to: layout.part(2))
        #expect {
            try RunProgress.scan(layout, record: try Fixtures.record(shards: 4))
        } throws: { error in
            (error as? InputError)?.message == "\(layout.part(2)) is not shard 2/4 of the sweep in \(layout.directory): remove it, or use another --dir"
        }
    }
}
