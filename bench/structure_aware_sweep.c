/*
 * The fastest reference for `gradcheck sweep`: the exam network's
 * sweep as a skilled C programmer writes it when speed is all that counts.
 *
 *   gcc -O3 -march=native -ffast-math -fopenmp bench/structure_aware_sweep.c -lm
 *   ./a.out --nx 400 --nw1 400 --nw2 400 [--repeat 1]
 *   ./a.out --exp-throughput          (glibc's vectorised exp, both cores)
 *
 * Structure-aware: a1 (and its two w1-perturbed copies) once per (x, w1)
 * pair; per (x, w1, w2) triple five sigmoids -- a2 and the four perturbed
 * copies -- shared by both labels, so 2.5 exp per grid point; per point and
 * label the analytic gradients, central differences, errors and the plain
 * verdict |g - fd| <= atol + rtol |fd|.  The w2 loop is vectorised by gcc,
 * exp() becoming glibc's libmvec _ZGVdN4v_exp (AVX2, about 4 ulp, not
 * glibc's correctly rounded-in-practice scalar exp), and -ffast-math lets gcc
 * reassociate.  So its failure counts and maximum errors are close to, not
 * equal to, NumPy's and gradcheck's (which agree bit for bit): the maximum
 * errors are rounding noise at saturated points, where one ulp of exp moves
 * them.  The benchmark prints them side by side.
 *
 * Output: one JSON object like bench/numpy_sweep.py's (points, seconds of
 * computation, points_per_second, per weight failures / max_abs_error /
 * max_rel_error).  --exp-throughput prints exp calls per second on all
 * OpenMP threads, the bound behind "2.5 exp per point".
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double *linspace(long n) {
    double *v = malloc(n * sizeof *v);
    for (long i = 0; i < n; i++) v[i] = n == 1 ? -4.0 : -4.0 + 8.0 * (double)i / (double)(n - 1);
    return v;
}

static double sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }

typedef struct {
    long failures[2];
    double max_abs[2], max_rel[2];
} Stats;

static Stats sweep(long nx, long nw1, long nw2) {
    const double atol = 1e-7, rtol = 1e-5, c = cbrt(0x1p-52);
    double *x = linspace(nx), *w1 = linspace(nw1), *w2 = linspace(nw2);
    double *w2p = malloc(nw2 * 8), *w2m = malloc(nw2 * 8), *g2 = malloc(nw2 * 8);
    for (long k = 0; k < nw2; k++) {
        double h = c * fmax(1.0, fabs(w2[k]));
        w2p[k] = w2[k] + h;
        w2m[k] = w2[k] - h;
        g2[k] = 1.0 / (2.0 * (w2p[k] - w2m[k]));
    }
    long f1 = 0, f2 = 0;
    double ma1 = 0, ma2 = 0, mr1 = 0, mr2 = 0;
#pragma omp parallel for collapse(2) schedule(static) reduction(+ : f1, f2) reduction(max : ma1, ma2, mr1, mr2)
    for (long i = 0; i < nx; i++) {
        for (long j = 0; j < nw1; j++) {
            const double h1 = c * fmax(1.0, fabs(w1[j]));
            const double w1p = w1[j] + h1, w1m = w1[j] - h1, g1 = 1.0 / (2.0 * (w1p - w1m));
            const double a1 = sigmoid(x[i] * w1[j]), a1p = sigmoid(x[i] * w1p), a1m = sigmoid(x[i] * w1m);
            const double s1x = a1 * (1.0 - a1) * x[i];
#pragma omp simd reduction(+ : f1, f2) reduction(max : ma1, ma2, mr1, mr2)
            for (long k = 0; k < nw2; k++) {
                const double a2 = sigmoid(a1 * w2[k]);
                const double a2p1 = sigmoid(a1p * w2[k]), a2m1 = sigmoid(a1m * w2[k]);
                const double a2p2 = sigmoid(a1 * w2p[k]), a2m2 = sigmoid(a1 * w2m[k]);
                const double s2 = a2 * (1.0 - a2);
                for (int y = 0; y <= 1; y++) {
                    const double d = a2 - y;
                    const double p1 = a2p1 - y, m1 = a2m1 - y, p2 = a2p2 - y, m2 = a2m2 - y;
                    const double fd1 = (p1 * p1 - m1 * m1) * g1, fd2 = (p2 * p2 - m2 * m2) * g2[k];
                    const double an1 = d * s2 * w2[k] * s1x, an2 = d * s2 * a1;
                    const double e1 = fabs(an1 - fd1), e2 = fabs(an2 - fd2);
                    f1 += !(e1 <= atol + rtol * fabs(fd1));
                    f2 += !(e2 <= atol + rtol * fabs(fd2));
                    ma1 = fmax(ma1, e1);
                    ma2 = fmax(ma2, e2);
                    mr1 = fmax(mr1, e1 / fabs(fd1));
                    mr2 = fmax(mr2, e2 / fabs(fd2));
                }
            }
        }
    }
    free(x), free(w1), free(w2), free(w2p), free(w2m), free(g2);
    return (Stats){{f1, f2}, {ma1, ma2}, {mr1, mr2}};
}

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

int main(int argc, char **argv) {
    long nx = 400, nw1 = 400, nw2 = 400, repeat = 1;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--exp-throughput")) {
            printf("{\"threads\": %d, \"exp_per_second\": %.6g}\n", omp_get_max_threads(), exp_throughput());
            return 0;
        }
        if (a + 1 >= argc) return fprintf(stderr, "usage: %s [--nx N --nw1 N --nw2 N --repeat R | --exp-throughput]\n", argv[0]), 2;
        long v = atol(argv[++a]);
        if (v < 1) return fprintf(stderr, "%s: %s must be at least 1\n", argv[0], argv[a - 1]), 2;
        if (!strcmp(argv[a - 1], "--nx")) nx = v;
        else if (!strcmp(argv[a - 1], "--nw1")) nw1 = v;
        else if (!strcmp(argv[a - 1], "--nw2")) nw2 = v;
        else if (!strcmp(argv[a - 1], "--repeat")) repeat = v;
        else return fprintf(stderr, "%s: unknown option %s\n", argv[0], argv[a - 1]), 2;
    }
    double *seconds = malloc(repeat * sizeof *seconds);
    Stats s;
    for (long r = 0; r < repeat; r++) {
        double t0 = now();
        s = sweep(nx, nw1, nw2);
        seconds[r] = now() - t0;
    }
    for (long i = 1; i < repeat; i++) /* insertion sort for the median */
        for (long j = i; j > 0 && seconds[j] < seconds[j - 1]; j--) {
            double t = seconds[j]; seconds[j] = seconds[j - 1]; seconds[j - 1] = t;
        }
    double median = seconds[repeat / 2];
    long points = nx * nw1 * nw2 * 2;
    printf("{\"points\": %ld, \"seconds\": %.6f, \"points_per_second\": %.6g, \"threads\": %d, \"parameters\": {", points, median,
           points / median, omp_get_max_threads());
    for (int p = 0; p < 2; p++)
        printf("%s\"w%d\": {\"failures\": %ld, \"max_abs_error\": %.17g, \"max_rel_error\": %.17g}", p ? ", " : "", p + 1,
               s.failures[p], s.max_abs[p], s.max_rel[p]);
    printf("}}\n");
    return 0;
}
