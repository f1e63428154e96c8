#!/usr/bin/env python3
"""Benchmark `gradcheck sweep` against the NumPy reference (bench/numpy_sweep.py).

    python3 bench/run_bench.py [--binary .build/release/gradcheck] [--repeat 3]
                               [--grids medium,large] [--numpy-threads 1] [--json FILE]

For each grid, the two implementations run alternately (numpy, gradcheck,
numpy, gradcheck, ...), --repeat times each, every run in a fresh process, so
that drift in the machine's speed hits both alike.  The table gives, per
implementation, the median wall time of the process, the median computation
time it reports (if it reports one), and the median points per second.

Points per second is computed on one basis for both implementations: the
reported computation time when both report one, otherwise the wall time of
the whole process (start-up included).  The ratio is gradcheck / numpy on
that basis; above 1 means gradcheck is faster.

A second reference, when gcc with OpenMP is installed: the issue's fastest
one, bench/structure_aware_sweep.c (`gcc -O3 -march=native -ffast-math
-fopenmp`, glibc's vectorised exp), in the same interleaved runs, twice:
with the sweep's full error model (D(h) and D(2h), the rounding bound, agree /
inconclusive / mismatch; a1 and four perturbed copies per (x, w1) pair, nine
sigmoids per triple shared by both labels), which gradcheck is measured
against, and with the plain isclose test (five sigmoids per triple), for
information.  Its exp differs from glibc's scalar exp by a few ulps and
-ffast-math reassociates, so its counts and maximum errors (rounding noise
at saturated points) are close to, not equal to, gradcheck's; they are
printed side by side.

Before the runs, three checks (exit status 1 if one fails):
  * the C program's step (`--step-at`) equals bench/step_size.py's, which is
    gradcheck's, at values from 0 to +-1.8e308;
  * the same C source built without -ffast-math and without FMA contraction
    (glibc's scalar exp) gives exactly gradcheck's agree / inconclusive /
    mismatch counts and maximum absolute errors on the small grid with
    atol = 0 (about 1,500 points outside the plain tolerance): the C
    reference does the sweep's arithmetic;
and after them, NumPy's failures and maximum errors equal gradcheck's.
The C program also measures glibc's vectorised exp on all cores: exp per
second, and the bound it puts on 4.5 (full) and 2.5 (plain) exp per point.

Until `gradcheck sweep` exists, only NumPy's figures are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from step_size import central_step_scalar

HERE = os.path.dirname(os.path.abspath(__file__))
NUMPY_SWEEP = os.path.join(HERE, "numpy_sweep.py")
C_SWEEP = os.path.join(HERE, "structure_aware_sweep.c")
C_FLAGS = ["-O3", "-march=native", "-ffast-math", "-fopenmp"]
# The same source with gradcheck's floating-point semantics: scalar exp, no reassociation, no FMA contraction.
C_EXACT_FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-fopenmp"]
# exp calls per grid point (two labels): per triple 9 sigmoids in the full model, 5 in the plain one.
EXP_PER_POINT = {"full": 4.5, "plain": 2.5}
# Where the C step is checked against step_size.py's (gradcheck's).
STEP_CHECK_VALUES = (0.0, 0.3, -0.3, 1.0, -4.0, 4.0, 3.5, 1e-300, 123.456, -7e5, 1e16, 1e308, 1.7e308,
                     -1.7976931348623157e308)

# name: (NX, NW1, NW2); y is always {0, 1}.
GRIDS = {
    "small": (40, 40, 40),
    "medium": (160, 160, 160),
    "large": (400, 400, 400),
}
LABELS = 2


@dataclass
class Run:
    wall: float
    compute: float | None  # seconds the program reports for its computation, if any
    report: dict | None


@dataclass
class Series:
    implementation: str
    grid: str
    points: int
    runs: list = field(default_factory=list)

    def median_wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def median_compute(self) -> float | None:
        if not self.runs or any(r.compute is None for r in self.runs):
            return None
        return statistics.median(r.compute for r in self.runs)

    def points_per_second(self, basis: str) -> float:
        seconds = [r.compute if basis == "compute" else r.wall for r in self.runs]
        return statistics.median(self.points / s for s in seconds)


# --------------------------------------------------------------------------
# The two implementations


def numpy_command(grid, threads):
    nx, nw1, nw2 = GRIDS[grid]
    return [sys.executable, NUMPY_SWEEP, "--nx", str(nx), "--nw1", str(nw1), "--nw2", str(nw2),
            "--repeat", "1", "--threads", str(threads)]


def build_c_reference(directory, flags=C_FLAGS, name="structure_aware_sweep"):
    """Compiles bench/structure_aware_sweep.c; None (with the reason printed) when gcc or OpenMP is missing."""
    binary = os.path.join(directory, name)
    try:
        p = subprocess.run(["gcc", *flags, C_SWEEP, "-o", binary, "-lm"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"run_bench: no C reference (gcc: {e})", file=sys.stderr)
        return None
    if p.returncode != 0:
        print(f"run_bench: no C reference (gcc {' '.join(flags)} failed):\n{p.stderr}", file=sys.stderr)
        return None
    return binary


def c_command(binary, grid, model="full", tolerance=()):
    nx, nw1, nw2 = GRIDS[grid]
    return [binary, "--nx", str(nx), "--nw1", str(nw1), "--nw2", str(nw2), *tolerance,
            *(["--plain"] if model == "plain" else [])]


def check_c_steps(binary, out=sys.stdout) -> bool:
    """The C program's step equals step_size.central_step_scalar's (gradcheck's) at every STEP_CHECK_VALUES."""
    wrong = []
    for w in STEP_CHECK_VALUES:
        p = subprocess.run([binary, "--step-at", repr(w)], capture_output=True, text=True, timeout=60)
        got = float.fromhex(p.stdout.strip()) if p.returncode == 0 else None
        if got != central_step_scalar(w):
            wrong.append(f"at {w!r}: C {p.stdout.strip() or p.stderr.strip()}, gradcheck {central_step_scalar(w).hex()}")
    print(f"C reference's step = gradcheck's at {len(STEP_CHECK_VALUES)} values from 0 to +-1.8e308: "
          + ("same" if not wrong else "DIFFERENT " + "; ".join(wrong)), file=out)
    return not wrong


def check_c_arithmetic(exact_binary, gradcheck_binary, out=sys.stdout) -> bool:
    """Without -ffast-math, the C reference's counts and maximum errors equal gradcheck's, on the
    small grid at atol = 0 (so that the saturated points fall outside the plain tolerance)."""
    tolerance = ["--atol", "0", "--rtol", "1e-5"]
    c = measure(c_command(exact_binary, "small", tolerance=tolerance), "C (no fast-math)").report
    g = measure(gradcheck_command(gradcheck_binary, "small", tolerance=tolerance), "gradcheck").report
    ok = True
    print(f"C reference without -ffast-math ({' '.join(C_EXACT_FLAGS)}) vs gradcheck, small grid, atol 0, rtol 1e-5:",
          file=out)
    for q in g["summary"]["parameters"]:
        name, n = q["parameter"], c["parameters"][q["parameter"]]
        mine = (n["agree"], n["inconclusive"], n["mismatch"], _number(n["max_abs_error"]))
        theirs = (q["agree"], q["inconclusive"], q["mismatch"] + q["notDifferentiableFailures"],
                  _number((q.get("maxAbsoluteError") or {"value": 0})["value"]))
        ok &= mine == theirs
        print(f"    {name} agree/inconclusive/mismatch, max abs error: C {'/'.join(map(str, mine[:3]))} {mine[3]!r}, "
              f"gradcheck {'/'.join(map(str, theirs[:3]))} {theirs[3]!r}  {'same' if mine == theirs else 'DIFFERENT'}",
              file=out)
    return ok


def exp_throughput(binary, repeat):
    """Median exp calls per second of glibc's vectorised exp on all cores (threads, rate)."""
    rates, threads = [], None
    for _ in range(max(3, repeat)):
        p = subprocess.run([binary, "--exp-throughput"], capture_output=True, text=True, timeout=120)
        report = json.loads(p.stdout)
        rates.append(report["exp_per_second"])
        threads = report["threads"]
    return threads, statistics.median(rates)


def gradcheck_command(binary, grid, tolerance=("--atol", "1e-7", "--rtol", "1e-5")):
    """The sweep over the same grid, with the same tolerances, its JSON summary
    on standard output (`timing.seconds` is the computation alone)."""
    nx, nw1, nw2 = GRIDS[grid]
    return [binary, "sweep", "--x", f"-4:4:{nx}", "--w1", f"-4:4:{nw1}", "--w2", f"-4:4:{nw2}",
            "--y", "0,1", *tolerance, "--format", "json", "--worst", "0"]


def has_sweep(binary) -> bool:
    """`gradcheck sweep --help` succeeds, documents `sweep` itself (a binary
    without the subcommand may print the root help and exit 0), and is not the
    placeholder whose summary reads "(not yet available)"."""
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        return False
    try:
        p = subprocess.run([binary, "sweep", "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0 and "gradcheck sweep" in p.stdout and "not yet available" not in p.stdout


def measure(command, implementation) -> Run:
    t0 = time.perf_counter()
    p = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    # gradcheck: 0 = every check passed, 1 = failures found (still a full sweep).
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr)
        raise SystemExit(f"run_bench: {implementation} exited {p.returncode}: {' '.join(command)}")
    report = None
    try:
        parsed = json.loads(p.stdout)
        report = parsed if isinstance(parsed, dict) else None
    except ValueError:
        pass
    compute = None
    if report:
        compute = report.get("seconds")
        if compute is None and isinstance(report.get("timing"), dict):
            compute = report["timing"].get("seconds")  # gradcheck sweep --format json
    return Run(wall, compute if isinstance(compute, (int, float)) else None, report)


def _number(v) -> float:
    return float(v)  # "inf" and "nan" parse too


def agreement(numpy_report, gradcheck_report, out=sys.stdout) -> bool:
    """Prints, per weight, the failure counts and maximum errors of both.

    NumPy's count is the plain test |a - fd| <= atol + rtol|fd|; gradcheck's
    verdict widens it by the finite-difference error estimate, and the points
    outside the plain tolerance are its `inconclusive` plus `mismatch`, so
    that sum is what must equal NumPy's count. Maximum errors must agree to
    1e-6 relative."""
    same = True
    g = {p["parameter"]: p for p in gradcheck_report["summary"]["parameters"]}
    for name, n in numpy_report["parameters"].items():
        q = g[name]
        plain = q["inconclusive"] + q["mismatch"]
        figures = [("failures (plain test)", n["failures"], plain)]
        for key, field_ in (("max_abs_error", "maxAbsoluteError"), ("max_rel_error", "maxRelativeError")):
            figures.append((key.replace("_", " "), _number(n[key]), _number((q.get(field_) or {"value": 0})["value"])))
        for label, a, b in figures:
            ok = a == b if isinstance(a, int) else (a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b)))
            same &= ok
            print(f"    {name} {label:<22} numpy {a:<24} gradcheck {b:<24} {'same' if ok else 'DIFFERENT'}", file=out)
        print(f"    {name} gradcheck failures with the widened verdict: {q['mismatch'] + q['notDifferentiableFailures']}", file=out)
    return same


