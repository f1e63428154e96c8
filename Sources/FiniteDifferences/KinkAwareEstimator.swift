/// Estimates `dLoss/dv` by any method, handling kinks (relu, abs at 0).
///
/// 1. If no kink argument changes sign across the method's stencil (every
///    point it may evaluate, at `h` and `2h`), the plain estimate is returned.
/// 2. Richardson first retries with a smaller initial step (halving, down to
///    the central-difference step), since it needs no particular step.
/// 3. If the point itself sits on a kink (an argument that changes sign
///    across the stencil is exactly 0 at the point), the result is
///    ``PartialEstimate/kink(left:right:)``: the second-order one-sided
///    differences `(3f(x) - 4f(x-s) + f(x-2s)) / 2s` and its mirror.
/// 4. Otherwise the derivative exists and is estimated with a one-sided
///    formula whose points all lie on the point's own side of the kink
///    (left- and right-looking both tried; the smaller error estimate wins).
///
/// One-sided steps start at the central step `cbrt(eps) max(1, |x|)` (or the
/// caller's step) and are halved, up to ``maximumHalvings`` times, until the
/// stencil's points (other than `x`) all lie on one side of every kink.
public enum KinkAwareEstimator {
    /// At most this many halvings (a factor of about 1e-6) when looking for a
    /// one-sided step; beyond that the rounding error would swamp the estimate.
    public static let maximumHalvings = 20

    public static func estimate(
        _ method: FiniteDifferenceMethod, _ f: LossFunction, step: Double? = nil,
        values: ((Double) -> Double)? = nil
    ) -> PartialEstimate {
        // The loss's values: `f` itself, or a caller's stand-in with the same
        // values (a ``LossReplay`` of values computed beforehand).
        let loss = values ?? f.callAsFunction
        let x = f.x
        if method == .complexStep {
            if let reason = ComplexStep.refusal(for: f.variable, in: f.network) { return .unavailable(reason: reason) }
            return .smooth(ComplexStep.estimate(of: f.complex, at: x, step: step))
        }
        // The rounding bound at x stands for the stencil's points (they are close).
        let floor = f.roundingError(x)
        let plain = { FiniteDifference.estimate(method, of: loss, at: x, step: step, noiseFloor: floor) }
        guard f.crossesKinks else { return .smooth(plain()) }

        let here = f.kinkSigns(x)
        let h = step.map { StepSize.representable($0, at: x) } ?? FiniteDifference.step(for: method, at: x)
        func straddles(_ offsets: [Double], _ h: Double) -> Bool {
            offsets.contains { f.kinkSigns(x + $0 * h) != here }
        }
        func straddles(absolute offsets: [Double]) -> Bool {
            offsets.contains { f.kinkSigns(x + $0) != here }
        }
        if method == .richardson {
            let smallest = FiniteDifference.step(for: .central, at: x)
            var h0 = h
            while h0 >= smallest {
                if !straddles(absolute: Richardson.offsets(initialStep: h0, at: x)) {
                    return .smooth(Richardson.estimate(of: loss, at: x, initialStep: h0, noiseFloor: floor))
                }
                h0 /= 2
            }
        } else if !straddles(DifferenceStencil.of(method)!.evaluatedOffsets, h) {
            return .smooth(plain())
        }

        let s0 = step.map { StepSize.representable($0, at: x) } ?? FiniteDifference.step(for: .central, at: x)
        let onKink = kinkAt(x, f, here: here, step: s0)
        func sided(_ stencil: DifferenceStencil, requireSameSideAsX: Bool) -> DerivativeEstimate? {
            var s = s0
            for _ in 0...maximumHalvings {
                let signs = stencil.evaluatedOffsets.filter { $0 != 0 }.map { f.kinkSigns(x + $0 * s) }
                if signs.allSatisfy({ $0 == signs[0] }), !requireSameSideAsX || signs[0] == here {
                    var e = stencil.estimate(of: loss, at: x, step: s, method: method, noiseFloor: floor)
                    e.method = method
                    return e
                }
                s = StepSize.representable(s / 2, at: x)
            }
            return nil
        }
        if onKink {
            if let left = sided(.leftSided, requireSameSideAsX: false),
               let right = sided(.rightSided, requireSameSideAsX: false) {
                return .kink(left: left, right: right)
            }
        } else {
            // Both sides are on x's side of the kink for a small enough step;
            // the side facing away from the kink needs no shrinking, so its
            // estimate is the more accurate one: keep the smaller error estimate.
            let left = sided(.leftSided, requireSameSideAsX: true)
            let right = sided(.rightSided, requireSameSideAsX: true)
            switch (left, right) {
            case let (l?, r?): return r.errorEstimate < l.errorEstimate ? .oneSided(r, side: .right) : .oneSided(l, side: .left)
            case let (l?, nil): return .oneSided(l, side: .left)
            case let (nil, r?): return .oneSided(r, side: .right)
            case (nil, nil): break
            }
        }
        return .unavailable(reason: "kinks of relu/abs lie on both sides of \(f.variable) = \(x) "
            + "closer than \(s0 / Double(1 << maximumHalvings)); no one-sided difference fits between them")
    }

    /// Whether `x` is on a kink: some kink argument is 0 at `x` and nonzero
    /// a step away on either side.
    static func kinkAt(_ x: Double, _ f: LossFunction, here: [Int8], step s: Double) -> Bool {
        let left = f.kinkSigns(x - s), right = f.kinkSigns(x + s)
        return here.indices.contains { here[$0] == 0 && (left[$0] != 0 || right[$0] != 0) }
    }
}
