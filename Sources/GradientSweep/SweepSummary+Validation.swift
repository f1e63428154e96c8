import Reporting

extension SweepSummary {
    /// The most shards a sweep is split into (a Slurm job array's limit).
    public static let maximumShardCount = ShardSpecification.maximumCount

    /// Checks that the summary can be what `gradcheck sweep` wrote: every
    /// shape and count against the summary's own configuration, with checked
    /// arithmetic, so that a merge of summaries that pass never indexes out of
    /// range, allocates by a claimed size, or overflows.
    ///
    /// Checked: the point count is the product of the axis sizes; a shard's
    /// number is within its count and the count within 1…``maximumShardCount``
    /// and the points; the points evaluated are within the points; each
    /// parameter of the network (the configuration's `param` line) appears
    /// once, in order; each count is non-negative and the counts add up to the
    /// points evaluated; the histogram has its bins and counts every finite
    /// point; the worst list holds at most `--worst` distinct points of the
    /// domain; extremes name points of the domain; a heatmap is there exactly
    /// when its axes are configured, with the shape those axes give. A
    /// `partial` summary is checked the same way.
    ///
    /// - Throws: `InputError` starting with `name:` and saying what is wrong.
    public func validate(name: String) throws(InputError) {
        func fail(_ message: String) -> InputError { InputError("\(name): \(message); the file was edited or damaged") }
        let c = configuration
        guard !c.axes.isEmpty else { throw fail("the configuration has no axes") }
        var product = 1
        for a in c.axes {
            guard a.count >= 1 else { throw fail("axis '\(a.name)' has \(a.count) values") }
            let (p, overflow) = product.multipliedReportingOverflow(by: a.count)
            guard !overflow else { throw fail("the axes' sizes multiply to more points than can be counted") }
            product = p
        }
        switch c.domainKind {
        case .grid:
            guard points == product else { throw fail("it says \(points) points, but its axes make \(product)") }
        case .points:
            guard c.axes.allSatisfy({ $0.count == points }) else { throw fail("it says \(points) listed points, but its columns have other lengths") }
        }
        guard c.worst >= 0 else { throw fail("--worst is \(c.worst)") }
        guard (0...points).contains(pointsEvaluated) else {
            throw fail("it says \(pointsEvaluated) points were evaluated of \(points)")
        }
        if let s = shard {
            guard (1...Self.maximumShardCount).contains(s.count), s.count <= points else {
                throw fail("shard count \(s.count) is not between 1 and \(Swift.min(points, Self.maximumShardCount)) (the points, at most \(Self.maximumShardCount))")
            }
            guard (1...s.count).contains(s.index) else { throw fail("shard \(s.index)/\(s.count) is not a shard number between 1 and \(s.count)") }
            guard s.blockPoints >= 1 else { throw fail("block size \(s.blockPoints)") }
        }
        if let m = missingShards {
            throw fail("it lists \(m.shards.count) missing shards, which only a merged summary does")
        }
        let expected = c.parameterNames
        guard parameters.map(\.parameter) == expected else {
            throw fail("its parameters are \(parameters.map(\.parameter).joined(separator: ", ")), the network's are \(expected.joined(separator: ", "))")
        }
        for p in parameters { try p.validate(points: points, evaluated: pointsEvaluated, configuration: c, fail: fail) }
        try validateHeatmap(fail: fail)
    }

