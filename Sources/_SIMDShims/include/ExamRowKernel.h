#ifndef GRADCHECK_EXAM_ROW_KERNEL_H
#define GRADCHECK_EXAM_ROW_KERNEL_H

// The exam network's sweep kernel for one row: one (x, w1) pair, every w2
// column and every label y (Sources/BatchEvaluator/ExamNetworkEvaluator.swift
// sets up the row and handles what this returns). Included by SIMDShims.h,
// after gc_sigmoid_bounded and gc_sigmoid_and_slope_bounded. The types are
// plain C on every architecture; the kernel exists on x86-64 only.
//
// Precision: the arithmetic is ExamNetworkEvaluator's, operation for
// operation, in IEEE double with round-to-nearest; every FMA is explicit and
// no other contraction happens (`fp contract(off)` in SIMDShims.h), so the
// results do not depend on the compiler's choices, the block or the thread.
// The sigmoids of losses are glibc-exact (see gc_sigmoid_bounded).

/// The per-row inputs. Column arrays hold `columns` doubles (a multiple of 4;
/// lanes at or past `valid_columns` are padding and always go to the caller).
typedef struct {
    // Row values: a1 = σ(x w1), a1(w1 ± h), σ'(z1) x, the row's bound factor R,
    // 1/(2 (w1₊ - w1₋)) and 2/(w1₊ - w1₋).
    double a1, a1_plus, a1_minus, slope_x, row_bound, half_gain1, gain1;
    const double *w2, *w2_plus, *w2_minus, *w2_half_gain, *w2_gain;
    long columns, valid_columns;
    const double *y;
    long labels;
    /// SIMDExp.table (see gc_exp_nonpositive).
    const unsigned long long *table;
    /// binadeEdge indexed by the biased exponent (LaneTally.Storage.edgeBase).
    const double *edge_base;
    double atol, rtol, widening, node_relative_error;
} gc_exam_row;

/// One parameter's counts, four lanes each, and the thresholds below which a
/// point cannot change the extremes or the worst list (LaneTally).
typedef struct {
    long long agree[4], within[4];
    long long points;
    double absolute_threshold, relative_threshold;
    /// Four tables of 2·66 keys, one per lane; key 2E + (r >= edge(E)) for the
    /// biased exponent E in 963...1028, table offset lane·132 + key - 2·963.
    long *counts;
} gc_lane_tally;

/// Four points the caller must record itself (ParameterSummary.record):
/// column `column…column+3` of label `label`, parameter 0 (w1) or 1 (w2).
typedef struct {
    long column, label, parameter;
    double analytic[4], estimate[4], error_estimate[4];
} gc_exam_candidate;

#if defined(__x86_64__)

GC_KERNEL static inline __m256d gc_abs(__m256d v) {
    return _mm256_andnot_pd(_mm256_set1_pd(-0.0), v);
}

/// A tally's state while a row runs, in registers: the counters, the
/// thresholds broadcast, the key tables.
typedef struct {
    __m256i agree, within;
    __m256d absolute_threshold, relative_threshold;
    long *counts;
    long long points;
} gc_tally_registers;

GC_KERNEL static inline gc_tally_registers gc_tally_load(const gc_lane_tally *t) {
    gc_tally_registers v;
    v.agree = _mm256_loadu_si256((const __m256i *)t->agree);
    v.within = _mm256_loadu_si256((const __m256i *)t->within);
    v.absolute_threshold = _mm256_set1_pd(t->absolute_threshold);
    v.relative_threshold = _mm256_set1_pd(t->relative_threshold);
    v.counts = t->counts;
    v.points = t->points;
    return v;
}

GC_KERNEL static inline void gc_tally_store(const gc_tally_registers *v, gc_lane_tally *t) {
    _mm256_storeu_si256((__m256i *)t->agree, v->agree);
    _mm256_storeu_si256((__m256i *)t->within, v->within);
    t->points = v->points;
}

