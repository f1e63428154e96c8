#!/usr/bin/env python3
"""NumPy broadcasting and JAX (jit + vmap) references for `gradcheck sweep` on any network file.

    python3 bench/network_sweep.py fixtures/networks/q2-tanh.net --backend numpy --n 160
    python3 bench/network_sweep.py fixtures/networks/q2-tanh.net --backend jax --n 160

The network file is read with the same grammar as gradcheck's (`input`,
`label`, `param`, `NAME = expr`, `loss NAME = expr` / `loss NAME`, `#`
comments; `+ - * / ^`, unary minus, exp log sigmoid tanh relu softplus abs
sqrt).  The grid: every input and parameter in linspace(-4, 4, N), every
label in {0, 1} (--extra-n values for parameters past the second, so that a
three-weight network's grid stays the same size order).

At every point and for every parameter w, the same arithmetic as the sweep:

    analytic   reverse-mode gradient: one hand-written reverse sweep, over
               NumPy's broadcast arrays or traced by JAX
    step       h = the sweep's step (bench/step_size.py: cbrt(eps) max(1, |w|)
               rounded down to a power of two), w± = fl(w ± h), w±2 = fl(w ± 2h)
    estimate   D(h) = (L(w+) - L(w-)) / (w+ - w-), and D(2h) likewise
    error est  4 eps sum_v |dL/dv| |v| * 2/(w+ - w-) + |D(h) - D(2h)|
               (infinite where |D(h) - D(2h)| > |D(h)|/4)
    verdict    agree if |g - D| <= atol + rtol |D|; within if also <= that + error est

Each node is computed once over the axes it depends on (NumPy broadcasting;
JAX per point under vmap, which XLA fuses, on all cores).  NumPy works a
block of the first axis at a time, --threads threads sharing the blocks.  Output: one JSON object (points, seconds = median
compute time, compile_seconds for JAX, points_per_second, per parameter
agree / within / total counts).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from step_size import EPS, central_step

ATOL, RTOL = 1e-7, 1e-5
NODE_ERROR = 4 * EPS

# ---------------------------------------------------------------- parsing

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(.))")
FUNCTIONS = {"exp", "log", "sigmoid", "tanh", "relu", "softplus", "abs", "sqrt"}


def tokenize(text):
    out = []
    for number, name, op in TOKEN.findall(text):
        if number:
            out.append(("num", float(number)))
        elif name:
            out.append(("name", name))
        elif op.strip():
            out.append(("op", op))
    return out


class Parser:
    """Expressions as tuples: ('const', c), ('var', name), ('neg', a), (op, a, b), ('pow', a, k), ('call', f, a)."""

    def __init__(self, text):
        self.t = tokenize(text)
        self.i = 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else (None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expression(self):
        e = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            e = ("add" if op == "+" else "sub", e, self.term())
        return e

    def term(self):
        e = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            e = ("mul" if op == "*" else "div", e, self.unary())
        return e

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.take()
            exponent = self.unary()
            if exponent[0] == "const" and float(exponent[1]).is_integer():
                return ("ipow", base, int(exponent[1]))
            return ("pow", base, exponent)
        return base

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return ("const", value)
        if kind == "name":
            if value in FUNCTIONS and self.peek() == ("op", "("):
                self.take()
                arg = self.expression()
                assert self.take() == ("op", ")")
                return ("call", value, arg)
            return ("var", value)
        if (kind, value) == ("op", "("):
            e = self.expression()
            assert self.take() == ("op", ")")
            return e
        raise SyntaxError(f"unexpected {value!r}")


def load(path):
    inputs, labels, params, nodes, loss = [], [], [], [], None
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] in ("input", "label", "param") and "=" not in line:
            {"input": inputs, "label": labels, "param": params}[words[0]].extend(words[1:])
        elif words[0] == "loss" and "=" not in line:
            loss = words[1]
        else:
            if words[0] == "loss":
                line = line[4:].strip()
                loss = line.split("=", 1)[0].strip()
            name, expr = line.split("=", 1)
            nodes.append((name.strip(), Parser(expr).expression()))
    return inputs, labels, params, nodes, loss


# ---------------------------------------------------------------- evaluation (array module `xp`)


def functions(xp):
    def sigmoid(z):
        e = xp.exp(-xp.abs(z))
        return xp.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def softplus(z):
        return xp.maximum(z, 0) + xp.log1p(xp.exp(-xp.abs(z)))

    value = {"exp": xp.exp, "log": xp.log, "sigmoid": sigmoid, "tanh": xp.tanh,
             "relu": lambda z: xp.maximum(z, 0), "softplus": softplus, "abs": xp.abs, "sqrt": xp.sqrt}

    def derivative(f, z):
        if f == "exp":
            return xp.exp(z)
        if f == "log":
            return 1 / z
        if f == "sigmoid":
            return sigmoid(z) * sigmoid(-z)
        if f == "tanh":
            return 1 / xp.cosh(z) ** 2
        if f == "relu":
            return (z > 0) * 1.0
        if f == "softplus":
            return sigmoid(z)
        if f == "abs":
            return xp.sign(z)
        return 0.5 / xp.sqrt(z)

    return value, derivative


def evaluate(e, env, fn):
    k = e[0]
    if k == "const":
        return e[1]
    if k == "var":
        return env[e[1]]
    if k == "neg":
        return -evaluate(e[1], env, fn)
    if k == "call":
        return fn[e[1]](evaluate(e[2], env, fn))
    if k == "ipow":
        base = evaluate(e[1], env, fn)
        result = 1.0
        for _ in range(abs(e[2])):
            result = result * base
        return 1 / result if e[2] < 0 else result
    a, b = evaluate(e[1], env, fn), evaluate(e[2], env, fn)
    return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b,
            "pow": lambda: a ** b}[k]()


def forward(nodes, env, fn, only=None):
    env = dict(env)
    for name, e in nodes:
        if only is None or name in only:
            env[name] = evaluate(e, env, fn)
    return env


def backward(e, seed, env, fn, deriv, adj):
    """Adds seed * d(e)/d(v) to adj[v] for every name v that e reads."""
    k = e[0]
    if k == "const":
        return
    if k == "var":
        adj[e[1]] = adj.get(e[1], 0) + seed
        return
    if k == "neg":
        return backward(e[1], -seed, env, fn, deriv, adj)
    if k == "call":
        z = evaluate(e[2], env, fn)
        return backward(e[2], seed * deriv(e[1], z), env, fn, deriv, adj)
    if k == "ipow":
        base = evaluate(e[1], env, fn)
        return backward(e[1], seed * e[2] * base ** (e[2] - 1), env, fn, deriv, adj)
    a, b = evaluate(e[1], env, fn), evaluate(e[2], env, fn)
    if k == "add":
        backward(e[1], seed, env, fn, deriv, adj)
        backward(e[2], seed, env, fn, deriv, adj)
    elif k == "sub":
        backward(e[1], seed, env, fn, deriv, adj)
        backward(e[2], -seed, env, fn, deriv, adj)
    elif k == "mul":
        backward(e[1], seed * b, env, fn, deriv, adj)
        backward(e[2], seed * a, env, fn, deriv, adj)
    elif k == "div":
        backward(e[1], seed / b, env, fn, deriv, adj)
        backward(e[2], -seed * a / (b * b), env, fn, deriv, adj)
    else:  # pow
        backward(e[1], seed * b * a ** (b - 1), env, fn, deriv, adj)


def reads(e):
    if e[0] == "var":
        return {e[1]}
    if e[0] == "const":
        return set()
    return set().union(*(reads(x) for x in e[1:] if isinstance(x, tuple)))


def descendants(nodes, p):
    out, live = set(), {p}
    for name, e in nodes:
        if reads(e) & live:
            live.add(name)
            out.add(name)
    return out


def check_block(xp, nodes, loss, params, env, fn, deriv):
    """Per parameter: (agree, within) counts over the block's points."""
    values = forward(nodes, env, fn)
    adj = {loss: 1.0}
    for name, e in reversed(nodes):
        if name in adj:
            backward(e, adj[name], values, fn, deriv, adj)
    shape = xp.broadcast_shapes(*(xp.shape(v) for v in values.values()))
    bound = 0.0
    for name, v in values.items():
        if name in adj:
            bound = bound + xp.abs(adj[name]) * xp.abs(v)
    bound = bound * NODE_ERROR
    results = []
    for p in params:
        w = values[p]
        h = central_step(w, xp)
        later = descendants(nodes, p)
        def loss_at(wv):
            return forward(nodes, {**values, p: wv}, fn, later)[loss]
        wp, wm, wp2, wm2 = w + h, w - h, w + 2 * h, w - 2 * h
        d1 = (loss_at(wp) - loss_at(wm)) / (wp - wm)
        d2 = (loss_at(wp2) - loss_at(wm2)) / (wp2 - wm2)
        spread = xp.abs(d1 - d2)
        truncation = xp.where(spread <= 0.25 * xp.abs(d1), spread, xp.inf)
        error = bound * (2 / (wp - wm)) + truncation
        g = adj.get(p, 0.0)
        diff = xp.abs(g - d1)
        base = ATOL + RTOL * xp.abs(d1)
        agree = xp.broadcast_to(diff <= base, shape)
        within = xp.broadcast_to(diff <= base + error, shape)
        results.append((xp.sum(agree), xp.sum(within)))
    return results


