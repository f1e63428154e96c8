#ifndef GRADCHECK_EXAM_ROW_KERNEL_H
#define GRADCHECK_EXAM_ROW_KERNEL_H

// The exam network's sweep kernel for one row: one (x, w1) pair, every w2
// column and every label y (Sources/GradientSweep/ExamNetworkEvaluator.swift
// sets up the row and handles what this returns). Included by SIMDShims.h,
// after gc_sigmoid_bounded and gc_sigmoid_and_slope_bounded. The types are
// plain C on every architecture; the kernel exists on x86-64 only.
//
// Precision: the arithmetic is ExamNetworkEvaluator's, operation for
// operation, in IEEE double with round-to-nearest; every FMA is explicit and
// no other contraction happens (`fp contract(off)` in SIMDShims.h), so the
// results do not depend on the compiler's choices, the block or the thread.
// The sigmoids of losses are glibc-exact (see gc_sigmoid_bounded).
//
// Shape: a row is done in chunks of up to GC_EXAM_CHUNK columns, each in
// short loops rather than one long one, so that the out-of-order core keeps
// many iterations in flight (one long loop body left it waiting on the exp's
// table loads and the divisions): (1) the sigmoids' arguments and the first
// half of their exps, (2) the second half, the sigmoids, the gradient
// factors, (3) per label and parameter the differences, errors, verdicts,
// and the relative errors to histogram, (4) the histogram keys, counted in
// scalar code (a vector gather and four read-modify-writes at addresses known
// late cost more than the whole verdict).

/// The per-row inputs. Column arrays hold `columns` doubles (a multiple of 4;
/// lanes at or past `valid_columns` are padding and always go to the caller).
typedef struct {
    // Row values: a1 = σ(x w1), a1(w1 ± h), σ'(z1) x, the row's bound factor R,
    // 1/(2 (w1₊ - w1₋)) and 2/(w1₊ - w1₋); a1(w1 ± 2h) and 1/(2 (w1₊₂ - w1₋₂))
    // for the truncation estimate |D(h) - D(2h)|.
    double a1, a1_plus, a1_minus, slope_x, row_bound, half_gain1, gain1;
    double a1_plus2, a1_minus2, half_gain1_2;
    const double *w2, *w2_plus, *w2_minus, *w2_half_gain, *w2_gain;
    const double *w2_plus2, *w2_minus2, *w2_half_gain2;
    long columns, valid_columns;
    const double *y;
    long labels;
    /// SIMDExp.table (see gc_exp_nonpositive).
    const unsigned long long *table;
    /// binadeEdge indexed by the biased exponent (LaneTally.Storage.edgeBase).
    const double *edge_base;
    double atol, rtol, widening, node_relative_error;
    /// Claimed gradients for w1 and w2 (`--claim`), or NULL for the network's
    /// own: label iy's value at column `column + i` of the chunk is at
    /// [iy · GC_EXAM_CHUNK + i] (see gc_exam_chunk_labels).
    const double *claim1, *claim2;
} gc_exam_row;

/// One parameter's counts, four lanes each, and the thresholds below which a
/// point cannot change the extremes or the worst list (LaneTally).
typedef struct {
    long long agree[4], within[4];
    long long points;
    double absolute_threshold, relative_threshold;
    /// Four tables of 2·66 keys; key 2E + (r >= edge(E)) for the biased
    /// exponent E in 963...1028 of a relative error r, at table offset
    /// t·132 + key - 2·963, consecutive errors in consecutive tables.
    long *counts;
} gc_lane_tally;

/// Four points the caller must record itself (ParameterSummary.record):
/// column `column…column+3` of label `label`, parameter 0 (w1) or 1 (w2).
typedef struct {
    long column, label, parameter;
    double analytic[4], estimate[4], error_estimate[4];
} gc_exam_candidate;

/// Columns per chunk.
#define GC_EXAM_CHUNK 64

