#!/usr/bin/env python3
"""NumPy reference for `gradcheck sweep`: every gradient check on a Cartesian grid.

The network and its loss, for one input ``x``, weights ``w1, w2`` and label ``y``::

    z1 = x*w1,  a1 = sigmoid(z1),  z2 = a1*w2,  a2 = sigmoid(z2)
    L  = 0.5*(a2 - y)**2
    sigmoid(z) = 1/(1 + exp(-z)) for z >= 0,  exp(z)/(1 + exp(z)) for z < 0
    sigmoid'(z) = sigmoid(z) sigmoid(-z)
(the network's own definitions: stable at saturation, no 1 - a cancellation).

At every grid point (x in linspace(-4, 4, NX), w1 in linspace(-4, 4, NW1),
w2 in linspace(-4, 4, NW2), y in {0, 1}) and for each weight w in {w1, w2}:

    analytic   dL/dw1 = (a2-y) * ((s2 w2) * (s1 x)),  s = sigmoid'
               dL/dw2 = (a2-y) * (s2 a1)
    step       h = the sweep's step (bench/step_size.py): cbrt(eps) max(1, |w|),
               eps = 2**-52, rounded down to a power of two (2**-18 for |w| <= 1)
    estimate   fd = ((a2(w+)-y)**2 - (a2(w-)-y)**2) * g,  g = 1/(2 (w+ - w-)),
               w+ = fl(w+h), w- = fl(w-h)
               (the loss is recomputed from the perturbed weight; the step is
               the representable w+ - w-, not 2h; multiplying by g, computed
               once per weight value, is within an ulp of dividing by 2(w+ - w-))
    abs error  abs_err = |analytic - fd|
    rel error  rel_err = abs_err / |fd|, with 0/0 -> 0 and x/0 -> inf
    verdict    fail  unless  abs_err <= atol + rtol*|fd|   (atol 1e-7, rtol 1e-5)

A NaN anywhere makes the comparison false, so a NaN is a failure.  Every
point's verdict is computed; nothing is sampled.

This is exactly the arithmetic of `gradcheck sweep`'s exam-network evaluator
(operation for operation, with the same groupings), and NumPy's float64 exp
is glibc's on this machine, so both report the same failure counts and
maximum errors, which are dominated by finite-difference rounding noise.

Output, one JSON object on stdout: points, seconds (median over --repeat),
points_per_second, and per weight the failure count, the largest absolute
error and the largest relative error.  Non-finite numbers are written as the
strings "inf" and "nan" so that the output stays strict JSON.

How the work is shared (what a NumPy user would do by hand):
  * Rows are the (x, w1) pairs, columns are w2.  Everything that depends only
    on a row -- a1 and its two w1-perturbed copies, a1(1-a1)x -- is computed
    once per run as a vector of NX*NW1 values.
  * Per block of rows, the five 2-D sigmoids (a2 and the four perturbed
    copies) and a2(1-a2) are computed once and shared by both labels.
  * Blocks of rows bound the memory (--chunk-elements values per buffer;
    about ten buffers) and keep the buffers near the caches; all buffers are
    allocated and touched before the clock starts.
  * --threads N gives each thread its own buffers and a contiguous share of
    the rows (NumPy's ufuncs release the GIL).  The default is one thread.

Only the computation is timed (time.perf_counter), not start-up or output.
--selftest compares a small grid, point by point, with a plain per-point
Python loop and exits 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from step_size import central_step, central_step_scalar

ATOL = 1e-7
RTOL = 1e-5
GRID_LOW, GRID_HIGH = -4.0, 4.0
LABELS = (0.0, 1.0)
PARAMETERS = ("w1", "w2")
DEFAULT_CHUNK_ELEMENTS = 1 << 16


# --------------------------------------------------------------------------
# Results


@dataclass
class ParameterStats:
    failures: int = 0
    max_abs_error: float = 0.0
    max_rel_error: float = 0.0

    def merge(self, other: "ParameterStats") -> None:
        self.failures += other.failures
        self.max_abs_error = _nan_aware_max(self.max_abs_error, other.max_abs_error)
        self.max_rel_error = _nan_aware_max(self.max_rel_error, other.max_rel_error)


@dataclass
class SweepStats:
    parameters: dict = field(default_factory=lambda: {p: ParameterStats() for p in PARAMETERS})

    def merge(self, other: "SweepStats") -> None:
        for name in PARAMETERS:
            self.parameters[name].merge(other.parameters[name])


def _nan_aware_max(a: float, b: float) -> float:
    """max that keeps a NaN (a NaN error must not disappear from the report)."""
    if math.isnan(a) or math.isnan(b):
        return math.nan
    return max(a, b)


# --------------------------------------------------------------------------
# Grid and steps


@dataclass(frozen=True)
class Grid:
    nx: int
    nw1: int
    nw2: int

    @property
    def points(self) -> int:
        return self.nx * self.nw1 * self.nw2 * len(LABELS)

    def axes(self):
        return (
            np.linspace(GRID_LOW, GRID_HIGH, self.nx),
            np.linspace(GRID_LOW, GRID_HIGH, self.nw1),
            np.linspace(GRID_LOW, GRID_HIGH, self.nw2),
        )


def fd_steps(w: np.ndarray):
    """w+ and w- with the sweep's step h (step_size.central_step), and the step w+ - w-."""
    h = central_step(w)
    w_plus = w + h
    w_minus = w - h
    return w_plus, w_minus, w_plus - w_minus