    private func validateHeatmap(fail: (String) -> InputError) throws(InputError) {
        let c = configuration
        guard let names = c.heatmapAxes else {
            if heatmap != nil { throw fail("it has a heatmap but no heatmap axes") }
            return
        }
        guard let h = heatmap else { throw fail("its heatmap axes are \(names.joined(separator: ",")) but it has no heatmap") }
        let dims = names.map { n in c.axes.firstIndex { $0.name == n } }
        guard names.count == 2, c.domainKind == .grid, let a = dims[0], let b = dims[1], a != b else {
            throw fail("heatmap axes \(names.joined(separator: ",")) are not two axes of its grid")
        }
        let axisSizes = [c.axes[a].count, c.axes[b].count]
        guard h.dimensions == [a, b], h.axisSizes == axisSizes, h.sizes == axisSizes.map(ErrorHeatmap.cellCount(forAxisOf:)),
              h.cells.count == h.sizes[0] * h.sizes[1]
        else { throw fail("its heatmap's shape does not match axes \(names.joined(separator: ",")) (\(axisSizes[0]) x \(axisSizes[1]) values)") }
        guard h.cells.allSatisfy({ $0 >= 0 || $0 == ErrorHeatmap.empty }) else {
            throw fail("its heatmap has a cell that is neither a relative error nor empty")
        }
    }
}

extension ParameterSummary {
    func validate(points: Int, evaluated: Int, configuration c: SweepConfiguration,
                  fail: (String) -> InputError) throws(InputError) {
        let name = parameter
        let counts = [("agree", agree), ("inconclusive", inconclusive), ("mismatch", mismatch),
                      ("notDifferentiable", notDifferentiable), ("nonFinite", nonFinite)]
        var total = 0
        for (field, n) in counts {
            guard n >= 0 else { throw fail("\(name).\(field) is \(n)") }
            let (t, overflow) = total.addingReportingOverflow(n)
            guard !overflow else { throw fail("\(name)'s counts add up to more than can be counted") }
            total = t
        }
        guard total == evaluated else {
            throw fail("\(name)'s counts add up to \(total) points, but \(evaluated) were evaluated")
        }
        guard (0...notDifferentiable).contains(notDifferentiableFailures) else {
            throw fail("\(name).notDifferentiableFailures is \(notDifferentiableFailures) of \(notDifferentiable) not-differentiable points")
        }
        guard histogram.counts.count == ErrorHistogram.edges.count + 1 else {
            throw fail("\(name)'s histogram has \(histogram.counts.count) bins, not \(ErrorHistogram.edges.count + 1)")
        }
        var binned = 0
        for n in histogram.counts {
            guard n >= 0 else { throw fail("\(name)'s histogram has a count of \(n)") }
            let (t, overflow) = binned.addingReportingOverflow(n)
            guard !overflow else { throw fail("\(name)'s histogram counts add up to more than can be counted") }
            binned = t
        }
        guard binned == evaluated - nonFinite else {
            throw fail("\(name)'s histogram counts \(binned) points, but \(evaluated - nonFinite) finite points were evaluated")
        }
        guard worst.count <= Swift.min(c.worst, evaluated) else {
            throw fail("\(name)'s worst list has \(worst.count) points, more than --worst \(c.worst) or the \(evaluated) points evaluated")
        }
        var seen = Set<Int>()
        for e in worst.items {
            guard (0..<points).contains(e.point), seen.insert(e.point).inserted else {
                throw fail("\(name)'s worst list names point \(e.point) twice or outside 0..<\(points)")
            }
            guard e.at == nil || e.at!.count == c.axes.count else { throw fail("\(name)'s worst point \(e.point) has \(e.at!.count) coordinates") }
        }
        for (field, m) in [("maxAbsoluteError", maxAbsoluteError), ("maxRelativeError", maxRelativeError)] {
            guard let m else {
                if binned > 0 { throw fail("\(name) has finite points but no \(field)") }
                continue
            }
            guard binned > 0, (0..<points).contains(m.point), m.value >= 0 else {
                throw fail("\(name).\(field) names point \(m.point) with value \(m.value)")
            }
            guard m.at == nil || m.at!.count == c.axes.count else { throw fail("\(name).\(field) has \(m.at!.count) coordinates") }
        }
    }
}

extension SweepConfiguration {
    /// The network's parameters, from the `param` line of ``networkDefinition``.
    var parameterNames: [String] {
        guard let line = networkDefinition.split(separator: "\n").first(where: { $0.hasPrefix("param ") || $0 == "param" }) else { return [] }
        return line.split(separator: " ").dropFirst().map(String.init)
    }
}
