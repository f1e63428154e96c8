/*
 * The fastest reference for `gradcheck sweep`: the exam network's
 * sweep as a skilled C programmer writes it when speed is all that counts.
 *
 *   gcc -O3 -march=native -ffast-math -fopenmp bench/structure_aware_sweep.c -lm
 *   ./a.out --nx 400 --nw1 400 --nw2 400 [--repeat 1] [--plain]
 *   ./a.out --exp-throughput          (glibc's vectorised exp, both cores)
 *   ./a.out --step-at W               (the step at W, as %a)
 *
 * Network: z1 = x w1, a1 = σ(z1), z2 = a1 w2, a2 = σ(z2), L = ½(a2 - y)²,
 * σ(z) = 1/(1 + e) for z >= 0 and e/(1 + e) otherwise, e = exp(-|z|).
 * Grid: x, w1, w2 in linspace(-4, 4, n), y in {0, 1}.
 *
 * Step: gradcheck's (StepSize.step(for: .central, at: w)): cbrt(eps)
 * max(1, |w|) rounded down to a power of two (frexp/ldexp), halved while
 * |w| + 4h overflows, then the representable (w + h) - w (h itself where
 * that is 0 or not finite); w± = fl(w ± h), w±2 = fl(w ± 2h).  Computed
 * once per axis value, without -ffast-math (see axis_steps).
 *
 * Two error models, each the one of a gradcheck verdict:
 *
 * full (default), the sweep's: the central differences D(h) and D(2h), as
 *   ((a₊ - y)² - (a₋ - y)²) · 1/(2 (w₊ - w₋)); the error estimate
 *     e = 4 eps (|d| (S + |y|) + L) · 2/(w₊ - w₋) + |D(h) - D(2h)|,
 *   infinite where |D(h) - D(2h)| > |D(h)|/4 (TruncationErrorEstimate.central),
 *   with d = a2 - y and the factorised rounding bound of ExamNetworkEvaluator:
 *     Σ|∂L/∂v||v| = |d| (S + |y|) + |L|,  S = |σ'(z2)| (|w2| R + |z2|) + |a2|,
 *     R = |σ'(z1)| (2 |x| |w1| + |z1|) + 2 |a1|;
 *   verdict (Verdict.judge, widening 1): agree if |g - D| <= atol + rtol |D|,
 *   inconclusive if not but <= that + e, mismatch otherwise.
 *   Work: per (x, w1) row a1 and its four w1-perturbed copies (± h, ± 2h),
 *   σ'(z1) x and R (5 exp); per (x, w1, w2) triple nine sigmoids (a2; a2 of
 *   the four a1 copies; a2 with w2 ± h, ± 2h), σ'(z2) and S, shared by both
 *   labels: 4.5 exp per grid point.
 *
 * plain (--plain), numpy.isclose's: D(h) only, fail unless
 *   |g - D| <= atol + rtol |D|.  Per row a1 and its two copies at w1 ± h,
 *   per triple five sigmoids: 2.5 exp per grid point.
 *
 * atol = 1e-7, rtol = 1e-5 unless --atol, --rtol.  The w2 loop is vectorised by gcc, exp()
 * becoming glibc's libmvec _ZGVdN4v_exp (AVX2, within a few ulp, not
 * glibc's scalar exp that gradcheck and NumPy use), and -ffast-math lets gcc
 * reassociate and contract.  So its counts and maximum errors are close to,
 * not equal to, gradcheck's: the points that move are those within an ulp
 * or so of a verdict's threshold.  run_bench.py prints them side by side.
 *
 * Output: one JSON object like bench/numpy_sweep.py's (points, seconds of
 * computation, points_per_second, model, per weight failures -- the plain
 * test's, in both models -- max_abs_error, max_rel_error, and in the full
 * model agree / inconclusive / mismatch).  --exp-throughput prints exp calls
 * per second on all OpenMP threads, the bound behind the exp per point.
 */
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The tolerance: gradcheck's defaults unless --atol / --rtol. */
static double ATOL = 1e-7, RTOL = 1e-5;
/* RoundingErrorBound.nodeRelativeError: K eps, K = 4. */
#define NODE_ERROR (4.0 * 0x1p-52)
/* TruncationErrorEstimate.resolvedSpread. */
#define RESOLVED_SPREAD 0.25
#define LABELS 2

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- steps */