/// The label-free values of a chunk's triples (x, w1, w2): a2 and its eight
/// perturbed copies (each weight ± h and ± 2h), the gradient factors and the
/// bound S of the error estimate.
typedef struct {
    double a2[GC_EXAM_CHUNK], a2_w1_plus[GC_EXAM_CHUNK], a2_w1_minus[GC_EXAM_CHUNK];
    double a2_w2_plus[GC_EXAM_CHUNK], a2_w2_minus[GC_EXAM_CHUNK];
    double a2_w1_plus2[GC_EXAM_CHUNK], a2_w1_minus2[GC_EXAM_CHUNK];
    double a2_w2_plus2[GC_EXAM_CHUNK], a2_w2_minus2[GC_EXAM_CHUNK];
    double factor1[GC_EXAM_CHUNK], factor2[GC_EXAM_CHUNK], triple_bound[GC_EXAM_CHUNK];
} gc_exam_triples;

#if defined(__x86_64__)

GC_KERNEL static inline __m256d gc_abs(__m256d v) {
    return _mm256_andnot_pd(_mm256_set1_pd(-0.0), v);
}


/// A tally's state while a row runs, in registers: the counters, the
/// thresholds broadcast, and the relative errors waiting to be histogrammed.
typedef struct {
    __m256i agree, within;
    __m256d absolute_threshold, relative_threshold;
    long long points;
    /// Relative errors clamped to [2^-60, 32], four lanes per group, `pending` of them.
    double *relative;
    long pending;
} gc_tally_registers;

GC_KERNEL static inline gc_tally_registers gc_tally_load(const gc_lane_tally *t, double *relative) {
    gc_tally_registers v;
    v.agree = _mm256_loadu_si256((const __m256i *)t->agree);
    v.within = _mm256_loadu_si256((const __m256i *)t->within);
    v.absolute_threshold = _mm256_set1_pd(t->absolute_threshold);
    v.relative_threshold = _mm256_set1_pd(t->relative_threshold);
    v.points = t->points;
    v.relative = relative;
    v.pending = 0;
    return v;
}

/// Histograms the pending relative errors (a multiple of 4): the q-th goes
/// to key 2E + (r >= edge(E)) of table q mod 4, E its biased exponent (LaneTally).
/// r and the edges are non-negative (or NaN edges, where a binade holds no
/// edge), so comparing their bit patterns as integers compares the values,
/// NaN edges comparing false.
GC_KERNEL static inline void gc_tally_histogram(gc_tally_registers *v, const gc_lane_tally *t, const double *edge_base) {
    const unsigned long long *bits = (const unsigned long long *)v->relative;
    const unsigned long long *edges = (const unsigned long long *)edge_base;
    long *const c0 = t->counts - 2 * 963, *const c1 = c0 + 132, *const c2 = c0 + 2 * 132, *const c3 = c0 + 3 * 132;
    for (long q = 0; q < v->pending; q += 4) {
        const unsigned long long b0 = bits[q], b1 = bits[q + 1], b2 = bits[q + 2], b3 = bits[q + 3];
        const unsigned long long e0 = b0 >> 52, e1 = b1 >> 52, e2 = b2 >> 52, e3 = b3 >> 52;
        c0[2 * e0 + (b0 >= edges[e0])] += 1;
        c1[2 * e1 + (b1 >= edges[e1])] += 1;
        c2[2 * e2 + (b2 >= edges[e2])] += 1;
        c3[2 * e3 + (b3 >= edges[e3])] += 1;
    }
    v->pending = 0;
}

GC_KERNEL static inline void gc_tally_store(const gc_tally_registers *v, gc_lane_tally *t) {
    _mm256_storeu_si256((__m256i *)t->agree, v->agree);
    _mm256_storeu_si256((__m256i *)t->within, v->within);
    t->points = v->points;
}

/// One parameter's errors at four points: |analytic - estimate|, |estimate|,
/// the quotient |analytic - estimate| / |estimate| (0/0 = NaN, x/0 = inf),
/// and the relative error clamped below to 2^-60 (bin 0; 0/0 = NaN included:
/// max_pd returns its second operand when the first is NaN).
typedef struct {
    __m256d difference, abs_estimate, quotient, relative;
} gc_errors;

GC_KERNEL static inline gc_errors gc_errors_of(__m256d analytic, __m256d estimate) {
    gc_errors e;
    e.difference = gc_abs(_mm256_sub_pd(analytic, estimate));
    e.abs_estimate = gc_abs(estimate);
    e.quotient = _mm256_div_pd(e.difference, e.abs_estimate);
    e.relative = _mm256_max_pd(e.quotient, _mm256_set1_pd(0x1p-60));
    return e;
}

