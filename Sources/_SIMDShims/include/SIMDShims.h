#ifndef GRADCHECK_SIMD_SHIMS_H
#define GRADCHECK_SIMD_SHIMS_H

// AVX2 instructions Swift cannot spell, for the sweep kernels
// (Sources/GradientSweep). Implementation detail, not API.
//
// Each function is `static inline`, so Swift's Clang importer emits it into
// the calling module and LLVM inlines it: no call remains in the kernel.
// The vector types are Clang's ext_vector_type, which Swift imports as
// SIMD4<Double> and SIMD4<Int64>.

#if defined(__x86_64__)
#include <immintrin.h>
#endif

typedef double gc_double4 __attribute__((ext_vector_type(4)));
typedef long long gc_long4 __attribute__((ext_vector_type(4)));

// ---------------------------------------------------------------------------
// glibc's exp and the sigmoid on four lanes, for -512 < x <= 0 (unchecked).
//
// Swift's SIMD4<Double> operations that have no builtin lowering
// (addingProduct, replacing(with:where:), lowHalf/highHalf) are element loops
// that LLVM must re-vectorise; inside a large kernel it does so only two
// lanes at a time. Written here with AVX2/FMA intrinsics, every operation is
// one 256-bit instruction. The arithmetic is exactly that of
// SIMDExp.exp(_:_:) (Sources/GradientSweep/SIMDExp.swift), operation for
// operation; contraction into FMAs other than the explicit ones is off.
#pragma clang fp contract(off)

typedef unsigned long long gc_ulong4 __attribute__((ext_vector_type(4)));

#if defined(__x86_64__)
#define GC_KERNEL __attribute__((always_inline, target("avx2,fma")))
// The entry points are not always_inline: Swift code is compiled for baseline
// x86-64 (one binary for every CPU) and calls them, only after
// gc_cpu_has_avx2_fma() (VectorKernels in Sources/GradientSweep). No AVX
// instruction is emitted outside the functions marked with these attributes.
#define GC_ENTRY __attribute__((target("avx2,fma")))

/// glibc's exp in two halves, for kernels that run them in separate loops
/// (ExamRowKernel.h): the reduction x = k ln2/128 + r with the table's
/// tail T[j] and scale 2^(k/128) (as bits H[j] + (k << 45)), then the
/// polynomial. `table` is SIMDExp.table: (bits(T[j]), bits(H[j]) - (j << 45))
/// for j = 0..<128.
typedef struct {
    __m256d r, tail, scale;
} gc_exp_reduced;

GC_KERNEL static inline gc_exp_reduced gc_exp_reduce(__m256d x, const unsigned long long *table) {
    const __m256d shift = _mm256_set1_pd(0x1.8p52);
    __m256d kd = _mm256_fmadd_pd(x, _mm256_set1_pd(0x1.71547652b82fep0 * 128), shift);
    const __m256i ki = _mm256_castpd_si256(kd);
    kd = _mm256_sub_pd(kd, shift);
    __m256d r = _mm256_fmadd_pd(kd, _mm256_set1_pd(-0x1.62e42fefa0000p-8), x);
    r = _mm256_fmadd_pd(kd, _mm256_set1_pd(-0x1.cf79abc9e3b3ap-47), r);
    const __m256i index = _mm256_slli_epi64(_mm256_and_si256(ki, _mm256_set1_epi64x(127)), 1);
    const __m256i top = _mm256_slli_epi64(ki, 45);
#if defined(GC_EXP_GATHER)
    const __m256d tail = _mm256_i64gather_pd((const double *)table, index, 8);
    const __m256i hbits = _mm256_i64gather_epi64((const long long *)(table + 1), index, 8);
#else
    // One 16-byte load per lane: (T, H) are adjacent.
    const double *t = (const double *)table;
    const __m128i lo = _mm256_castsi256_si128(index), hi = _mm256_extracti128_si256(index, 1);
    const __m128d p0 = _mm_loadu_pd(t + _mm_cvtsi128_si64(lo)), p1 = _mm_loadu_pd(t + _mm_extract_epi64(lo, 1));
    const __m128d p2 = _mm_loadu_pd(t + _mm_cvtsi128_si64(hi)), p3 = _mm_loadu_pd(t + _mm_extract_epi64(hi, 1));
    const __m256d p02 = _mm256_insertf128_pd(_mm256_castpd128_pd256(p0), p2, 1);
    const __m256d p13 = _mm256_insertf128_pd(_mm256_castpd128_pd256(p1), p3, 1);
    const __m256d tail = _mm256_unpacklo_pd(p02, p13);
    const __m256i hbits = _mm256_castpd_si256(_mm256_unpackhi_pd(p02, p13));
#endif
    gc_exp_reduced e = {r, tail, _mm256_castsi256_pd(_mm256_add_epi64(hbits, top))};
    return e;
}