/* The axes and steps are computed as gradcheck does, bit for bit: without
 * -ffast-math, which would fold isfinite() to 1 and (w + h) - w to h, and
 * without contracting a * b + c into an FMA (gcc's default in GNU C). */
#define EXACT __attribute__((optimize("no-fast-math", "fp-contract=off")))

/* StepSize.step(for: .central, at: w). */
EXACT static double central_step(double w) {
    int e;
    frexp(cbrt(0x1p-52) * fmax(1.0, fabs(w)), &e);
    double h = ldexp(0.5, e); /* 2^floor(log2 d): d = m 2^e, m in [0.5, 1) */
    while (!isfinite(fabs(w) + 4.0 * h) && h > DBL_MIN) h /= 2;
    const double r = (w + h) - w;
    return r == 0 || !isfinite(r) ? h : r;
}

/* One axis: its values, w ± h, w ± 2h and the factors 1/(2 (w₊ - w₋)),
 * 1/(2 (w₊₂ - w₋₂)) and 2/(w₊ - w₋). */
typedef struct {
    double *w, *plus, *minus, *plus2, *minus2, *half_gain, *half_gain2, *gain;
} Axis;

/* linspace(-4, 4, n) as SweepAxis.linspace (and numpy.linspace): i step + start, the last value stop. */
EXACT static Axis axis_steps(long n) {
    Axis a;
    double **arrays[] = {&a.w, &a.plus, &a.minus, &a.plus2, &a.minus2, &a.half_gain, &a.half_gain2, &a.gain};
    for (int i = 0; i < 8; i++) *arrays[i] = malloc(n * sizeof(double));
    const double step = n > 1 ? 8.0 / (double)(n - 1) : 0;
    for (long i = 0; i < n; i++) {
        const double w = n > 1 && i == n - 1 ? 4.0 : (double)i * step - 4.0, h = central_step(w);
        a.w[i] = w;
        a.plus[i] = w + h, a.minus[i] = w - h, a.plus2[i] = w + 2 * h, a.minus2[i] = w - 2 * h;
        a.half_gain[i] = 1.0 / (2.0 * (a.plus[i] - a.minus[i]));
        a.half_gain2[i] = 1.0 / (2.0 * (a.plus2[i] - a.minus2[i]));
        a.gain[i] = 2.0 / (a.plus[i] - a.minus[i]);
    }
    return a;
}

static void axis_free(Axis a) {
    free(a.w), free(a.plus), free(a.minus), free(a.plus2), free(a.minus2), free(a.half_gain), free(a.half_gain2),
        free(a.gain);
}

/* ---------------------------------------------------------------- network */

static inline double sigmoid(double z) {
    const double e = exp(-fabs(z));
    return (z >= 0 ? 1.0 : e) / (1.0 + e);
}

/* σ(z) and σ'(z) = σ(z) σ(-z) for the row, as gradcheck's SIMDExp.sigmoidAndSlope:
 * {σ(z), σ(-z)} = {1/(1 + e), e/(1 + e)}. */
static inline double row_sigmoid_and_slope(double z, double *slope) {
    const double e = exp(-fabs(z)), large = 1.0 / (1.0 + e), small = e / (1.0 + e);
    *slope = large * small;
    return z >= 0 ? large : small;
}

/* The same for the triple with one division, as the exam kernel: {q, e q}, q = 1/(1 + e). */
static inline double sigmoid_and_slope(double z, double *slope) {
    const double e = exp(-fabs(z)), q = 1.0 / (1.0 + e), small = e * q;
    *slope = q * small;
    return z >= 0 ? q : small;
}

/* ((a₊ - y)² - (a₋ - y)²) / (2 (w₊ - w₋)): the central difference of L = ½(a2 - y)². */
static inline double difference(double a_plus, double a_minus, double y, double half_gain) {
    const double p = a_plus - y, m = a_minus - y;
    return (p * p - m * m) * half_gain;
}