/// Whether all four points are below both thresholds, so that none can change
/// the extremes or the worst list; false for NaN or infinite errors.
GC_KERNEL static inline int gc_below(const gc_errors *e, const gc_tally_registers *t) {
    const __m256d below = _mm256_and_pd(_mm256_cmp_pd(e->difference, t->absolute_threshold, _CMP_LT_OQ),
                                        _mm256_cmp_pd(e->relative, t->relative_threshold, _CMP_LT_OQ));
    return _mm256_movemask_pd(below) == 15;
}

/// Verdicts of four points of one parameter (LaneTally): agree when
/// difference <= atol + rtol |estimate|, within the allowance when
/// difference <= that + widening · error estimate or the error estimate is NaN (Verdict.judge); their
/// relative errors, clamped above to 32 (the last bin), join the pending ones.
GC_KERNEL static inline void gc_tally_count(gc_tally_registers *t, const gc_errors *e, __m256d error_estimate,
                                            const gc_exam_row *r) {
    const __m256d base = _mm256_add_pd(_mm256_set1_pd(r->atol), _mm256_mul_pd(_mm256_set1_pd(r->rtol), e->abs_estimate));
    const __m256d allowance = _mm256_add_pd(base, _mm256_mul_pd(_mm256_set1_pd(r->widening), error_estimate));
    // A true compare is all ones (-1): subtracting it counts.
    t->agree = _mm256_sub_epi64(t->agree, _mm256_castpd_si256(_mm256_cmp_pd(e->difference, base, _CMP_LE_OQ)));
    // A NaN error estimate (its bound unknown) is within: inconclusive unless it agrees.
    const __m256d within = _mm256_or_pd(_mm256_cmp_pd(e->difference, allowance, _CMP_LE_OQ),
                                        _mm256_cmp_pd(error_estimate, error_estimate, _CMP_UNORD_Q));
    t->within = _mm256_sub_epi64(t->within, _mm256_castpd_si256(within));
    t->points += 4;
    _mm256_storeu_pd(t->relative + t->pending, _mm256_min_pd(e->relative, _mm256_set1_pd(32.0)));
    t->pending += 4;
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

/// The first half of e^-|z| (gc_exp_reduce), stored at index 0 of the three arrays.
GC_KERNEL static inline void gc_exp_stage1(__m256d z, const unsigned long long *table, double *r_out, double *tail_out,
                                           double *scale_out) {
    const gc_exp_reduced e = gc_exp_reduce(_mm256_or_pd(z, _mm256_set1_pd(-0.0)), table);
    _mm256_store_pd(r_out, e.r);
    _mm256_store_pd(tail_out, e.tail);
    _mm256_store_pd(scale_out, e.scale);
}

/// The second half (gc_exp_finish), from stage one's values.
GC_KERNEL static inline __m256d gc_exp_stage2(const double *r_in, const double *tail_in, const double *scale_in) {
    return gc_exp_finish(_mm256_load_pd(r_in), _mm256_load_pd(tail_in), _mm256_load_pd(scale_in));
}

/// The 9 sigmoids of the triples of columns [first, first + count) (`count`
/// a multiple of 4, at most GC_EXAM_CHUNK), stored from index 0, and the
/// gradient factors: ∂L/∂w = d · factor, Σ|∂L/∂v||v| = |d| (S + |y|) + |L|.
/// The same operations as gc_sigmoid_and_slope_bounded (a2 and its slope)
/// and gc_sigmoid_bounded (the perturbed copies), in two loops.
GC_KERNEL static inline void gc_exam_triples_run(const gc_exam_row *r, long first, long count, gc_exam_triples *t) {
    const unsigned long long *table = r->table;
    const __m256d a1 = _mm256_set1_pd(r->a1);
    const __m256d a1_plus = _mm256_set1_pd(r->a1_plus), a1_minus = _mm256_set1_pd(r->a1_minus);
    const __m256d a1_plus2 = _mm256_set1_pd(r->a1_plus2), a1_minus2 = _mm256_set1_pd(r->a1_minus2);
    const __m256d slope_x = _mm256_set1_pd(r->slope_x), row_bound = _mm256_set1_pd(r->row_bound);
    double stage[3][9][GC_EXAM_CHUNK] __attribute__((aligned(32)));
#define GC_EXAM_Z(w2, j)                                                                                              \
    {_mm256_mul_pd(a1, w2), _mm256_mul_pd(a1_plus, w2), _mm256_mul_pd(a1_minus, w2),                                  \
     _mm256_mul_pd(a1, _mm256_loadu_pd(r->w2_plus + j)), _mm256_mul_pd(a1, _mm256_loadu_pd(r->w2_minus + j)),          \
     _mm256_mul_pd(a1_plus2, w2), _mm256_mul_pd(a1_minus2, w2),                                                        \
     _mm256_mul_pd(a1, _mm256_loadu_pd(r->w2_plus2 + j)), _mm256_mul_pd(a1, _mm256_loadu_pd(r->w2_minus2 + j))}
    for (long i = 0; i < count; i += 4) {
        const long j = first + i;
        const __m256d w2 = _mm256_loadu_pd(r->w2 + j);
        const __m256d z[9] = GC_EXAM_Z(w2, j);
        for (int s = 0; s < 9; s++) gc_exp_stage1(z[s], table, stage[0][s] + i, stage[1][s] + i, stage[2][s] + i);
    }
    const __m256d one = _mm256_set1_pd(1.0), zero = _mm256_setzero_pd();
    double *const outs[9] = {t->a2, t->a2_w1_plus, t->a2_w1_minus, t->a2_w2_plus, t->a2_w2_minus,
                             t->a2_w1_plus2, t->a2_w1_minus2, t->a2_w2_plus2, t->a2_w2_minus2};
    for (long i = 0; i < count; i += 4) {
        const long j = first + i;
        const __m256d w2 = _mm256_loadu_pd(r->w2 + j);
        const __m256d z2 = _mm256_mul_pd(a1, w2);
        // σ(z) and σ'(z) = σ(z)σ(-z) with one division: {σ(z), σ(-z)} = {q, e q}, q = 1/(1 + e).
        const __m256d e = gc_exp_stage2(stage[0][0] + i, stage[1][0] + i, stage[2][0] + i);
        const __m256d large = _mm256_div_pd(one, _mm256_add_pd(one, e));
        const __m256d small = _mm256_mul_pd(e, large);
        const __m256d a2 = _mm256_blendv_pd(small, large, _mm256_cmp_pd(z2, zero, _CMP_GE_OQ));
        const __m256d slope2 = _mm256_mul_pd(large, small);
        _mm256_store_pd(t->a2 + i, a2);
        const __m256d z[9] = GC_EXAM_Z(w2, j);
        // 1/(1 + e^-z) for z >= 0, e^z/(1 + e^z) otherwise.
        for (int s = 1; s < 9; s++) {
            const __m256d es = gc_exp_stage2(stage[0][s] + i, stage[1][s] + i, stage[2][s] + i);
            const __m256d numerator = _mm256_blendv_pd(es, one, _mm256_cmp_pd(z[s], zero, _CMP_GE_OQ));
            _mm256_store_pd(outs[s] + i, _mm256_div_pd(numerator, _mm256_add_pd(one, es)));
        }
        _mm256_store_pd(t->factor2 + i, _mm256_mul_pd(slope2, a1));
        _mm256_store_pd(t->factor1 + i, _mm256_mul_pd(_mm256_mul_pd(slope2, w2), slope_x));
        _mm256_store_pd(t->triple_bound + i,
                        _mm256_add_pd(_mm256_mul_pd(gc_abs(slope2), _mm256_add_pd(_mm256_mul_pd(gc_abs(w2), row_bound), gc_abs(z2))),
                                      gc_abs(a2)));
    }
#undef GC_EXAM_Z
}

/// One parameter and one label over a chunk's groups: the central
/// difference, the analytic gradient, the error estimate, the verdicts and
/// the relative errors to histogram; groups that may change the extremes or
/// the worst list (or hold padding) are appended to `out` instead.
/// `parameter` 0 is w1 (one step for the row: `half_gain` and `gain`
/// broadcast), 1 is w2 (per column). Candidates come in the order
/// (label, parameter, column); ParameterSummary's results do not depend on
/// the order of its records (ties go to the lower point index).
GC_KERNEL static inline long gc_exam_label_run(const gc_exam_row *r, const gc_exam_triples *t, const double *d_in,
                                               const double *loss_error_in, long chunk_start, long chunk, long iy,
                                               const int parameter, gc_tally_registers *tally, gc_exam_candidate *out,
                                               long n, __m256d *heat, const int heatmap) {
    const double *plus = parameter == 0 ? t->a2_w1_plus : t->a2_w2_plus;
    const double *minus = parameter == 0 ? t->a2_w1_minus : t->a2_w2_minus;
    const double *plus2 = parameter == 0 ? t->a2_w1_plus2 : t->a2_w2_plus2;
    const double *minus2 = parameter == 0 ? t->a2_w1_minus2 : t->a2_w2_minus2;
    const __m256d quarter = _mm256_set1_pd(0.25);
    const double *factor = parameter == 0 ? t->factor1 : t->factor2;
    const double *claim = parameter == 0 ? r->claim1 : r->claim2;
    if (claim) claim += iy * GC_EXAM_CHUNK;
    const __m256d y = _mm256_set1_pd(r->y[iy]);
    gc_tally_registers v = *tally;
    __m256d h = *heat;
    for (long i = 0; i < chunk; i += 4) {
        const long j = chunk_start + i;
        const __m256d half_gain = parameter == 0 ? _mm256_set1_pd(r->half_gain1) : _mm256_loadu_pd(r->w2_half_gain + j);
        const __m256d gain = parameter == 0 ? _mm256_set1_pd(r->gain1) : _mm256_loadu_pd(r->w2_gain + j);
        const __m256d half_gain2 = parameter == 0 ? _mm256_set1_pd(r->half_gain1_2) : _mm256_loadu_pd(r->w2_half_gain2 + j);
        const __m256d p = _mm256_sub_pd(_mm256_load_pd(plus + i), y), m = _mm256_sub_pd(_mm256_load_pd(minus + i), y);
        // Central difference: ((a₊ - y)² - (a₋ - y)²) · 1/(2 (w₊ - w₋)).
        const __m256d fd = _mm256_mul_pd(_mm256_sub_pd(_mm256_mul_pd(p, p), _mm256_mul_pd(m, m)), half_gain);
        const __m256d p2 = _mm256_sub_pd(_mm256_load_pd(plus2 + i), y), m2 = _mm256_sub_pd(_mm256_load_pd(minus2 + i), y);
        const __m256d fd2 = _mm256_mul_pd(_mm256_sub_pd(_mm256_mul_pd(p2, p2), _mm256_mul_pd(m2, m2)), half_gain2);
        const __m256d g = claim ? _mm256_loadu_pd(claim + i) : _mm256_mul_pd(_mm256_load_pd(d_in + i), _mm256_load_pd(factor + i));
        // Rounding, e_L · 2/(w₊ - w₋), plus truncation, |D(h) - D(2h)|, infinite where that
        // exceeds |D(h)|/4 (StencilErrorModel.centralTruncation).
        const __m256d spread = gc_abs(_mm256_sub_pd(fd, fd2));
        const __m256d resolved = _mm256_cmp_pd(spread, _mm256_mul_pd(quarter, gc_abs(fd)), _CMP_LE_OQ);
        const __m256d truncation = _mm256_blendv_pd(_mm256_set1_pd(__builtin_inf()), spread, resolved);
        const __m256d e = _mm256_add_pd(_mm256_mul_pd(_mm256_load_pd(loss_error_in + i), gain), truncation);
        const gc_errors errors = gc_errors_of(g, fd);
        if (__builtin_expect(j + 4 <= r->valid_columns && gc_below(&errors, &v), 1)) {
            gc_tally_count(&v, &errors, e, r);
            if (heatmap) h = gc_heat_max(h, &errors);
        } else {
            gc_candidate_put(&out[n++], j, iy, parameter, g, fd, e);
        }
    }
    *tally = v;
    *heat = h;
    return n;
}

/// Label iy's share of every group of the chunk, for both parameters:
/// d = a2 - y and the rounding error of the loss, node_error (|d| (S + |y|) + L).
GC_KERNEL static inline void gc_exam_label_values(const gc_exam_row *r, const gc_exam_triples *t, long chunk, long iy,
                                                  double *d_out, double *loss_error_out) {
    const __m256d y = _mm256_set1_pd(r->y[iy]);
    const __m256d abs_y = gc_abs(y);
    const __m256d half = _mm256_set1_pd(0.5), node_error = _mm256_set1_pd(r->node_relative_error);
    for (long i = 0; i < chunk; i += 4) {
        const __m256d d = _mm256_sub_pd(_mm256_load_pd(t->a2 + i), y);
        const __m256d loss = _mm256_mul_pd(half, _mm256_mul_pd(d, d));
        _mm256_store_pd(d_out + i, d);
        _mm256_store_pd(loss_error_out + i,
                        _mm256_mul_pd(_mm256_add_pd(_mm256_mul_pd(gc_abs(d), _mm256_add_pd(_mm256_load_pd(t->triple_bound + i), abs_y)), loss),
                                      node_error));
    }
}

/// The body of gc_exam_chunk_labels, with `heatmap` a constant at each call so that
/// the version without a heatmap does no heatmap work.
GC_KERNEL static inline long gc_exam_labels_body(const gc_exam_row *r, const gc_exam_triples *triples,
                                                 gc_lane_tally *tally1, gc_lane_tally *tally2, long column, long chunk,
                                                 gc_exam_candidate *out, long *count, double *row_max, const int heatmap) {
    double relative[GC_EXAM_CHUNK] __attribute__((aligned(32)));
    gc_tally_registers t1 = gc_tally_load(tally1, relative), t2 = gc_tally_load(tally2, relative);
    __m256d heat = _mm256_set1_pd(-1.0);
    long n = 0;
    double d[GC_EXAM_CHUNK] __attribute__((aligned(32))), loss_error[GC_EXAM_CHUNK] __attribute__((aligned(32)));
    for (long iy = 0; iy < r->labels; iy++) {
        gc_exam_label_values(r, triples, chunk, iy, d, loss_error);
        n = gc_exam_label_run(r, triples, d, loss_error, column, chunk, iy, 0, &t1, out, n, &heat, heatmap);
        gc_tally_histogram(&t1, tally1, r->edge_base);
        n = gc_exam_label_run(r, triples, d, loss_error, column, chunk, iy, 1, &t2, out, n, &heat, heatmap);
        gc_tally_histogram(&t2, tally2, r->edge_base);
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
    return column + chunk;
}

/// The number of columns of the chunk from `column` (a multiple of 4): up to
/// GC_EXAM_CHUNK, fewer when `capacity` (at least 2·labels) could not hold a
/// candidate for every group of every label and parameter, or at the row's end.
GC_ENTRY static inline long gc_exam_chunk(const gc_exam_row *r, long column, long capacity) {
    const long groups = capacity / (2 * r->labels);
    const long chunk = 4 * (groups < GC_EXAM_CHUNK / 4 ? groups : GC_EXAM_CHUNK / 4);
    return chunk < r->columns - column ? chunk : r->columns - column;
}

/// Pass one of a chunk (gc_exam_triples_run); a caller with claims evaluates
/// them from the triples' a2 before pass two (gc_exam_chunk_labels).
GC_ENTRY static inline void gc_exam_chunk_triples(const gc_exam_row *r, long column, long chunk, gc_exam_triples *t) {
    gc_exam_triples_run(r, column, chunk, t);
}

/// Pass two of a chunk: per label the two central differences, gradients (the
/// network's, or r->claim1/claim2), error estimates, verdicts and histogram
/// (`tally1` for w1, `tally2` for w2). Points that are not gc_below the
/// thresholds, and every group with padding lanes, go to `out`; `*count` is
/// the number of candidates written. Returns the column to resume from
/// (`columns` when the row is done). With `row_max` (the heatmap; NULL for
/// none), `*row_max` becomes the larger of itself and the relative error
/// (gc_heat_max) of every point counted here, the candidates excepted: the
/// caller records those.
GC_ENTRY static inline long gc_exam_chunk_labels(const gc_exam_row *r, const gc_exam_triples *t, long column, long chunk,
                                                 gc_lane_tally *tally1, gc_lane_tally *tally2, gc_exam_candidate *out,
                                                 long *count, double *row_max) {
    return row_max ? gc_exam_labels_body(r, t, tally1, tally2, column, chunk, out, count, row_max, 1)
                   : gc_exam_labels_body(r, t, tally1, tally2, column, chunk, out, count, 0, 0);
}

#endif
#endif