/// One parameter's errors at four points: |analytic - estimate|, |estimate|,
/// the quotient |analytic - estimate| / |estimate| (0/0 = NaN, x/0 = inf),
/// and the relative error clamped below to 2^-60 (bin 0; 0/0 = NaN included).
typedef struct {
    __m256d difference, abs_estimate, quotient, relative;
} gc_errors;

GC_KERNEL static inline gc_errors gc_errors_of(__m256d analytic, __m256d estimate) {
    gc_errors e;
    e.difference = gc_abs(_mm256_sub_pd(analytic, estimate));
    e.abs_estimate = gc_abs(estimate);
    e.quotient = _mm256_div_pd(e.difference, e.abs_estimate);
    const __m256d smallest = _mm256_set1_pd(0x1p-60);
    e.relative = _mm256_blendv_pd(smallest, e.quotient, _mm256_cmp_pd(e.quotient, smallest, _CMP_GE_OQ));
    return e;
}

/// Whether all four points are below both thresholds, so that none can change
/// the extremes or the worst list; false for NaN or infinite errors.
GC_KERNEL static inline int gc_below(const gc_errors *e, const gc_tally_registers *t) {
    const __m256d below = _mm256_and_pd(_mm256_cmp_pd(e->difference, t->absolute_threshold, _CMP_LT_OQ),
                                        _mm256_cmp_pd(e->relative, t->relative_threshold, _CMP_LT_OQ));
    return _mm256_movemask_pd(below) == 15;
}

/// Verdicts and histogram of four points of one parameter (LaneTally): agree
/// when difference <= atol + rtol |estimate|, within the allowance when
/// difference <= that + widening · error estimate (Verdict.judge).
GC_KERNEL static inline void gc_tally_count(gc_tally_registers *t, const gc_errors *e, __m256d error_estimate,
                                            const gc_exam_row *r) {
    const __m256d base = _mm256_add_pd(_mm256_set1_pd(r->atol), _mm256_mul_pd(_mm256_set1_pd(r->rtol), e->abs_estimate));
    const __m256d allowance = _mm256_add_pd(base, _mm256_mul_pd(_mm256_set1_pd(r->widening), error_estimate));
    // A true compare is all ones (-1): subtracting it counts.
    t->agree = _mm256_sub_epi64(t->agree, _mm256_castpd_si256(_mm256_cmp_pd(e->difference, base, _CMP_LE_OQ)));
    t->within = _mm256_sub_epi64(t->within, _mm256_castpd_si256(_mm256_cmp_pd(e->difference, allowance, _CMP_LE_OQ)));
    t->points += 4;
    // Histogram key: clamp above to 32 (last bin), exponent E, one edge per binade.
    const __m256d clamped = _mm256_min_pd(e->relative, _mm256_set1_pd(32.0));
    const __m256i exponent = _mm256_srli_epi64(_mm256_castpd_si256(clamped), 52);
    const __m256d edge = _mm256_i64gather_pd(r->edge_base, exponent, 8);
    const __m256i above = _mm256_castpd_si256(_mm256_cmp_pd(clamped, edge, _CMP_GE_OQ));
    const __m256i lane_base = _mm256_set_epi64x(3 * 132 - 2 * 963, 2 * 132 - 2 * 963, 132 - 2 * 963, -2 * 963);
    const __m256i key = _mm256_sub_epi64(_mm256_add_epi64(_mm256_slli_epi64(exponent, 1), lane_base), above);
    const __m128i lo = _mm256_castsi256_si128(key), hi = _mm256_extracti128_si256(key, 1);
    t->counts[_mm_cvtsi128_si64(lo)] += 1;
    t->counts[_mm_extract_epi64(lo, 1)] += 1;
    t->counts[_mm_cvtsi128_si64(hi)] += 1;
    t->counts[_mm_extract_epi64(hi, 1)] += 1;
}

/// The heatmap's running maximum with four more points' relative errors, as
/// PointError.relative: the quotient, 0 for 0/0 (max_pd returns its second
/// operand when the first is NaN), inf for x/0. Only for points the tally
/// counts, which are finite (a finite difference needs a finite analytic
/// value and estimate); the caller records every other point.
GC_KERNEL static inline __m256d gc_heat_max(__m256d heat, const gc_errors *e) {
    return _mm256_max_pd(_mm256_max_pd(e->quotient, _mm256_setzero_pd()), heat);
}

