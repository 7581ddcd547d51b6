"""Write the J2-only LEO reference ephemeris used by tests/validation/test_propagation_reference.py.

Independent of baiterek's propagator: the right-hand side is written here in plain numpy (point
mass + J2 about the Earth's pole at the epoch) and integrated with scipy's DOP853 at
rtol = 1e-13, atol = 1e-9 (m, m/s). Only the constants (EGM96 J2, R, GM from baiterek.constants)
and the pole (skyfield's GCRS -> ITRS rotation at the epoch) are shared with the code under test:
they define the problem, not the solution.

Run:  .venv/bin/python scripts/generate_propagation_reference.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import scipy
from scipy.integrate import solve_ivp
from skyfield.api import load
from skyfield.framelib import itrs

from baiterek.constants import J2, MU_EARTH, R_GRAVITY

OUT = (
    Path(__file__).resolve().parents[1] / "tests/validation/data/propagation_reference_j2_leo.json"
)
EPOCH_UTC = (2026, 11, 21, 5, 45, 4.0)


def initial_state() -> tuple[np.ndarray, np.ndarray]:
    """Circular-ish 51.6 deg orbit at 400 km built from elements (written out, not imported)."""
    a = 6_378_137.0 + 410_000.0
    e, i, raan, argp, nu = 0.0015, np.radians(51.6), np.radians(120.0), np.radians(30.0), 0.0
    p = a * (1 - e * e)
    r = p / (1 + e * np.cos(nu))
    r_pf = np.array([r * np.cos(nu), r * np.sin(nu), 0.0])
    v_pf = np.sqrt(MU_EARTH / p) * np.array([-np.sin(nu), e + np.cos(nu), 0.0])
    cO, sO, cw, sw, ci, si = (
        np.cos(raan),
        np.sin(raan),
        np.cos(argp),
        np.sin(argp),
        np.cos(i),
        np.sin(i),
    )
    rot = np.array(
        [
            [cO * cw - sO * sw * ci, -cO * sw - sO * cw * ci, sO * si],
            [sO * cw + cO * sw * ci, -sO * sw + cO * cw * ci, -cO * si],
            [sw * si, cw * si, ci],
        ]
    )
    return rot @ r_pf, rot @ v_pf


def main() -> None:
    ts = load.timescale(builtin=True)
    t0 = ts.utc(*EPOCH_UTC)
    m = itrs.rotation_at(t0)  # r_itrs = m @ r_gcrs; its third row is the pole in GCRS
    r0, v0 = initial_state()

    def rhs(_t, y):
        rb = m @ y[:3]
        rn = np.linalg.norm(rb)
        s2 = (rb[2] / rn) ** 2
        k = 1.5 * J2 * MU_EARTH * R_GRAVITY**2 / rn**5
        ab = -MU_EARTH * rb / rn**3 - k * rb * np.array([1 - 5 * s2, 1 - 5 * s2, 3 - 5 * s2])
        return np.concatenate([y[3:], m.T @ ab])

    t_eval = np.arange(0.0, 86400.0 + 1.0, 600.0)
    sol = solve_ivp(
        rhs,
        (0.0, 86400.0),
        np.concatenate([r0, v0]),
        method="DOP853",
        rtol=1e-13,
        atol=1e-9,
        t_eval=t_eval,
    )
    assert sol.success, sol.message
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "description": "J2-only LEO, 24 h; scipy DOP853 rtol=1e-13 atol=1e-9; pole = skyfield ITRS z at epoch",
                "generator": "scripts/generate_propagation_reference.py",
                "scipy_version": scipy.__version__,
                "epoch_utc": "2026-11-21T05:45:04Z",
                "constants": {"mu_m3_s2": MU_EARTH, "j2": J2, "r_ref_m": R_GRAVITY},
                "gcrs_to_itrs_at_epoch": m.tolist(),
                "r0_m": r0.tolist(),
                "v0_m_s": v0.tolist(),
                "t_s": t_eval.tolist(),
                "r_m": sol.y[:3].T.tolist(),
                "v_m_s": sol.y[3:].T.tolist(),
                "nfev": int(sol.nfev),
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {OUT} ({sol.nfev} evaluations)")


if __name__ == "__main__":
    main()
