#ifndef GRADCHECK_ARRAY_KERNELS_H
#define GRADCHECK_ARRAY_KERNELS_H

// The compiled program's arithmetic instructions over whole registers
// (Sources/GradientSweep/ProgramEvaluator.swift), four lanes per AVX2
// instruction instead of the two of baseline x86-64's SSE2. Included by
// SIMDShims.h, after GC_ENTRY. x86-64 only; call only after
// gc_cpu_has_avx2_fma().
//
// Precision: each lane is one IEEE double operation with round-to-nearest
// (no FMA: `fp contract(off)` in SIMDShims.h), so every result equals the
// scalar Swift operation's bit for bit. Operands are `n` consecutive doubles,
// or one double broadcast to every lane (`x_vector`/`y_vector` 0). Each
// function returns how many elements it did (a multiple of 4, at most `n`);
// the caller does the last `n % 4`. `out` may be an operand (lane i is read
// before it is written).

/// The binary instructions: out = a + b, a - b, a * b, a / b, a + c·b,
/// (a == 0 ? 0 : |a|·|b|), (a == 0 || b == 0 || (a > 0) != (b > 0) ? 1 : 0),
/// (a != 0 || b != 0 ? 1 : 0).
enum gc_binary_op {
    GC_ADD, GC_SUBTRACT, GC_MULTIPLY, GC_DIVIDE, GC_SCALED_ADD, GC_MAGNITUDE_PRODUCT, GC_KINK_CHANGE, GC_EITHER
};

#if defined(__x86_64__)
#define GC_ABS(v) _mm256_andnot_pd(_mm256_set1_pd(-0.0), (v))
#define GC_IS_ZERO(v) _mm256_cmp_pd((v), _mm256_setzero_pd(), _CMP_EQ_OQ)
#define GC_NOT_ZERO(v) _mm256_cmp_pd((v), _mm256_setzero_pd(), _CMP_NEQ_UQ)
#define GC_POSITIVE(v) _mm256_cmp_pd((v), _mm256_setzero_pd(), _CMP_GT_OQ)

/// One loop per operand shape, the broadcast operand loaded once.
#define GC_BINARY_LOOP(EXPR)                                                                   \
    if (x_vector && y_vector) {                                                                \
        for (; i + 4 <= n; i += 4) {                                                           \
            const __m256d a = _mm256_loadu_pd(x + i), b = _mm256_loadu_pd(y + i);              \
            _mm256_storeu_pd(out + i, (EXPR));                                                 \
        }                                                                                      \
    } else if (x_vector) {                                                                     \
        const __m256d b = _mm256_set1_pd(y[0]);                                                \
        for (; i + 4 <= n; i += 4) {                                                           \
            const __m256d a = _mm256_loadu_pd(x + i);                                          \
            _mm256_storeu_pd(out + i, (EXPR));                                                 \
        }                                                                                      \
    } else {                                                                                   \
        const __m256d a = _mm256_set1_pd(x[0]);                                                \
        for (; i + 4 <= n; i += 4) {                                                           \
            const __m256d b = _mm256_loadu_pd(y + i);                                          \
            _mm256_storeu_pd(out + i, (EXPR));                                                 \
        }                                                                                      \
    }                                                                                          \
    break;

/// `out[i] = op(a[i], b[i])` for a vector operand and a vector or broadcast one (`c` is
/// GC_SCALED_ADD's factor).
GC_ENTRY static inline long gc_binary_n(enum gc_binary_op op, const double *x, int x_vector, const double *y, int y_vector,
                                        double c, double *out, long n) {
    long i = 0;
    const __m256d one = _mm256_set1_pd(1.0), factor = _mm256_set1_pd(c);
    switch (op) {
    case GC_ADD: GC_BINARY_LOOP(_mm256_add_pd(a, b))
    case GC_SUBTRACT: GC_BINARY_LOOP(_mm256_sub_pd(a, b))
    case GC_MULTIPLY: GC_BINARY_LOOP(_mm256_mul_pd(a, b))
    case GC_DIVIDE: GC_BINARY_LOOP(_mm256_div_pd(a, b))
    case GC_SCALED_ADD: GC_BINARY_LOOP(_mm256_add_pd(a, _mm256_mul_pd(factor, b)))
    case GC_MAGNITUDE_PRODUCT: GC_BINARY_LOOP(_mm256_andnot_pd(GC_IS_ZERO(a), _mm256_mul_pd(GC_ABS(a), GC_ABS(b))))
    case GC_KINK_CHANGE:
        GC_BINARY_LOOP(_mm256_and_pd(one, _mm256_or_pd(_mm256_or_pd(GC_IS_ZERO(a), GC_IS_ZERO(b)),
                                                       _mm256_xor_pd(GC_POSITIVE(a), GC_POSITIVE(b)))))
    case GC_EITHER: GC_BINARY_LOOP(_mm256_and_pd(one, _mm256_or_pd(GC_NOT_ZERO(a), GC_NOT_ZERO(b))))
    }
    return i;
}
#undef GC_BINARY_LOOP