# --------------------------------------------------------------------------
# Report


def _fmt_rate(v: float) -> str:
    return f"{v / 1e6:,.2f} M/s"


def c_counts(c_report, gradcheck_report, out=sys.stdout):
    """The C reference's counts (-ffast-math, libmvec exp) beside gradcheck's, for information."""
    g = {p["parameter"]: p for p in gradcheck_report["summary"]["parameters"]} if gradcheck_report else {}
    model = c_report.get("model", "full")
    for name, n in c_report["parameters"].items():
        q = g.get(name)
        if model == "full":
            mine = f"agree/inconclusive/mismatch {n['agree']}/{n['inconclusive']}/{n['mismatch']}"
            theirs = f" (gradcheck {q['agree']}/{q['inconclusive']}/{q['mismatch']})" if q else ""
        else:
            mine = f"failures (plain test) {n['failures']}"
            theirs = f" (gradcheck {q['inconclusive'] + q['mismatch']})" if q else ""
        print(f"    {name} C {model} (-ffast-math, libmvec exp): {mine}{theirs}, max abs error "
              f"{_number(n['max_abs_error']):.6g}, max rel error {_number(n['max_rel_error']):.6g}", file=out)


def print_table(results, grids, with_gradcheck, out=sys.stdout) -> bool:
    """The table and the comparisons; False if NumPy's figures differ from gradcheck's."""
    same = True
    header = f"{'grid':<8} {'points':>13}  {'implementation':<20} {'wall s':>8} {'compute s':>10} {'points/s':>13}  basis"
    print(header, file=out)
    print("-" * len(header), file=out)
    for grid in grids:
        series = [s for s in results if s.grid == grid]
        basis = "compute" if all(s.median_compute() is not None for s in series) else "wall"
        for s in series:
            compute = s.median_compute()
            print(f"{grid:<8} {s.points:>13,}  {s.implementation:<20} {s.median_wall():>8.3f} "
                  f"{(f'{compute:.3f}' if compute is not None else '-'):>10} "
                  f"{_fmt_rate(s.points_per_second(basis)):>13}  {basis}", file=out)
        numpy = next((s for s in series if s.implementation.startswith("numpy")), None)
        gradcheck = next((s for s in series if s.implementation == "gradcheck sweep"), None)
        cs = [s for s in series if s.implementation.startswith("C ")]
        if with_gradcheck and numpy and gradcheck:
            rate = gradcheck.points_per_second(basis)
            print(f"{grid:<8} {'':>13}  gradcheck/numpy: {rate / numpy.points_per_second(basis):.2f}x ({basis} time)",
                  file=out)
            for c in cs:
                note = "the target: same error model" if c.implementation == C_FULL else "for information: less work"
                print(f"{grid:<8} {'':>13}  gradcheck/{c.implementation}: {rate / c.points_per_second(basis):.2f}x "
                      f"({basis} time; {note})", file=out)
            if numpy.runs[-1].report and gradcheck.runs[-1].report:
                same &= agreement(numpy.runs[-1].report, gradcheck.runs[-1].report, out)
        for c in cs:
            if c.runs[-1].report:
                c_counts(c.runs[-1].report, gradcheck.runs[-1].report if gradcheck and gradcheck.runs else None, out)
    if not with_gradcheck:
        print("\ngradcheck sweep is not available (not built yet): NumPy figures only.", file=out)
    return same


