"""Numerical helpers shared by the analyses: one bracketed root finder.

``feasible_side_root`` is regula falsi (the Illinois variant) for a decreasing function whose
root is the edge of a feasible region, e.g. the largest payload that still reaches an orbit or the
highest orbit still reached. Why not ``scipy.optimize.brentq``/``toms748``: those return the
iterate closest to the root, from either side, and need a finite value at both ends. Here

- the answer must be a *feasible* point (a payload that reaches the orbit, with its trajectory):
  the lower end is always an evaluated feasible point and is what is returned, so the result does
  not depend on the path (commit b49faef);
- the infeasible side often has no finite value (no trajectory closes: ``-inf``), where a
  bisection step is taken instead of a secant step;
- before an infeasible point is known, a caller-given step (e.g. Newton with a known slope)
  extends the search;
- each evaluation carries data (the solved trajectory) that is returned with the answer.

The feasible end keeps its true value (it is the answer and the stopping test reads it); the
infeasible end's value is halved when it is kept twice in a row (Illinois), which stops regula
falsi from stalling on one side.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FeasibleRoot(Generic[T]):
    """The feasible end of the final bracket (the answer) and the infeasible end."""

    x: float  # the last feasible point
    fx: float  # its value (>= 0 side)
    data: T  # what the evaluation of ``x`` returned
    x_infeasible: float  # the closest infeasible point known (inf if none)
    f_infeasible: float  # its value, Illinois-weighted (-inf if not finite)
    evaluations: int


def feasible_side_root(
    f: Callable[[float], tuple[float, bool, T]],
    lo: float,
    f_lo: float,
    data_lo: T,
    hi: float = math.inf,
    f_hi: float = -math.inf,
    *,
    xtol: float,
    min_step: float,
    max_iter: int,
    ftol: float = -math.inf,
    unbracketed_step: Callable[[float, float], float] | None = None,
) -> FeasibleRoot[T]:
    """The edge of the feasible region of a decreasing ``f``, approached from the feasible side.

    ``f(x) -> (value, feasible, data)``; ``lo`` is feasible (value ``f_lo``, data ``data_lo``),
    ``hi`` infeasible (``inf``: none known yet; then ``unbracketed_step(lo, f_lo)`` gives the
    next trial). Stops when the bracket is narrower than ``xtol``, when ``f_lo < ftol`` (or is
    0: the root itself) or after
    ``max_iter`` evaluations. Trials stay ``min_step`` inside the bracket. Units are the caller's.
    """
    side = 0
    n = 0
    for _ in range(max_iter):
        if f_lo < ftol or f_lo == 0.0 or hi - lo < xtol:  # f_lo == 0: the root itself
            break
        if math.isfinite(hi) and math.isfinite(f_hi):
            x = lo - f_lo * (hi - lo) / (f_hi - f_lo)
        elif math.isfinite(hi):
            x = 0.5 * (lo + hi)
        elif unbracketed_step is not None:
            x = unbracketed_step(lo, f_lo)
        else:
            raise ValueError("no infeasible point and no unbracketed_step")
        x = min(max(x, lo + min_step), hi - min_step)
        fx, ok, data = f(x)
        n += 1
        if ok:
            lo, f_lo, data_lo = x, fx, data
            if side == 1:  # the infeasible end kept twice: halve its weight (Illinois)
                f_hi *= 0.5
            side = 1
        else:
            hi, f_hi = x, fx
            side = -1
    return FeasibleRoot(lo, f_lo, data_lo, hi, f_hi, n)