/// `out[i] = -x[i]` (`square` 0) or `x[i] * x[i]` (`square` 1).
GC_ENTRY static inline long gc_unary_n(int square, const double *x, double *out, long n) {
    long i = 0;
    if (square) {
        for (; i + 4 <= n; i += 4) {
            const __m256d a = _mm256_loadu_pd(x + i);
            _mm256_storeu_pd(out + i, _mm256_mul_pd(a, a));
        }
    } else {
        for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, _mm256_xor_pd(_mm256_set1_pd(-0.0), _mm256_loadu_pd(x + i)));
    }
    return i;
}

/// The instructions of three operands `[x, y, z]`: the fused ones (SweepProgram.fuse),
/// out = x · ((y - z) · (y - z)) and out = x + (y == 0 ? 0 : |y|·|z|), and an adjoint
/// accumulated under its node's mask, out = z != 0 ? x + y : x.
enum gc_ternary_op { GC_SCALED_SQUARED_DIFFERENCE, GC_ADD_MAGNITUDE_PRODUCT, GC_ACCUMULATE };

/// `out[i] = op(x[i], y[i], z[i])`, an operand with `*_vector` 0 broadcast from its one value.
GC_ENTRY static inline long gc_ternary_n(enum gc_ternary_op op, const double *x, int x_vector, const double *y,
                                         int y_vector, const double *z, int z_vector, double *out, long n) {
    long i = 0;
    // A broadcast operand is read from four copies of its value, with no step.
    double bx[4] = {x[0], x[0], x[0], x[0]}, by[4] = {y[0], y[0], y[0], y[0]}, bz[4] = {z[0], z[0], z[0], z[0]};
    const double *px = x_vector ? x : bx, *py = y_vector ? y : by, *pz = z_vector ? z : bz;
    const long sx = x_vector ? 4 : 0, sy = y_vector ? 4 : 0, sz = z_vector ? 4 : 0;
    switch (op) {
    case GC_SCALED_SQUARED_DIFFERENCE:
        for (; i + 4 <= n; i += 4, px += sx, py += sy, pz += sz) {
            const __m256d d = _mm256_sub_pd(_mm256_loadu_pd(py), _mm256_loadu_pd(pz));
            _mm256_storeu_pd(out + i, _mm256_mul_pd(_mm256_loadu_pd(px), _mm256_mul_pd(d, d)));
        }
        break;
    case GC_ADD_MAGNITUDE_PRODUCT:
        for (; i + 4 <= n; i += 4, px += sx, py += sy, pz += sz) {
            const __m256d a = _mm256_loadu_pd(py);
            const __m256d term = _mm256_andnot_pd(GC_IS_ZERO(a), _mm256_mul_pd(GC_ABS(a), GC_ABS(_mm256_loadu_pd(pz))));
            _mm256_storeu_pd(out + i, _mm256_add_pd(_mm256_loadu_pd(px), term));
        }
        break;
    case GC_ACCUMULATE:
        for (; i + 4 <= n; i += 4, px += sx, py += sy, pz += sz) {
            const __m256d a = _mm256_loadu_pd(px);
            _mm256_storeu_pd(out + i, _mm256_blendv_pd(a, _mm256_add_pd(a, _mm256_loadu_pd(py)), GC_NOT_ZERO(_mm256_loadu_pd(pz))));
        }
        break;
    }
    return i;
}

