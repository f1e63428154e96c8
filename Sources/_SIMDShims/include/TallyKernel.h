#ifndef GRADCHECK_TALLY_KERNEL_H
#define GRADCHECK_TALLY_KERNEL_H

// The per-point tally of the compiled sweep (Sources/GradientSweep/VerdictTally.swift):
// count points' verdicts and histogram bins for as long as none of them can
// change a parameter's extremes or worst list. Plain C for every architecture
// (no vector instruction): a loop without Swift's overflow checks and spills.

/// Counts points `i = 0, 1, …` of one parameter while each can be counted
/// (VerdictTally.count): its analytic value and estimate finite, its absolute
/// error `absolute[i]` below `absolute_threshold` and its relative error
/// `relative[i]` below `relative_threshold` (false for NaN), and, where
/// `straddle` is not NULL, `straddle[i] == 0` (no kink in its stencil). Such a
/// point adds 1 to `counts[code[i]]` (`code` 0 agree, 1 inconclusive, 2
/// mismatch) and to the histogram bin `counts[3 + base[E] + (r >= edge[E])]`, `E` the
/// biased exponent of `r = relative[i]` (ErrorHistogram.binadeBase, binadeEdge).
/// Returns the index of the first point that cannot be counted, or `n`.
static inline long gc_tally_n(const double *analytic, const double *estimate, const double *absolute,
                              const double *relative, const double *code, const double *straddle, long n,
                              double absolute_threshold, double relative_threshold, const unsigned char *base,
                              const double *edge, long *counts) {
    long agree = 0, inconclusive = 0, mismatch = 0, i = 0;
    long *const histogram = counts + 3;
    for (; i < n; i++) {
        const double r = relative[i];
        if (!(__builtin_isfinite(analytic[i]) && __builtin_isfinite(estimate[i]) && absolute[i] < absolute_threshold &&
              r < relative_threshold) || (straddle && straddle[i] != 0))
            break;
        const double k = code[i];
        agree += k == 0;
        inconclusive += k == 1;
        mismatch += k != 0 && k != 1;
        unsigned long long bits;
        __builtin_memcpy(&bits, &r, sizeof bits);
        const unsigned e = (unsigned)(bits >> 52) & 2047;
        histogram[base[e] + (r >= edge[e])] += 1;
    }
    counts[0] += agree;
    counts[1] += inconclusive;
    counts[2] += mismatch;
    return i;
}

#endif
