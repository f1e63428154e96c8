/// Slurm's `--array` index list: ascending numbers with runs written as ranges,
/// `[1, 2, 3, 7, 9, 10]` → `1-3,7,9-10`.
public enum ArrayIndexList {
    public static func format(_ indices: [Int]) -> String {
        // Already ascending without repeats (what RunProgress gives): no set, no sort.
        let ascending = zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 }
        let sorted = ascending ? indices : Array(Set(indices)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
