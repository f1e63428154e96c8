#!/usr/bin/env python3
"""`gradcheck sweep` against NumPy broadcasting and JAX on every bundled network.

    python3 bench/run_networks.py [--binary .build/release/gradcheck] [--repeat 3] [--n 160]

For each fixtures/networks/*.net, the grid is every input and parameter in
-4:4:N (parameters past the second -4:4:EXTRA) and every label in {0, 1}.
The three implementations (bench/network_sweep.py holds the references, with
the sweep's arithmetic: reverse-mode gradient, central differences at h and
2h, the rounding and truncation error estimate) run alternately, network by
network, --repeat times, each in a fresh process, so that a change in the
machine's speed hits all alike.  Times are compute times as each program
reports them (JAX: after jit compilation, which is reported separately).
The table gives medians and the ratios gradcheck/NumPy and gradcheck/JAX
(above 1: gradcheck is faster), and each network's throughput against q2's.
JAX is a benchmark reference only (`pip install jax`); without it the JAX
column says so and the rest runs.  Exit status 1 if NumPy's agree counts
differ from gradcheck's.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFERENCE = os.path.join(HERE, "network_sweep.py")
sys.path.insert(0, HERE)
import network_sweep  # noqa: E402  (the same grammar and grid)


def has_jax() -> bool:
    return subprocess.run([sys.executable, "-c", "import jax"], capture_output=True).returncode == 0


def gradcheck_command(binary, path, n, extra):
    inputs, labels, params, _, _ = network_sweep.load(path)
    cmd = [binary, "sweep", "--network", path, "--format", "json", "--worst", "0"]
    for v in inputs:
        cmd += [f"--{v}", f"-4:4:{n}"]
    for v in labels:
        cmd += [f"--{v}", "0,1"]
    for k, v in enumerate(params):
        cmd += [f"--{v}", f"-4:4:{n if k < 2 else extra}"]
    return cmd


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr)
        raise SystemExit(f"run_networks: exited {p.returncode}: {' '.join(cmd)}")
    return json.loads(p.stdout)


# A network using log: gradcheck's log may differ from NumPy's (glibc's) by 1 ulp, so a point on the
# tolerance's edge may get the other verdict. The agree counts may then differ by this fraction of the points.
LOG_SLACK = 1e-5


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=".build/release/gradcheck")
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 3)))
    ap.add_argument("--n", type=int, default=160)
    ap.add_argument("--extra-n", type=int, default=5)
    ap.add_argument("--numpy-threads", type=int, default=2)
    ap.add_argument("--networks", default=os.path.join(ROOT, "fixtures", "networks", "*.net"))
    args = ap.parse_args(argv)
    networks = sorted(glob.glob(args.networks), key=lambda p: (os.path.basename(p) != "q2.net", p))
    jax = has_jax()
    if not jax:
        print("JAX is not installed (pip install jax): the JAX column is skipped.")
    times = {p: {"gradcheck": [], "numpy": [], "jax": [], "compile": []} for p in networks}
    reports = {}
    for i in range(args.repeat):
        for path in networks:
            print(f"{os.path.basename(path)}: run {i + 1}/{args.repeat}", file=sys.stderr, flush=True)
            g = run(gradcheck_command(args.binary, path, args.n, args.extra_n))
            times[path]["gradcheck"].append(g["timing"]["seconds"])
            common = [sys.executable, REFERENCE, path, "--n", str(args.n), "--extra-n", str(args.extra_n)]
            r = run(common + ["--backend", "numpy", "--threads", str(args.numpy_threads)])
            times[path]["numpy"].append(r["seconds"])
            reports[path] = (g, r, None)
            if jax:
                j = run(common + ["--backend", "jax"])
                times[path]["jax"].append(j["seconds"])
                times[path]["compile"].append(j["compile_seconds"])
                reports[path] = (g, r, j)
    med = {p: {k: (statistics.median(v) if v else None) for k, v in t.items()} for p, t in times.items()}
    points = {p: reports[p][1]["points"] for p in networks}
    q2_rate = points[networks[0]] / med[networks[0]]["gradcheck"]
    header = (f"{'network':<18} {'points':>10} {'evaluator':<13} {'gradcheck s':>11} {'NumPy s':>8} {'JAX s':>7} "
              f"{'JAX compile':>11} {'gc/NumPy':>8} {'gc/JAX':>7} {'M pts/s':>8} {'vs q2':>6}")
    print(f"medians of {args.repeat} interleaved runs, compute time; NumPy {args.numpy_threads} threads, JAX all cores")
    print(header)
    print("-" * len(header))
    for p in networks:
        m = med[p]
        rate = points[p] / m["gradcheck"]
        jax_s = f"{m['jax']:.3f}" if m["jax"] is not None else "-"
        comp = f"{m['compile']:.1f}" if m["compile"] is not None else "-"
        gj = f"{m['jax'] / m['gradcheck']:.2f}x" if m["jax"] is not None else "-"
        print(f"{os.path.basename(p)[:-4]:<18} {points[p]:>10,} {reports[p][0]['timing']['evaluator']:<13} "
              f"{m['gradcheck']:>11.3f} {m['numpy']:>8.3f} {jax_s:>7} {comp:>11} "
              f"{m['numpy'] / m['gradcheck']:>7.2f}x {gj:>7} {rate / 1e6:>8.2f} {rate / q2_rate:>5.2f}x")
    print("\nagree counts (gradcheck / NumPy / JAX; NumPy's must equal gradcheck's: the same step, arithmetic and"
          " glibc exp; XLA's exp differs by more than an ulp, so JAX's may differ slightly. gradcheck's own log"
          " is within 1 ulp of glibc's (NaturalLogarithm), so on a network using log NumPy's counts may differ"
          f" by up to {LOG_SLACK:g} of the points):")
    same = True
    for p in networks:
        g, r, j = reports[p]
        with open(p) as f:
            slack = int(LOG_SLACK * points[p]) if re.search(r"\blog\s*\(", f.read()) else 0
        row = []
        equal = True
        for q in g["summary"]["parameters"]:
            name = q["parameter"]
            jv = j["parameters"][name]["agree"] if j else "-"
            equal &= abs(q["agree"] - r["parameters"][name]["agree"]) <= slack
            row.append(f"{name} {q['agree']}/{r['parameters'][name]['agree']}/{jv}")
        same &= equal
        print(f"  {os.path.basename(p)[:-4]:<18} " + "  ".join(row) + ("" if equal else "  DIFFERENT (gradcheck/NumPy)"))
    if not same:
        print("run_networks: NumPy's agree counts differ from gradcheck's", file=sys.stderr)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