GC_KERNEL static inline __m256d gc_exp_finish(__m256d r, __m256d tail, __m256d scale) {
    const __m256d r2 = _mm256_mul_pd(r, r);
    const __m256d p23 = _mm256_fmadd_pd(r, _mm256_set1_pd(0x1.555555555543cp-3), _mm256_set1_pd(0x1.ffffffffffdbdp-2));
    const __m256d p45 = _mm256_fmadd_pd(r, _mm256_set1_pd(0x1.1111167a4d017p-7), _mm256_set1_pd(0x1.55555cf172b91p-5));
    __m256d tmp = _mm256_fmadd_pd(r2, p23, _mm256_add_pd(tail, r));
    tmp = _mm256_fmadd_pd(_mm256_mul_pd(r2, r2), p45, tmp);
    return _mm256_fmadd_pd(scale, tmp, scale);
}

/// exp(x) for -512 < x <= 0, equal bit for bit to glibc's exp.
GC_KERNEL static inline gc_double4 gc_exp_nonpositive(gc_double4 xv, const unsigned long long *table) {
    const gc_exp_reduced e = gc_exp_reduce((__m256d)xv, table);
    return (gc_double4)gc_exp_finish(e.r, e.tail, e.scale);
}

/// e^-|z| for |z| < 512.
GC_KERNEL static inline __m256d gc_exp_negative_magnitude(__m256d z, const unsigned long long *table) {
    const __m256d negative = _mm256_or_pd(z, _mm256_set1_pd(-0.0));
    return (__m256d)gc_exp_nonpositive((gc_double4)negative, table);
}

/// The network's sigmoid, bit for bit: 1/(1 + e^-z) for z >= 0, e^z/(1 + e^z) otherwise; |z| < 512.
GC_KERNEL static inline gc_double4 gc_sigmoid_bounded(gc_double4 zv, const unsigned long long *table) {
    const __m256d z = (__m256d)zv;
    const __m256d e = gc_exp_negative_magnitude(z, table);
    const __m256d one = _mm256_set1_pd(1.0);
    const __m256d nonnegative = _mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_GE_OQ);
    const __m256d numerator = _mm256_blendv_pd(e, one, nonnegative);
    return (gc_double4)_mm256_div_pd(numerator, _mm256_add_pd(one, e));
}

/// σ(z), with σ'(z) = σ(z)σ(-z) stored at `slope` (four doubles), with one division,
/// q = 1/(1 + e): {σ(z), σ(-z)} = {q, e q}; |z| < 512.
GC_KERNEL static inline gc_double4 gc_sigmoid_and_slope_bounded(gc_double4 zv, const unsigned long long *table,
                                                                double *slope) {
    const __m256d z = (__m256d)zv;
    const __m256d e = gc_exp_negative_magnitude(z, table);
    const __m256d one = _mm256_set1_pd(1.0);
    const __m256d large = _mm256_div_pd(one, _mm256_add_pd(one, e));
    const __m256d small = _mm256_mul_pd(e, large);
    const __m256d nonnegative = _mm256_cmp_pd(z, _mm256_setzero_pd(), _CMP_GE_OQ);
    _mm256_storeu_pd(slope, _mm256_mul_pd(large, small));
    return (gc_double4)_mm256_blendv_pd(small, large, nonnegative);
}
// Entry points for Swift. Vectors pass through memory (`const void *` in,
// `void *` out, four doubles each), never by value: a 256-bit argument would
// be passed differently by a caller compiled without AVX (all Swift code) and
// this AVX2 callee. Call only when gc_cpu_has_avx2_fma() is true.
GC_ENTRY static inline void gc_exp_nonpositive_p(const void *x, const unsigned long long *table, void *out) {
    _mm256_storeu_pd((double *)out, (__m256d)gc_exp_nonpositive((gc_double4)_mm256_loadu_pd((const double *)x), table));
}
GC_ENTRY static inline void gc_sigmoid_bounded_p(const void *z, const unsigned long long *table, void *out) {
    _mm256_storeu_pd((double *)out, (__m256d)gc_sigmoid_bounded((gc_double4)_mm256_loadu_pd((const double *)z), table));
}
GC_ENTRY static inline void gc_sigmoid_and_slope_bounded_p(const void *z, const unsigned long long *table,
                                                            void *value, void *slope) {
    _mm256_storeu_pd((double *)value,
                     (__m256d)gc_sigmoid_and_slope_bounded((gc_double4)_mm256_loadu_pd((const double *)z), table, (double *)slope));
}