def stable_sigmoid(z: np.ndarray, out: np.ndarray, tmp: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """out = sigmoid(z), the network's stable form, bit for bit:
    1/(1 + e) for z >= 0 and e/(1 + e) otherwise, with e = exp(-|z|).
    `tmp` (and the boolean `mask`, if given) is scratch of z's shape (z may be `out`)."""
    np.abs(z, out=tmp)
    np.negative(tmp, out=tmp)
    np.exp(tmp, out=tmp)  # e
    nonnegative = np.greater_equal(z, 0, out=mask)
    np.add(tmp, 1.0, out=out)  # 1 + e (z is no longer needed)
    np.copyto(tmp, 1.0, where=nonnegative)  # the numerator
    np.divide(tmp, out, out=out)
    return out


def sigmoid_and_slope(z: np.ndarray):
    """(sigmoid(z), sigmoid'(z)) as gradcheck's row pass computes them:
    e = exp(-|z|), {sigmoid(z), sigmoid(-z)} = {1/(1+e), e/(1+e)}, slope their product."""
    e = np.exp(-np.abs(z))
    large = 1.0 / (1.0 + e)
    small = e / (1.0 + e)
    return np.where(z >= 0, large, small), large * small


# --------------------------------------------------------------------------
# Vectorised sweep


class RowData:
    """Everything that depends only on the row (x, w1): NX*NW1 values each."""

    def __init__(self, grid: Grid):
        x, w1, w2 = grid.axes()
        w1_plus, w1_minus, w1_step = fd_steps(w1)
        w2_plus, w2_minus, w2_step = fd_steps(w2)

        x_rows = np.repeat(x, grid.nw1)
        self.a1, slope1 = sigmoid_and_slope(x_rows * np.tile(w1, grid.nx))
        tmp = np.empty_like(x_rows)
        self.a1_w1_plus = stable_sigmoid(x_rows * np.tile(w1_plus, grid.nx), np.empty_like(x_rows), tmp)
        self.a1_w1_minus = stable_sigmoid(x_rows * np.tile(w1_minus, grid.nx), np.empty_like(x_rows), tmp)
        # sigmoid'(z1) x: the row's share of dL/dw1.
        self.slope_x = slope1 * x_rows
        # The loss differences are differences of squares (the 0.5 folded in):
        # multiply by 1/(2 (w+ - w-)) instead of dividing, once per weight value.
        self.half_gain_w1 = np.tile(1.0 / (2.0 * w1_step), grid.nx)

        self.w2 = w2
        self.w2_plus = w2_plus
        self.w2_minus = w2_minus
        self.half_gain_w2 = 1.0 / (2.0 * w2_step)
        self.rows = grid.nx * grid.nw1


class BlockEvaluator:
    """Preallocated buffers for one block of rows; reused block after block."""

    def __init__(self, rows: RowData, block_rows: int, atol: float, rtol: float):
        self.r = rows
        self.block_rows = block_rows
        self.atol = atol
        self.rtol = rtol
        shape = (block_rows, rows.w2.size)
        # Shared by both labels.
        self.a2 = np.zeros(shape)
        self.a2_w1_plus = np.zeros(shape)
        self.a2_w1_minus = np.zeros(shape)
        self.a2_w2_plus = np.zeros(shape)
        self.a2_w2_minus = np.zeros(shape)
        self.factor1 = np.zeros(shape)  # (s2 w2)(s1 x)
        self.factor2 = np.zeros(shape)  # s2 a1
        self.tmp = np.zeros(shape)
        self.mask = np.zeros(shape, dtype=bool)
        # Per label and weight.
        self.d = np.zeros(shape)
        self.analytic = np.zeros(shape)
        self.fd = np.zeros(shape)
        self.t2 = np.zeros(shape)
        self.ok = np.zeros(shape, dtype=bool)

    def run(self, row_start: int, row_stop: int, stats: SweepStats, record=None) -> None:
        for start in range(row_start, row_stop, self.block_rows):
            self._block(start, min(start + self.block_rows, row_stop), stats, record)

    def _block(self, start: int, stop: int, stats: SweepStats, record) -> None:
        r = self.r
        n = stop - start
        rows = slice(start, stop)
        a1 = r.a1[rows, None]
        a2, a2_w1p, a2_w1m = self.a2[:n], self.a2_w1_plus[:n], self.a2_w1_minus[:n]
        a2_w2p, a2_w2m = self.a2_w2_plus[:n], self.a2_w2_minus[:n]
        factor1, factor2, tmp, mask, d = self.factor1[:n], self.factor2[:n], self.tmp[:n], self.mask[:n], self.d[:n]

        # The four perturbed second-layer activations, shared by both labels.
        stable_sigmoid(np.multiply(a1, r.w2_plus, out=a2_w2p), a2_w2p, tmp, mask)
        stable_sigmoid(np.multiply(a1, r.w2_minus, out=a2_w2m), a2_w2m, tmp, mask)
        stable_sigmoid(np.multiply(r.a1_w1_plus[rows, None], r.w2, out=a2_w1p), a2_w1p, tmp, mask)
        stable_sigmoid(np.multiply(r.a1_w1_minus[rows, None], r.w2, out=a2_w1m), a2_w1m, tmp, mask)
        # a2 and s2 = sigmoid'(z2) with one division: q = 1/(1+e), {a2, sigmoid(-z2)} = {q, e q}.
        z2 = np.multiply(a1, r.w2, out=a2)
        np.greater_equal(z2, 0, out=mask)
        np.abs(z2, out=tmp)
        np.negative(tmp, out=tmp)
        np.exp(tmp, out=tmp)  # e
        np.add(tmp, 1.0, out=a2)
        np.divide(1.0, a2, out=a2)  # q
        np.multiply(tmp, a2, out=tmp)  # e q
        np.multiply(a2, tmp, out=factor2)  # s2 = q (e q)
        np.copyto(a2, tmp, where=~mask)  # a2 = q where z2 >= 0, else e q
        np.multiply(factor2, r.w2, out=factor1)
        factor1 *= r.slope_x[rows, None]  # (s2 w2)(s1 x)
        factor2 *= a1  # s2 a1

        for y in LABELS:
            np.subtract(a2, y, out=d)
            # dL/dw2 = d (s2 a1)
            analytic = np.multiply(d, factor2, out=self.analytic[:n])
            self._check("w2", y, analytic, a2_w2p, a2_w2m, r.half_gain_w2, n, stats, record, start)
            # dL/dw1 = d ((s2 w2)(s1 x))
            analytic = np.multiply(d, factor1, out=self.analytic[:n])
            self._check("w1", y, analytic, a2_w1p, a2_w1m, r.half_gain_w1[rows, None], n, stats, record, start)

    def _check(self, name, y, analytic, a2_plus, a2_minus, half_gain, n, stats, record, start):
        fd, t2, ok = self.fd[:n], self.t2[:n], self.ok[:n]
        # fd = ((a2+ - y)^2 - (a2- - y)^2) / (2 (w+ - w-)), as a product with the precomputed gain
        np.subtract(a2_plus, y, out=fd)
        np.square(fd, out=fd)
        np.subtract(a2_minus, y, out=t2)
        np.square(t2, out=t2)
        np.subtract(fd, t2, out=fd)
        np.multiply(fd, half_gain, out=fd)

        # t2 = abs_err = |analytic - fd|   (analytic is free after this)
        np.subtract(analytic, fd, out=t2)
        np.abs(t2, out=t2)
        abs_fd = np.abs(fd, out=analytic)
        # fail unless abs_err <= atol + rtol|fd|   (NaN fails)
        np.multiply(abs_fd, self.rtol, out=fd)
        fd += self.atol
        np.less_equal(t2, fd, out=ok)
        if record is not None:
            record(name, y, start, ~ok)

        s = stats.parameters[name]
        s.failures += ok.size - int(np.count_nonzero(ok))
        max_abs = float(np.max(t2))
        s.max_abs_error = _nan_aware_max(s.max_abs_error, max_abs)
        # rel_err = abs_err/|fd|: x/0 is inf; 0/0 is NaN, which fmax skips, so
        # it counts as 0.  A NaN error is already in max_abs (and is a failure).
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.divide(t2, abs_fd, out=abs_fd)
        max_rel = float(np.fmax.reduce(rel, axis=None))
        if math.isnan(max_rel):
            max_rel = max_abs  # every ratio was 0/0 (-> 0), or an error is NaN
        s.max_rel_error = _nan_aware_max(s.max_rel_error, max_rel)


def sweep(grid: Grid, threads: int = 1, chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
          atol: float = ATOL, rtol: float = RTOL, record=None, repeat: int = 1):
    """Run the sweep `repeat` times; return (stats of the last run, seconds per run)."""
    block_rows = max(1, chunk_elements // grid.nw2)
    setup_rows = RowData(grid)
    evaluators = [BlockEvaluator(setup_rows, block_rows, atol, rtol) for _ in range(threads)]
    seconds = []
    stats = None
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = RowData(grid)
            for ev in evaluators:
                ev.r = rows
            shares = _split(rows.rows, threads)
            partial = [SweepStats() for _ in shares]
            if threads == 1:
                evaluators[0].run(*shares[0], partial[0], record)
            else:
                futures = [
                    pool.submit(ev.run, lo, hi, part, record)
                    for ev, (lo, hi), part in zip(evaluators, shares, partial)
                ]
                for f in futures:
                    f.result()
            stats = SweepStats()
            for part in partial:
                stats.merge(part)
            seconds.append(time.perf_counter() - t0)
    return stats, seconds


def _split(n: int, parts: int):
    bounds = [n * i // parts for i in range(parts + 1)]
    return [(bounds[i], bounds[i + 1]) for i in range(parts)]


# --------------------------------------------------------------------------
# Plain per-point loop (the self-test's reference)


def _sigmoid(z):
    e = math.exp(-abs(z))
    return (1.0 if z >= 0 else e) / (1.0 + e)


def _loss(x, w1, w2, y):
    a1 = _sigmoid(x * w1)
    a2 = _sigmoid(a1 * w2)
    return 0.5 * (a2 - y) ** 2


def naive_point(x, w1, w2, y):
    """{parameter: (analytic, fd)} at one grid point, one scalar at a time."""
    a1 = _sigmoid(x * w1)
    a2 = _sigmoid(a1 * w2)
    analytic = {
        "w1": (a2 - y) * a2 * (1 - a2) * w2 * a1 * (1 - a1) * x,
        "w2": (a2 - y) * a2 * (1 - a2) * a1,
    }
    out = {}
    for name, w in (("w1", w1), ("w2", w2)):
        h = central_step_scalar(w)
        wp, wm = w + h, w - h
        if name == "w1":
            lp, lm = _loss(x, wp, w2, y), _loss(x, wm, w2, y)
        else:
            lp, lm = _loss(x, w1, wp, y), _loss(x, w1, wm, y)
        out[name] = (analytic[name], (lp - lm) / (wp - wm))
    return out


def naive_verdict(analytic, fd, atol, rtol):
    abs_err = abs(analytic - fd)
    fail = not (abs_err <= atol + rtol * abs(fd))
    if abs_err == 0.0:
        rel = 0.0
    elif fd == 0.0:
        rel = math.inf
    else:
        rel = abs_err / abs(fd)
    return abs_err, rel, fail


# --------------------------------------------------------------------------
# Self-test


def selftest() -> int:
    """Compare the vectorised sweep with the per-point loop on small grids.

    Odd sizes put 0 on every axis (x = 0 and w2 = 0 make dL/dw1 exactly 0),
    and a small chunk size forces several blocks, the last one ragged.
    Verdicts are compared twice: with the real tolerances, and with a tolerance
    set near the median error so that about half the points fail.  A verdict may
    differ only where the error is within 1e-12 of the tolerance, because
    np.exp and math.exp may differ in the last bit.
    """
    problems = []
    grid = Grid(7, 6, 5)
    x, w1, w2 = (axis.tolist() for axis in grid.axes())

    reference = {}  # (param, y, ix, i1, i2) -> (analytic, fd)
    for ix, xv in enumerate(x):
        for i1, w1v in enumerate(w1):
            for i2, w2v in enumerate(w2):
                for y in LABELS:
                    for name, pair in naive_point(xv, w1v, w2v, y).items():
                        reference[(name, y, ix, i1, i2)] = pair
    errors = sorted(abs(a - f) for a, f in reference.values())
    tight_atol = errors[len(errors) // 2]

    for label, atol, rtol in (("default tolerance", ATOL, RTOL), ("tolerance at median error", tight_atol, 0.0)):
        expected = SweepStats()
        for (name, _y, *_), (a, f) in reference.items():
            abs_err, rel, fail = naive_verdict(a, f, atol, rtol)
            s = expected.parameters[name]
            s.failures += fail
            s.max_abs_error = max(s.max_abs_error, abs_err)
            s.max_rel_error = max(s.max_rel_error, rel)

        fails = {}

        def record(name, y, start, fail):
            for k, row in enumerate(fail):
                ix, i1 = divmod(start + k, grid.nw1)
                for i2, f in enumerate(row):
                    fails[(name, y, ix, i1, i2)] = bool(f)

        got, _ = sweep(grid, chunk_elements=2 * grid.nw2 + 1, atol=atol, rtol=rtol, record=record)

        if len(fails) != len(reference):
            problems.append(f"{label}: {len(fails)} verdicts for {len(reference)} points")
        borderline = {n: 0 for n in PARAMETERS}
        for key, (a, f) in reference.items():
            abs_err, _, want = naive_verdict(a, f, atol, rtol)
            near = abs(abs_err - (atol + rtol * abs(f))) <= 1e-12
            borderline[key[0]] += near
            if fails.get(key) != want and not near:
                problems.append(f"{label}: verdict differs at {key}: analytic {a!r}, fd {f!r}")
        for name in PARAMETERS:
            e, g = expected.parameters[name], got.parameters[name]
            if abs(e.failures - g.failures) > borderline[name]:
                problems.append(f"{label}: {name} failures {g.failures}, loop says {e.failures}")
            if not math.isclose(e.max_abs_error, g.max_abs_error, rel_tol=1e-3, abs_tol=1e-13):
                problems.append(f"{label}: {name} max abs error {g.max_abs_error!r}, loop says {e.max_abs_error!r}")
            if not math.isclose(e.max_rel_error, g.max_rel_error, rel_tol=1e-3, abs_tol=1e-13):
                problems.append(f"{label}: {name} max rel error {g.max_rel_error!r}, loop says {e.max_rel_error!r}")
        print(f"selftest {label}: " + ", ".join(
            f"{n} failures {got.parameters[n].failures}/{len(reference) // 2}"
            f" max abs {got.parameters[n].max_abs_error:.3g} max rel {got.parameters[n].max_rel_error:.3g}"
            for n in PARAMETERS), file=sys.stderr)

    # The reference's own verdict rule at the edges.
    for a, f, want in ((0.0, 0.0, (0.0, 0.0, False)), (1.0, 0.0, (1.0, math.inf, True))):
        got = naive_verdict(a, f, ATOL, RTOL)
        if got != want:
            problems.append(f"naive_verdict({a}, {f}) = {got}, expected {want}")

    # The step is gradcheck's (StepSize.step(for: .central, at:)): a power of two, the same
    # in the vectorised and the per-point form, halved near the overflow threshold.
    for w, want in ((0.3, 2.0**-18), (-1.0, 2.0**-18), (0.0, 2.0**-18), (4.0, 2.0**-16), (123.456, 2.0**-11),
                    (1.7e308, 2.0**1006), (-1.7976931348623157e308, 2.0**967)):
        got_vector, got_scalar = float(central_step(np.array([w]))[0]), central_step_scalar(w)
        if not (got_vector == got_scalar == want):
            problems.append(f"step at {w!r}: vectorised {got_vector!r}, per-point {got_scalar!r}, expected {want!r}")

    # Threads must not change the answer.
    one, _ = sweep(Grid(9, 8, 7), threads=1, chunk_elements=20)
    two, _ = sweep(Grid(9, 8, 7), threads=2, chunk_elements=20)
    if one != two:
        problems.append(f"threads=2 differs from threads=1: {two} vs {one}")

    for p in problems:
        print("selftest FAILED: " + p, file=sys.stderr)
    if not problems:
        print("selftest passed", file=sys.stderr)
    return 1 if problems else 0


# --------------------------------------------------------------------------
# Command line


def _json_number(v: float):
    if math.isfinite(v):
        return v
    return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--nx", type=int, default=160)
    p.add_argument("--nw1", type=int, default=160)
    p.add_argument("--nw2", type=int, default=160)
    p.add_argument("--repeat", type=int, default=1, help="timed runs; seconds is their median")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--chunk-elements", type=int, default=DEFAULT_CHUNK_ELEMENTS,
                   help="values per buffer (rows of w2 per block = this // nw2, at least 1)")
    p.add_argument("--atol", type=float, default=ATOL)
    p.add_argument("--rtol", type=float, default=RTOL)
    p.add_argument("--selftest", action="store_true", help="check against a per-point loop and exit")
    args = p.parse_args(argv)

    if args.selftest:
        return selftest()
    if min(args.nx, args.nw1, args.nw2, args.repeat, args.threads, args.chunk_elements) < 1:
        p.error("sizes, --repeat, --threads and --chunk-elements must be at least 1")

    grid = Grid(args.nx, args.nw1, args.nw2)
    stats, seconds = sweep(grid, threads=args.threads, chunk_elements=args.chunk_elements,
                           atol=args.atol, rtol=args.rtol, repeat=args.repeat)
    median = statistics.median(seconds)
    report = {
        "implementation": "numpy",
        "numpy_version": np.__version__,
        "grid": {"nx": grid.nx, "nw1": grid.nw1, "nw2": grid.nw2, "y": list(LABELS)},
        "points": grid.points,
        "seconds": median,
        "seconds_all": seconds,
        "points_per_second": grid.points / median,
        "threads": args.threads,
        "chunk_elements": args.chunk_elements,
        "tolerance": {"atol": args.atol, "rtol": args.rtol},
        "parameters": {
            name: {
                "failures": s.failures,
                "max_abs_error": _json_number(s.max_abs_error),
                "max_rel_error": _json_number(s.max_rel_error),
            }
            for name, s in stats.parameters.items()
        },
    }
    json.dump(report, sys.stdout, indent=2, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