/// The inputs of a central stencil's per-point stage, `n` consecutive doubles each
/// (gc_central_points_n).
typedef struct {
    /// The gradient under test and Σ |∂L/∂v| |v|.
    const double *analytic, *magnitude_sum;
    /// L(w + h), L(w - h), L(w + 2h), L(w - 2h), and those four points.
    const double *plus, *minus, *wide_plus, *wide_minus;
    const double *point_plus, *point_minus, *point_wide_plus, *point_wide_minus;
} gc_central_inputs;

/// The per-point stage of central differences (ProgramEvaluator.finish): per lane,
/// StencilErrorModel.central's estimate and error estimate from the losses, with
/// e_L = magnitude_sum · node_relative_error; |analytic - estimate|; the relative
/// error (PointError.relative: 0 where the absolute error is 0); and the verdict code
/// (VerdictTally.verdictCode: 0 agree, 1 inconclusive, 2 mismatch) under atol, rtol,
/// widening. The same operations in the same order as the Swift, so the same bits.
GC_ENTRY static inline long gc_central_points_n(const gc_central_inputs *in, double node_relative_error, double atol,
                                                double rtol, double widening, double *estimates, double *errors,
                                                double *absolutes, double *relatives, double *codes, long n) {
    long i = 0;
    const __m256d nre = _mm256_set1_pd(node_relative_error), va = _mm256_set1_pd(atol), vr = _mm256_set1_pd(rtol);
    const __m256d vw = _mm256_set1_pd(widening), two = _mm256_set1_pd(2.0), quarter = _mm256_set1_pd(0.25);
    const __m256d infinity = _mm256_set1_pd(__builtin_inf()), one = _mm256_set1_pd(1.0), zero = _mm256_setzero_pd();
    for (; i + 4 <= n; i += 4) {
        const __m256d loss_error = _mm256_mul_pd(_mm256_loadu_pd(in->magnitude_sum + i), nre);
        const __m256d width = _mm256_sub_pd(_mm256_loadu_pd(in->point_plus + i), _mm256_loadu_pd(in->point_minus + i));
        const __m256d value = _mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(in->plus + i), _mm256_loadu_pd(in->minus + i)), width);
        const __m256d wide = _mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(in->wide_plus + i), _mm256_loadu_pd(in->wide_minus + i)),
                                           _mm256_sub_pd(_mm256_loadu_pd(in->point_wide_plus + i),
                                                         _mm256_loadu_pd(in->point_wide_minus + i)));
        const __m256d rounding = _mm256_mul_pd(loss_error, _mm256_div_pd(two, width));
        const __m256d spread = GC_ABS(_mm256_sub_pd(value, wide));
        const __m256d resolved = _mm256_cmp_pd(spread, _mm256_mul_pd(quarter, GC_ABS(value)), _CMP_LE_OQ);
        const __m256d error = _mm256_add_pd(rounding, _mm256_blendv_pd(infinity, spread, resolved));
        const __m256d absolute = GC_ABS(_mm256_sub_pd(_mm256_loadu_pd(in->analytic + i), value));
        const __m256d abs_estimate = GC_ABS(value);
        const __m256d relative = _mm256_blendv_pd(_mm256_div_pd(absolute, abs_estimate), zero, GC_IS_ZERO(absolute));
        const __m256d base = _mm256_add_pd(va, _mm256_mul_pd(vr, abs_estimate));
        const __m256d allowance = _mm256_add_pd(base, _mm256_mul_pd(vw, error));
        const __m256d within = _mm256_or_pd(_mm256_cmp_pd(error, error, _CMP_UNORD_Q), _mm256_cmp_pd(absolute, allowance, _CMP_LE_OQ));
        const __m256d beyond = _mm256_blendv_pd(_mm256_add_pd(one, one), one, within);
        _mm256_storeu_pd(estimates + i, value);
        _mm256_storeu_pd(errors + i, error);
        _mm256_storeu_pd(absolutes + i, absolute);
        _mm256_storeu_pd(relatives + i, relative);
        _mm256_storeu_pd(codes + i, _mm256_blendv_pd(beyond, zero, _mm256_cmp_pd(absolute, base, _CMP_LE_OQ)));
    }
    return i;
}
#undef GC_ABS
#undef GC_IS_ZERO
#undef GC_NOT_ZERO
#undef GC_POSITIVE
#endif

#endif