// Whole-array entry points: `out[i] = f(x[i])` group of four by group of four,
// for as long as every lane of the next group is in the kernel's range.
// Each returns how many elements it did (a multiple of 4, at most `n`): the
// caller does the next group (or the last `n % 4`) with the scalar function
// and calls again after it. `out` may be `x`. One call per array, not per
// group: the loop runs inside the AVX2 function.
#define GC_ARRAY_LOOP(IN_RANGE, BODY)                                                   \
    long i = 0;                                                                         \
    for (; i + 4 <= n; i += 4) {                                                        \
        const __m256d v = _mm256_loadu_pd(x + i);                                       \
        if (_mm256_movemask_pd(IN_RANGE) != 0xF) break;                                 \
        _mm256_storeu_pd(out + i, (BODY));                                              \
    }                                                                                   \
    return i;

/// |v| < 512, false for NaN.
#define GC_BOUNDED(v) _mm256_cmp_pd(_mm256_andnot_pd(_mm256_set1_pd(-0.0), v), _mm256_set1_pd(512.0), _CMP_LT_OQ)
/// -512 < v <= 0, false for NaN.
#define GC_NONPOSITIVE(v) _mm256_and_pd(_mm256_cmp_pd(v, _mm256_setzero_pd(), _CMP_LE_OQ), \
                                        _mm256_cmp_pd(v, _mm256_set1_pd(-512.0), _CMP_GT_OQ))

/// σ'(z) = (1/(1 + e)) (e/(1 + e)), e = e^-|z|, |z| < 512 (ElementwiseFunction.sigmoidSlope).
GC_KERNEL static inline __m256d gc_sigmoid_slope_bounded(__m256d z, const unsigned long long *table) {
    const __m256d e = gc_exp_negative_magnitude(z, table);
    const __m256d one = _mm256_set1_pd(1.0);
    const __m256d denominator = _mm256_add_pd(one, e);
    return _mm256_mul_pd(_mm256_div_pd(one, denominator), _mm256_div_pd(e, denominator));
}

/// log(x) for a positive normal x (DBL_MIN <= x < +inf): NaturalLogarithm.reduced
/// (Sources/NetworkModel/NaturalLogarithm.swift) operation for operation, no FMA,
/// so equal bit for bit to the scalar NaturalLogarithm.log.
GC_KERNEL static inline __m256d gc_log_positive_normal(__m256d x) {
    const __m256i ix = _mm256_castpd_si256(x);
    const __m256i shifted = _mm256_sub_epi64(ix, _mm256_set1_epi64x(0x3fe6a09e667f3bcdLL));
    const __m256d m = _mm256_castsi256_pd(
        _mm256_sub_epi64(ix, _mm256_and_si256(shifted, _mm256_set1_epi64x((long long)0xfff0000000000000ULL))));
    // k = shifted >> 52 (arithmetic; AVX2 has no 64-bit one): k + 2048 = (shifted + 2^63) >> 52
    // (logical), |k| < 2048, made a double exactly by the 2^52 trick.
    const __m256i biased = _mm256_srli_epi64(_mm256_xor_si256(shifted, _mm256_set1_epi64x((long long)0x8000000000000000ULL)), 52);
    const __m256d kd = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(biased, _mm256_set1_epi64x(0x4330000000000000LL))),
                                     _mm256_set1_pd(0x1p52 + 2048));
    const __m256d f = _mm256_sub_pd(m, _mm256_set1_pd(1.0));
    const __m256d s = _mm256_div_pd(f, _mm256_add_pd(_mm256_set1_pd(2.0), f));
    const __m256d z = _mm256_mul_pd(s, s);
    const __m256d w = _mm256_mul_pd(z, z);