typedef struct {
    long agree[2], within[2]; /* within: agree or inconclusive (full model) */
    double max_abs[2], max_rel[2];
} Stats;

/* ---------------------------------------------------------------- full model */

static Stats sweep_full(const Axis *x, const Axis *w1, const Axis *w2, long nx, long nw1, long nw2) {
    long ag1 = 0, ag2 = 0, wi1 = 0, wi2 = 0;
    double ma1 = 0, ma2 = 0, mr1 = 0, mr2 = 0;
    const double *w2v = w2->w, *w2p = w2->plus, *w2m = w2->minus, *w2p2 = w2->plus2, *w2m2 = w2->minus2;
    const double *hg2 = w2->half_gain, *hg2_2 = w2->half_gain2, *gain2 = w2->gain;
#pragma omp parallel for collapse(2) schedule(static) reduction(+ : ag1, ag2, wi1, wi2) reduction(max : ma1, ma2, mr1, mr2)
    for (long i = 0; i < nx; i++) {
        for (long j = 0; j < nw1; j++) {
            /* The row (x, w1): 5 exp. */
            const double xi = x->w[i], z1 = xi * w1->w[j];
            double slope1;
            const double a1 = row_sigmoid_and_slope(z1, &slope1);
            const double a1p = sigmoid(xi * w1->plus[j]), a1m = sigmoid(xi * w1->minus[j]);
            const double a1p2 = sigmoid(xi * w1->plus2[j]), a1m2 = sigmoid(xi * w1->minus2[j]);
            const double slope_x = slope1 * xi;
            const double row_bound = fabs(slope1) * (2 * fabs(xi) * fabs(w1->w[j]) + fabs(z1)) + 2 * fabs(a1);
            const double hg1 = w1->half_gain[j], hg1_2 = w1->half_gain2[j], gain1 = w1->gain[j];
#pragma omp simd reduction(+ : ag1, ag2, wi1, wi2) reduction(max : ma1, ma2, mr1, mr2)
            for (long k = 0; k < nw2; k++) {
                /* The triple (x, w1, w2): 9 exp, shared by both labels. */
                const double w = w2v[k], z2 = a1 * w;
                double slope2;
                const double a2 = sigmoid_and_slope(z2, &slope2);
                const double a2_1p = sigmoid(a1p * w), a2_1m = sigmoid(a1m * w);
                const double a2_1p2 = sigmoid(a1p2 * w), a2_1m2 = sigmoid(a1m2 * w);
                const double a2_2p = sigmoid(a1 * w2p[k]), a2_2m = sigmoid(a1 * w2m[k]);
                const double a2_2p2 = sigmoid(a1 * w2p2[k]), a2_2m2 = sigmoid(a1 * w2m2[k]);
                const double factor1 = slope2 * w * slope_x, factor2 = slope2 * a1;
                const double triple_bound = fabs(slope2) * (fabs(w) * row_bound + fabs(z2)) + fabs(a2);
                for (int y = 0; y < LABELS; y++) {
                    const double d = a2 - y, loss = 0.5 * d * d;
                    const double loss_error = NODE_ERROR * (fabs(d) * (triple_bound + y) + loss);
                    /* w1 */
                    const double fd1 = difference(a2_1p, a2_1m, y, hg1), wide1 = difference(a2_1p2, a2_1m2, y, hg1_2);
                    const double e1 = fabs(d * factor1 - fd1), spread1 = fabs(fd1 - wide1);
                    const double base1 = ATOL + RTOL * fabs(fd1);
                    ag1 += e1 <= base1;
                    wi1 += e1 <= base1 + (loss_error * gain1 + spread1) || spread1 > RESOLVED_SPREAD * fabs(fd1);
                    ma1 = fmax(ma1, e1);
                    mr1 = fmax(mr1, e1 / fabs(fd1));
                    /* w2 */
                    const double fd2 = difference(a2_2p, a2_2m, y, hg2[k]), wide2 = difference(a2_2p2, a2_2m2, y, hg2_2[k]);
                    const double e2 = fabs(d * factor2 - fd2), spread2 = fabs(fd2 - wide2);
                    const double base2 = ATOL + RTOL * fabs(fd2);
                    ag2 += e2 <= base2;
                    wi2 += e2 <= base2 + (loss_error * gain2[k] + spread2) || spread2 > RESOLVED_SPREAD * fabs(fd2);
                    ma2 = fmax(ma2, e2);
                    mr2 = fmax(mr2, e2 / fabs(fd2));
                }
            }
        }
    }
    return (Stats){{ag1, ag2}, {wi1, wi2}, {ma1, ma2}, {mr1, mr2}};
}

