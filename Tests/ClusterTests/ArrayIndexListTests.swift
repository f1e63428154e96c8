import Cluster
import Testing

@Suite("ArrayIndexList")
struct ArrayIndexListTests {
    @Test("runs become ranges, in ascending order, without repeats", arguments: [
        ([1, 2, 3, 7, 9, 10], "1-3,7,9-10"), ([5], "5"), ([7, 3], "3,7"), ([4, 2, 3, 3, 1], "1-4"), ([], ""),
    ])
    func format(indices: [Int], expected: String) {
        #expect(ArrayIndexList.format(indices) == expected)
    }
}