#define GC_LOG_STEP(c, acc) _mm256_add_pd(_mm256_set1_pd(c), _mm256_mul_pd(w, (acc)))
    const __m256d even = GC_LOG_STEP(0x1.999999999999ap-2, GC_LOG_STEP(0x1.c71c71c71c71cp-3, GC_LOG_STEP(0x1.3b13b13b13b14p-3,
                         GC_LOG_STEP(0x1.e1e1e1e1e1e1ep-4, _mm256_set1_pd(0x1.8618618618618p-4)))));
    const __m256d odd = GC_LOG_STEP(0x1.5555555555555p-1, GC_LOG_STEP(0x1.2492492492492p-2, GC_LOG_STEP(0x1.745d1745d1746p-3,
                        GC_LOG_STEP(0x1.1111111111111p-3, _mm256_set1_pd(0x1.af286bca1af28p-4)))));
#undef GC_LOG_STEP
    const __m256d r = _mm256_add_pd(_mm256_mul_pd(z, odd), _mm256_mul_pd(w, even));
    const __m256d hfsq = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), f), f);
    const __m256d inner = _mm256_add_pd(_mm256_mul_pd(s, _mm256_add_pd(hfsq, r)), _mm256_mul_pd(kd, _mm256_set1_pd(0x1.ef35793c76730p-45)));
    return _mm256_sub_pd(_mm256_mul_pd(kd, _mm256_set1_pd(0x1.62e42fefa3800p-1)),
                         _mm256_sub_pd(_mm256_sub_pd(hfsq, inner), f));
}

/// DBL_MIN <= v < +inf (false for NaN): gc_log_positive_normal's range.
#define GC_POSITIVE_NORMAL(v) _mm256_and_pd(_mm256_cmp_pd(v, _mm256_set1_pd(0x1p-1022), _CMP_GE_OQ), \
                                            _mm256_cmp_pd(v, _mm256_set1_pd(__builtin_inf()), _CMP_LT_OQ))

GC_ENTRY static inline long gc_log_positive_normal_n(const double *x, double *out, long n) {
    GC_ARRAY_LOOP(GC_POSITIVE_NORMAL(v), gc_log_positive_normal(v))
}
GC_ENTRY static inline long gc_exp_nonpositive_n(const double *x, double *out, long n, const unsigned long long *table) {
    GC_ARRAY_LOOP(GC_NONPOSITIVE(v), (__m256d)gc_exp_nonpositive((gc_double4)v, table))
}
GC_ENTRY static inline long gc_sigmoid_bounded_n(const double *x, double *out, long n, const unsigned long long *table) {
    GC_ARRAY_LOOP(GC_BOUNDED(v), (__m256d)gc_sigmoid_bounded((gc_double4)v, table))
}
GC_ENTRY static inline long gc_sigmoid_slope_bounded_n(const double *x, double *out, long n, const unsigned long long *table) {
    GC_ARRAY_LOOP(GC_BOUNDED(v), gc_sigmoid_slope_bounded(v, table))
}
#endif

// The exam network's sweep kernel, a chunk of a row at a time: gc_exam_chunk_triples, gc_exam_chunk_labels.
#include "ExamRowKernel.h"

// The compiled program's arithmetic over whole registers: gc_binary_n, gc_unary_n,
// gc_ternary_n (fused instructions, masked accumulation), gc_central_points_n (the central per-point stage).
#include "ArrayKernels.h"

// The compiled sweep's per-point tally (plain C): gc_tally_n.
#include "TallyKernel.h"

/// Whether this CPU has AVX2 and FMA (the kernels above need both).
static inline int gc_cpu_has_avx2_fma(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}


// ---------------------------------------------------------------------------
// Keeps freed block-sized buffers in the heap (see BroadcastEvaluator's
// keepFreedBuffers): glibc's mmap and trim thresholds raised to `bytes`.
// A no-op without glibc.
#if defined(__GLIBC__)
#include <malloc.h>
static inline void gc_keep_freed_buffers(int bytes) {
    mallopt(M_MMAP_THRESHOLD, bytes);
    mallopt(M_TRIM_THRESHOLD, bytes);
}
#else
static inline void gc_keep_freed_buffers(int bytes) { (void)bytes; }
#endif

#endif