/* ---------------------------------------------------------------- plain model */

static Stats sweep_plain(const Axis *x, const Axis *w1, const Axis *w2, long nx, long nw1, long nw2) {
    long ag1 = 0, ag2 = 0;
    double ma1 = 0, ma2 = 0, mr1 = 0, mr2 = 0;
    const double *w2v = w2->w, *w2p = w2->plus, *w2m = w2->minus, *hg2 = w2->half_gain;
#pragma omp parallel for collapse(2) schedule(static) reduction(+ : ag1, ag2) reduction(max : ma1, ma2, mr1, mr2)
    for (long i = 0; i < nx; i++) {
        for (long j = 0; j < nw1; j++) {
            const double xi = x->w[i];
            double slope1;
            const double a1 = row_sigmoid_and_slope(xi * w1->w[j], &slope1);
            const double a1p = sigmoid(xi * w1->plus[j]), a1m = sigmoid(xi * w1->minus[j]);
            const double slope_x = slope1 * xi, hg1 = w1->half_gain[j];
#pragma omp simd reduction(+ : ag1, ag2) reduction(max : ma1, ma2, mr1, mr2)
            for (long k = 0; k < nw2; k++) {
                const double w = w2v[k];
                double slope2;
                const double a2 = sigmoid_and_slope(a1 * w, &slope2);
                const double a2_1p = sigmoid(a1p * w), a2_1m = sigmoid(a1m * w);
                const double a2_2p = sigmoid(a1 * w2p[k]), a2_2m = sigmoid(a1 * w2m[k]);
                const double factor1 = slope2 * w * slope_x, factor2 = slope2 * a1;
                for (int y = 0; y < LABELS; y++) {
                    const double d = a2 - y;
                    const double fd1 = difference(a2_1p, a2_1m, y, hg1), fd2 = difference(a2_2p, a2_2m, y, hg2[k]);
                    const double e1 = fabs(d * factor1 - fd1), e2 = fabs(d * factor2 - fd2);
                    ag1 += e1 <= ATOL + RTOL * fabs(fd1);
                    ag2 += e2 <= ATOL + RTOL * fabs(fd2);
                    ma1 = fmax(ma1, e1);
                    ma2 = fmax(ma2, e2);
                    mr1 = fmax(mr1, e1 / fabs(fd1));
                    mr2 = fmax(mr2, e2 / fabs(fd2));
                }
            }
        }
    }
    return (Stats){{ag1, ag2}, {ag1, ag2}, {ma1, ma2}, {mr1, mr2}};
}

/* ---------------------------------------------------------------- exp throughput */

/* exp calls per second on every thread, over arrays in L1 (no memory traffic). */
static double exp_throughput(void) {
    enum { N = 2048, REPS = 40000 };
    double total = 0;
    double start = now();
#pragma omp parallel reduction(+ : total)
    {
        double *in = malloc(N * 8), *out = malloc(N * 8);
        for (long i = 0; i < N; i++) in[i] = -(double)(i % 997) * 0.01;
        for (long r = 0; r < REPS; r++) {
#pragma omp simd
            for (long i = 0; i < N; i++) out[i] = exp(in[i]);
            __asm__ volatile("" : : "r"(out) : "memory");
        }
        total += out[7];
        free(in), free(out);
    }
    double seconds = now() - start;
    if (total == 12345.0) puts("");
    return (double)N * REPS * omp_get_max_threads() / seconds;
}

/* ---------------------------------------------------------------- command line */

static int usage(const char *program) {
    fprintf(stderr, "usage: %s [--nx N --nw1 N --nw2 N --repeat R --atol A --rtol R --plain | --exp-throughput | --step-at W]\n",
            program);
    return 2;
}

