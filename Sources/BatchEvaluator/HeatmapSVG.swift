import Reporting

/// Placeholder until the heatmap renderer is written.
public enum HeatmapSVG {
    public static func render(_ map: ErrorHeatmap, summary: SweepSummary, domain: SweepDomain) -> String { "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
}
