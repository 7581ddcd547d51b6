"""The closed-loop guidance's burn model (``flight._peg.burn_integrals``) against quadrature.

Reference: the thrust acceleration ``a(s) = F / (m0 - mdot s)`` of a made-up three-segment model
(a burn, a coast with a drop, a second burn) integrated numerically by ``scipy.integrate.quad``
(and the burn time that delivers a velocity found by ``scipy.optimize.brentq``), independently
of the closed forms in the module.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq

from baiterek.flight import _kernel as K
from baiterek.flight import _peg

# three segments on the burn clock: (thrust N, mass flow kg/s, start s, end s, drop kg at start)
SEGMENTS = [(1.0e6, 300.0, 0.0, 100.0, 0.0), (0.0, 0.0, 100.0, 103.0, 5000.0),
            (5.0e5, 150.0, 103.0, 500.0, 0.0)]  # fmt: skip
TAU, MASS = 20.0, 100_000.0


def _segs() -> np.ndarray:
    segs = np.zeros((K.N_SEG_ROWS, len(SEGMENTS)))
    for j, (f, q, a, b, drop) in enumerate(SEGMENTS):
        segs[[K.SEG_THRUST, K.SEG_MASS_FLOW, K.SEG_START, K.SEG_END, K.SEG_DROP], j] = (
            f,
            q,
            a,
            b,
            drop,
        )
    return segs


def _accel(s: float) -> float:
    """Thrust acceleration s seconds after TAU (m/s2), from the segment list."""
    m = MASS
    for j, (f, q, a, b, drop) in enumerate(SEGMENTS):
        if j > 0:
            m -= drop
        lo = max(a, TAU)
        if TAU + s < b:
            return f / (m - q * (TAU + s - lo)) if f > 0 else 0.0
        m -= q * (b - lo)
    return 0.0


def _integrals(tgo: float) -> tuple[float, ...]:
    pts = [80.0, 83.0]  # the segment edges after TAU
    return tuple(quad(lambda s, n=n: _accel(s) * s**n, 0.0, tgo, points=pts, limit=200,
                      epsabs=0.0, epsrel=1e-12)[0] for n in (0, 1, 2))  # fmt: skip


def test_burn_integrals_match_quadrature_across_a_coast_and_a_drop():
    segs = _segs()
    dv = 4000.0  # ends inside the second burn
    tgo, big_l, big_j, big_k = _peg.burn_integrals(
        dv, TAU, MASS, 0, segs, K.SEG_START, K.SEG_END, K.SEG_DROP, K.SEG_THRUST, K.SEG_MASS_FLOW
    )
    want_tgo = brentq(lambda t: _integrals(t)[0] - dv, 84.0, 480.0, xtol=1e-10)
    want = _integrals(want_tgo)
    print(f"t_go {tgo:.9f} s (quadrature {want_tgo:.9f}); L, J, K {big_l, big_j, big_k} {want}")
    assert abs(tgo - want_tgo) < 1e-6
    for got, ref in zip((big_l, big_j, big_k), want, strict=True):
        assert abs(got / ref - 1.0) < 1e-9


def test_burn_integrals_short_of_the_velocity_burn_everything():
    segs = _segs()
    tgo, big_l, *_ = _peg.burn_integrals(
        1e5, TAU, MASS, 0, segs, K.SEG_START, K.SEG_END, K.SEG_DROP, K.SEG_THRUST, K.SEG_MASS_FLOW
    )
    assert tgo == 500.0 - TAU
    assert abs(big_l / _integrals(tgo)[0] - 1.0) < 1e-9
