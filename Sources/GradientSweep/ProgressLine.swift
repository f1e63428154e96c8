/// The progress bar `gradcheck sweep` draws on a terminal's standard error.
public enum ProgressLine {
    /// `[##########----------]  50%  64.0M/128.0M points  1.2 s`, at most 79 columns.
    public static func render(done: Int, total: Int, points: Int, seconds: Double) -> String {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let width = 30
        let filled = Swift.min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = Int(fraction * 100)
        let pointsDone = Double(points) * fraction
        return "[\(bar)] \(percent < 10 ? "  " : percent < 100 ? " " : "")\(percent)%  \(short(pointsDone))/\(short(Double(points))) points  \(Int(seconds)) s"
    }

    static func short(_ v: Double) -> String {
        if v >= 1e9 { return "\((v / 1e8).rounded() / 10)G" }
        if v >= 1e6 { return "\((v / 1e5).rounded() / 10)M" }
        if v >= 1e3 { return "\((v / 1e2).rounded() / 10)k" }
        return "\(Int(v))"
    }
}