/* The value of option argv[a - 1], argv[a]: a finite double (>= 0 unless `signed_ok`), or -1 from main. */
static int parse_double(char **argv, int a, int signed_ok, double *out) {
    char *end;
    *out = strtod(argv[a], &end);
    if (*argv[a] && !*end && fabs(*out) <= DBL_MAX && (signed_ok || *out >= 0)) return 1;
    fprintf(stderr, "%s: %s needs a finite number%s, not '%s'\n", argv[0], argv[a - 1], signed_ok ? "" : " >= 0", argv[a]);
    return 0;
}

static int parse_count(char **argv, int a, long *out) {
    char *end;
    *out = strtol(argv[a], &end, 10);
    if (*argv[a] && !*end && *out >= 1) return 1;
    fprintf(stderr, "%s: %s needs an integer >= 1, not '%s'\n", argv[0], argv[a - 1], argv[a]);
    return 0;
}

int main(int argc, char **argv) {
    long nx = 400, nw1 = 400, nw2 = 400, repeat = 1;
    int plain = 0;
    for (int a = 1; a < argc; a++) {
        const char *option = argv[a];
        if (!strcmp(option, "--exp-throughput")) {
            printf("{\"threads\": %d, \"exp_per_second\": %.6g}\n", omp_get_max_threads(), exp_throughput());
            return 0;
        }
        if (!strcmp(option, "--plain")) {
            plain = 1;
            continue;
        }
        if (a + 1 >= argc) return usage(argv[0]);
        a++;
        double w;
        int ok;
        if (!strcmp(option, "--step-at")) {
            if (!parse_double(argv, a, 1, &w)) return 2;
            printf("%a\n", central_step(w));
            return 0;
        }
        if (!strcmp(option, "--atol")) ok = parse_double(argv, a, 0, &ATOL);
        else if (!strcmp(option, "--rtol")) ok = parse_double(argv, a, 0, &RTOL);
        else if (!strcmp(option, "--nx")) ok = parse_count(argv, a, &nx);
        else if (!strcmp(option, "--nw1")) ok = parse_count(argv, a, &nw1);
        else if (!strcmp(option, "--nw2")) ok = parse_count(argv, a, &nw2);
        else if (!strcmp(option, "--repeat")) ok = parse_count(argv, a, &repeat);
        else return fprintf(stderr, "%s: unknown option %s\n", argv[0], option), usage(argv[0]);
        if (!ok) return 2;
    }
    double *seconds = malloc(repeat * sizeof *seconds);
    Stats s;
    for (long r = 0; r < repeat; r++) {
        const double t0 = now();
        const Axis x = axis_steps(nx), w1 = axis_steps(nw1), w2 = axis_steps(nw2);
        s = plain ? sweep_plain(&x, &w1, &w2, nx, nw1, nw2) : sweep_full(&x, &w1, &w2, nx, nw1, nw2);
        axis_free(x), axis_free(w1), axis_free(w2);
        seconds[r] = now() - t0;
    }
    for (long i = 1; i < repeat; i++) /* insertion sort for the median */
        for (long j = i; j > 0 && seconds[j] < seconds[j - 1]; j--) {
            const double t = seconds[j];
            seconds[j] = seconds[j - 1], seconds[j - 1] = t;
        }
    const double median = seconds[repeat / 2];
    const long points = nx * nw1 * nw2 * LABELS;
    printf("{\"points\": %ld, \"seconds\": %.6f, \"points_per_second\": %.6g, \"threads\": %d, \"model\": \"%s\", "
           "\"parameters\": {",
           points, median, points / median, omp_get_max_threads(), plain ? "plain" : "full");
    for (int p = 0; p < 2; p++) {
        printf("%s\"w%d\": {\"failures\": %ld, ", p ? ", " : "", p + 1, points - s.agree[p]);
        if (!plain)
            printf("\"agree\": %ld, \"inconclusive\": %ld, \"mismatch\": %ld, ", s.agree[p], s.within[p] - s.agree[p],
                   points - s.within[p]);
        printf("\"max_abs_error\": %.17g, \"max_rel_error\": %.17g}", s.max_abs[p], s.max_rel[p]);
    }
    printf("}}\n");
    free(seconds);
    return 0;
}
