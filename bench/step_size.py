"""The step `gradcheck sweep` (and `gradcheck check`) takes for central differences.

`StepSize.step(for: .central, at: w)` in Sources/FiniteDifferences/StepSize.swift:

    1. d = cbrt(eps) * max(1, |w|),  eps = 2**-52       (the error-balancing step)
    2. h = 2**floor(log2 d): d rounded down to a power of two, so w + k h is
       an exact double for |w| >= 4h and k <= 4 (frexp: d = m 2**e with
       m in [0.5, 1), so h = 2**(e-1))
    3. halved while |w| + 4h overflows (reach 4: the sweep also evaluates
       w +- 2h, and `check`'s error test w +- 4h); only near +-1.8e308
    4. the representable step r = (w + h) - w (exact, Sterbenz), or h
       itself where r is 0 (h below half an ulp of w) or not finite.

At w = 0.3 (and every |w| <= 1) this is 2**-18 ~ 3.81e-6; at w = 4 it is
2**-16.  The sweep then evaluates w +- h and w +- 2h, rounded to doubles.

`central_step` works on arrays of NumPy or jax.numpy (`xp`); `central_step_scalar`
is the same with `math`, for per-point loops.
"""

from __future__ import annotations

import math

import numpy as np

EPS = 2.0**-52
CENTRAL_FACTOR = math.cbrt(EPS)  # ~6.06e-6, Swift's Foundation.cbrt(Double.ulpOfOne)
CENTRAL_REACH = 4.0
TINY = 2.0**-1022  # Double.leastNormalMagnitude: the halving stops there


def central_step(w, xp=np):
    """The step at every value of the array `w` (NumPy, or jax.numpy under jit/vmap)."""
    w = xp.asarray(w, dtype=xp.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        _, e = xp.frexp(CENTRAL_FACTOR * xp.maximum(1.0, xp.abs(w)))
        h = xp.ldexp(xp.full_like(w, 0.5), e)
        h = _halve_while_overflowing(w, h, xp)
        r = (w + h) - w
        return xp.where((r == 0) | ~xp.isfinite(r), h, r)


def _halve_while_overflowing(w, h, xp):
    def shrink(h):
        return ~xp.isfinite(xp.abs(w) + CENTRAL_REACH * h) & (h > TINY)

    if xp is np:
        while (s := shrink(h)).any():
            h = np.where(s, h / 2, h)
        return h
    from jax import lax  # traced: a loop XLA runs (under vmap, until no lane needs it)

    return lax.while_loop(lambda h: shrink(h).any(), lambda h: xp.where(shrink(h), h / 2, h), h)


def central_step_scalar(w: float) -> float:
    """The same step for one float, with `math.frexp` and `math.ldexp`."""
    _, e = math.frexp(CENTRAL_FACTOR * max(1.0, abs(w)))
    h = math.ldexp(0.5, e)
    while not math.isfinite(abs(w) + CENTRAL_REACH * h) and h > TINY:
        h /= 2
    r = (w + h) - w
    return h if r == 0 or not math.isfinite(r) else r