def grid(network, n, extra_n):
    inputs, labels, params, nodes, loss = network
    axes = []
    for v in inputs:
        axes.append((v, [(-4 + 8 * i / (n - 1)) for i in range(n)]))
    for v in labels:
        axes.append((v, [0.0, 1.0]))
    for k, v in enumerate(params):
        m = n if k < 2 else extra_n
        axes.append((v, [(-4 + 8 * i / (m - 1)) for i in range(m)]))
    return axes


def run_numpy(network, axes, threads=1):
    import numpy as np
    inputs, labels, params, nodes, loss = network
    fn, deriv = functions(np)
    dims = len(axes)
    arrays = {}
    for d, (name, vals) in enumerate(axes):
        shape = [1] * dims
        shape[d] = len(vals)
        arrays[name] = np.array(vals).reshape(shape)
    first_name, first_vals = axes[0]

    def share(indices):
        counts = {p: [0, 0] for p in params}
        with np.errstate(all="ignore"):
            for i in indices:
                env = dict(arrays)
                env[first_name] = arrays[first_name][i:i + 1]
                for p, (a, w) in zip(params, check_block(np, nodes, loss, params, env, fn, deriv)):
                    counts[p][0] += int(a)
                    counts[p][1] += int(w)
        return counts

    n = len(first_vals)
    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(share, [range(n * t // threads, n * (t + 1) // threads) for t in range(threads)]))
    return {p: [sum(c[p][0] for c in parts), sum(c[p][1] for c in parts)] for p in params}


def make_jax(network, axes):
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    inputs, labels, params, nodes, loss = network
    fn, deriv = functions(jnp)
    names = [name for name, _ in axes]

    def point(*vs):
        env = dict(zip(names, vs))
        out = check_block(jnp, nodes, loss, params, env, fn, deriv)
        return jnp.stack([jnp.stack(o) for o in out])

    f = point
    for d in reversed(range(len(axes))):
        in_axes = [None] * len(axes)
        in_axes[d] = 0
        f = jax.vmap(f, in_axes=tuple(in_axes))
    total = len(axes)

    @jax.jit
    def block(*vs):
        r = f(*vs)
        return r.reshape((-1,) + r.shape[total:]).sum(axis=0)

    return block, [jnp.array(v) for _, v in axes]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("network")
    ap.add_argument("--backend", choices=["numpy", "jax"], default="numpy")
    ap.add_argument("--n", type=int, default=160)
    ap.add_argument("--extra-n", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="NumPy: threads sharing the first axis (ufuncs release the GIL)")
    args = ap.parse_args(argv)
    network = load(args.network)
    axes = grid(network, args.n, args.extra_n)
    points = math.prod(len(v) for _, v in axes)
    params = network[2]
    times, compile_seconds = [], None
    if args.backend == "numpy":
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            counts = run_numpy(network, axes, args.threads)
            times.append(time.perf_counter() - t0)
    else:
        block, arrays = make_jax(network, axes)
        # Compiled ahead of time, so the compile time is measured by itself (it was the first
        # call's time less the median run's, which a loaded machine could make negative).
        t0 = time.perf_counter()
        compiled = block.lower(*arrays).compile()
        compile_seconds = time.perf_counter() - t0
        compiled(*arrays).block_until_ready()  # one untimed run: first-call costs are not JAX's steady state
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = compiled(*arrays).block_until_ready()
            times.append(time.perf_counter() - t0)
        counts = {p: [int(r[k][0]), int(r[k][1])] for k, p in enumerate(params)}
    seconds = statistics.median(times)
    print(json.dumps({"backend": args.backend, "network": args.network, "points": points, "seconds": seconds,
                      "seconds_all": times, "compile_seconds": compile_seconds,
                      "points_per_second": points / seconds,
                      "parameters": {p: {"agree": a, "within": w} for p, (a, w) in counts.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
