import GradientSweep
import NetworkModel
import Reporting
import Testing

/// `sweep --points FILE.csv`.
@Suite("PointListReader")
struct PointListReaderTests {
    /// Issue 12, item 17: a file saved on Windows was refused, with an error spanning two lines.
    @Test("CRLF and CR line ends read as LF", arguments: ["\r\n", "\r"])
    func lineEnds(end: String) throws {
        let network = try Fixtures.network("q2")
        let lf = try PointListReader.parse("x,y,w1,w2\n1,0,0.5,0.5\n\n-2,1,0.25,-1\n", file: "p.csv", network: network)
        let other = try PointListReader.parse("x,y,w1,w2\(end)1,0,0.5,0.5\(end)\(end)-2,1,0.25,-1\(end)", file: "p.csv", network: network)
        #expect(lf == [[1, 0, 0.5, 0.5], [-2, 1, 0.25, -1]])
        #expect(other == lf)
    }

    @Test("an error in a CRLF file names its line and column, on one line")
    func crlfError() throws {
        let network = try Fixtures.network("q2")
        #expect(throws: InputError("'zz' is not a number", at: SourceLocation(file: "p.csv", line: 3, column: 5))) {
            try PointListReader.parse("x,y,w1,w2\r\n1,0,0.5,0.5\r\n1,0,zz,0.5\r\n", file: "p.csv", network: network)
        }
    }
}