/// Appends four points to the candidates.
GC_KERNEL static inline void gc_candidate_put(gc_exam_candidate *c, long column, long label, long parameter,
                                              __m256d analytic, __m256d estimate, __m256d error_estimate) {
    c->column = column;
    c->label = label;
    c->parameter = parameter;
    _mm256_storeu_pd(c->analytic, analytic);
    _mm256_storeu_pd(c->estimate, estimate);
    _mm256_storeu_pd(c->error_estimate, error_estimate);
}

/// The body of gc_exam_row_run, with `heatmap` a constant at each call so that
/// the version without a heatmap does no heatmap work.
GC_KERNEL static inline long gc_exam_row_body(const gc_exam_row *r, gc_lane_tally *tally1, gc_lane_tally *tally2,
                                              long column, gc_exam_candidate *out, long capacity, long *count,
                                              double *row_max, const int heatmap) {
    const unsigned long long *table = r->table;
    const __m256d a1 = _mm256_set1_pd(r->a1);
    const __m256d a1_plus = _mm256_set1_pd(r->a1_plus), a1_minus = _mm256_set1_pd(r->a1_minus);
    const __m256d slope_x = _mm256_set1_pd(r->slope_x), row_bound = _mm256_set1_pd(r->row_bound);
    const __m256d half_gain1 = _mm256_set1_pd(r->half_gain1), gain1 = _mm256_set1_pd(r->gain1);
    const __m256d half = _mm256_set1_pd(0.5), node_error = _mm256_set1_pd(r->node_relative_error);
    gc_tally_registers t1 = gc_tally_load(tally1), t2 = gc_tally_load(tally2);
    __m256d heat = _mm256_set1_pd(-1.0);
    long n = 0;
    long j = column;
    for (; j < r->columns; j += 4) {
        if (capacity - n < 2 * r->labels) break;
        // Per triple (label-free): 5 sigmoids, the gradient factors and S.
        const __m256d w2 = _mm256_loadu_pd(r->w2 + j);
        const __m256d z2 = _mm256_mul_pd(a1, w2);
        double slope_memory[4];
        const __m256d a2 = (__m256d)gc_sigmoid_and_slope_bounded((gc_double4)z2, table, slope_memory);
        const __m256d slope2 = _mm256_loadu_pd(slope_memory);
        const __m256d a2_w1_plus = (__m256d)gc_sigmoid_bounded((gc_double4)_mm256_mul_pd(a1_plus, w2), table);
        const __m256d a2_w1_minus = (__m256d)gc_sigmoid_bounded((gc_double4)_mm256_mul_pd(a1_minus, w2), table);
        const __m256d a2_w2_plus =
            (__m256d)gc_sigmoid_bounded((gc_double4)_mm256_mul_pd(a1, _mm256_loadu_pd(r->w2_plus + j)), table);
        const __m256d a2_w2_minus =
            (__m256d)gc_sigmoid_bounded((gc_double4)_mm256_mul_pd(a1, _mm256_loadu_pd(r->w2_minus + j)), table);
        const __m256d half_gain2 = _mm256_loadu_pd(r->w2_half_gain + j), gain2 = _mm256_loadu_pd(r->w2_gain + j);
        // ∂L/∂w = d · factor; Σ|∂L/∂v||v| = |d| (S + |y|) + |L|.
        const __m256d factor2 = _mm256_mul_pd(slope2, a1);
        const __m256d factor1 = _mm256_mul_pd(_mm256_mul_pd(slope2, w2), slope_x);
        const __m256d triple_bound = _mm256_add_pd(
            _mm256_mul_pd(gc_abs(slope2), _mm256_add_pd(_mm256_mul_pd(gc_abs(w2), row_bound), gc_abs(z2))), gc_abs(a2));
        const int padded = j + 4 > r->valid_columns;
        for (long iy = 0; iy < r->labels; iy++) {
            const __m256d y = _mm256_set1_pd(r->y[iy]);
            const __m256d d = _mm256_sub_pd(a2, y);
            const __m256d loss = _mm256_mul_pd(half, _mm256_mul_pd(d, d));
            const __m256d p1 = _mm256_sub_pd(a2_w1_plus, y), m1 = _mm256_sub_pd(a2_w1_minus, y);
            const __m256d p2 = _mm256_sub_pd(a2_w2_plus, y), m2 = _mm256_sub_pd(a2_w2_minus, y);
            // Central differences: ((a₊ - y)² - (a₋ - y)²) · 1/(2 (w₊ - w₋)).
            const __m256d fd1 = _mm256_mul_pd(_mm256_sub_pd(_mm256_mul_pd(p1, p1), _mm256_mul_pd(m1, m1)), half_gain1);
            const __m256d fd2 = _mm256_mul_pd(_mm256_sub_pd(_mm256_mul_pd(p2, p2), _mm256_mul_pd(m2, m2)), half_gain2);
            const __m256d g1 = _mm256_mul_pd(d, factor1), g2 = _mm256_mul_pd(d, factor2);
            const __m256d loss_error = _mm256_mul_pd(
                _mm256_add_pd(_mm256_mul_pd(gc_abs(d), _mm256_add_pd(triple_bound, gc_abs(y))), loss), node_error);
            const __m256d e1 = _mm256_mul_pd(loss_error, gain1), e2 = _mm256_mul_pd(loss_error, gain2);
            const gc_errors errors1 = gc_errors_of(g1, fd1), errors2 = gc_errors_of(g2, fd2);
            const int below1 = gc_below(&errors1, &t1), below2 = gc_below(&errors2, &t2);
            if (__builtin_expect(!padded && below1 && below2, 1)) {
                gc_tally_count(&t1, &errors1, e1, r);
                gc_tally_count(&t2, &errors2, e2, r);
                if (heatmap) heat = gc_heat_max(gc_heat_max(heat, &errors1), &errors2);
            } else {
                if (!padded && below1) {
                    gc_tally_count(&t1, &errors1, e1, r);
                    if (heatmap) heat = gc_heat_max(heat, &errors1);
                } else {
                    gc_candidate_put(&out[n++], j, iy, 0, g1, fd1, e1);
                }
                if (!padded && below2) {
                    gc_tally_count(&t2, &errors2, e2, r);
                    if (heatmap) heat = gc_heat_max(heat, &errors2);
                } else {
                    gc_candidate_put(&out[n++], j, iy, 1, g2, fd2, e2);
                }
            }
        }
    }
    gc_tally_store(&t1, tally1);
    gc_tally_store(&t2, tally2);
    if (heatmap) {
        double lanes[4];
        _mm256_storeu_pd(lanes, heat);
        for (int l = 0; l < 4; l++) {
            if (lanes[l] > *row_max) *row_max = lanes[l];
        }
    }
    *count = n;
    return j;
}

/// Evaluates the row from column `column` (a multiple of 4): for each group
/// of four w2 columns, the 5 sigmoids of the triples, then per label the two
/// central differences, gradients, error estimates, verdicts and histogram
/// (`tally1` for w1, `tally2` for w2). Points that are not gc_below the thresholds,
/// and every group with padding lanes, go to `out`. Stops before a group when
/// fewer than 2·labels slots are left (`capacity` must be at least that) and
/// returns the column to resume from (`columns` when the row is done);
/// `*count` is the number of candidates written. With `row_max` (the
/// heatmap; NULL for none), `*row_max` becomes the larger of itself and the
/// relative error (gc_heat_max) of every point counted here, the candidates
/// excepted: the caller records those.
GC_ENTRY static inline long gc_exam_row_run(const gc_exam_row *r, gc_lane_tally *tally1, gc_lane_tally *tally2,
                                            long column, gc_exam_candidate *out, long capacity, long *count,
                                            double *row_max) {
    return row_max ? gc_exam_row_body(r, tally1, tally2, column, out, capacity, count, row_max, 1)
                   : gc_exam_row_body(r, tally1, tally2, column, out, capacity, count, 0, 0);
}

#endif
#endif