C_FULL, C_PLAIN = "C full error model", "C plain isclose"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="gradcheck sweep vs the NumPy and C references")
    p.add_argument("--binary", default=".build/release/gradcheck")
    p.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 3)))
    p.add_argument("--grids", default="medium,large",
                   help=f"comma-separated, from {', '.join(GRIDS)}")
    p.add_argument("--numpy-threads", type=int, default=1)
    p.add_argument("--json", metavar="FILE", help="also write every run's figures here")
    p.add_argument("--no-c", action="store_true", help="skip the C reference (bench/structure_aware_sweep.c)")
    args = p.parse_args(argv)

    grids = [g.strip() for g in args.grids.split(",") if g.strip()]
    unknown = [g for g in grids if g not in GRIDS]
    if unknown or args.repeat < 1:
        p.error(f"unknown grid {unknown}" if unknown else "--repeat must be at least 1")

    with_gradcheck = has_sweep(args.binary)
    scratch = tempfile.mkdtemp(prefix="gradcheck-bench-")
    c_binary = None if args.no_c else build_c_reference(scratch)
    checks_pass = True
    if c_binary:
        checks_pass &= check_c_steps(c_binary)
        exact = build_c_reference(scratch, C_EXACT_FLAGS, "structure_aware_sweep_exact") if with_gradcheck else None
        if exact:
            checks_pass &= check_c_arithmetic(exact, args.binary)
        threads, rate = exp_throughput(c_binary, args.repeat)
        bounds = ", ".join(f"{rate / e / 1e6:,.0f} M points/s at {e} exp per point ({m})" for m, e in EXP_PER_POINT.items())
        print(f"glibc's vectorised exp (libmvec, AVX2) on {threads} threads: {rate / 1e9:.2f}e9 exp/s, median of "
              f"{max(3, args.repeat)}; that bounds a sweep at {bounds}")
    results = []
    for grid in grids:
        nx, nw1, nw2 = GRIDS[grid]
        points = nx * nw1 * nw2 * LABELS
        numpy = Series("numpy" + (f" ({args.numpy_threads} thr)" if args.numpy_threads != 1 else ""),
                       grid, points)
        gradcheck = Series("gradcheck sweep", grid, points)
        results.append(numpy)
        if with_gradcheck:
            results.append(gradcheck)
        cs = {"full": Series(C_FULL, grid, points), "plain": Series(C_PLAIN, grid, points)} if c_binary else {}
        results.extend(cs.values())
        for i in range(args.repeat):
            print(f"{grid}: run {i + 1}/{args.repeat}", file=sys.stderr, flush=True)
            numpy.runs.append(measure(numpy_command(grid, args.numpy_threads), "numpy"))
            if with_gradcheck:
                gradcheck.runs.append(measure(gradcheck_command(args.binary, grid), "gradcheck"))
            for model, c in cs.items():
                c.runs.append(measure(c_command(c_binary, grid, model), c.implementation))

    checks_pass &= print_table(results, grids, with_gradcheck)
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"implementation": s.implementation, "grid": s.grid, "points": s.points,
                        "runs": [{"wall": r.wall, "compute": r.compute, "report": r.report} for r in s.runs]}
                       for s in results], f, indent=2)
    if not checks_pass:
        print("run_bench: a comparison above says DIFFERENT", file=sys.stderr)
    return 0 if checks_pass else 1


if __name__ == "__main__":
    sys.exit(main())
