"""Benchmark: one day of a LEO orbit with J2, numba DOP853 beside scipy DOP853 and heyoka.

Prints one JSON document: for each integrator the best (minimum) wall time of repeated runs (the machine is shared; the minimum is the least noisy) (compile /
JIT time excluded and reported apart) and the maximum position error against scipy DOP853 at
rtol = 1e-13 on the same model (point mass + J2 about the pole of the epoch), on a 60 s grid.
heyoka is optional (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import json
import os
import platform
import time

import numpy as np
from scipy.integrate import solve_ivp

from baiterek.constants import J2, MU_EARTH, R_GRAVITY, WGS84_A
from baiterek.earth import frames
from baiterek.earth.time import to_time
from baiterek.orbit.elements import elements_to_state
from baiterek.orbit.propagate import propagate

EPOCH = "2026-11-21T05:45:04Z"
GRID = np.arange(0.0, 86400.0 + 1.0, 60.0)


def _median_time(fn, repeats: int) -> tuple[float, object]:
    out = None
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return float(np.min(times)), out


def main() -> None:
    t0 = to_time(EPOCH)
    m = frames.gcrs_to_itrs_matrix(t0)
    r0, v0 = elements_to_state(WGS84_A + 400e3, 0.001, np.radians(51.6), 1.0, 0.5, 0.0)
    y0 = np.concatenate([r0, v0])

    def rhs(_t, y):
        rb = m @ y[:3]
        rn = np.linalg.norm(rb)
        s2 = (rb[2] / rn) ** 2
        k = 1.5 * J2 * MU_EARTH * R_GRAVITY**2 / rn**5
        ab = -MU_EARTH * rb / rn**3 - k * rb * np.array([1 - 5 * s2, 1 - 5 * s2, 3 - 5 * s2])
        return np.concatenate([y[3:], m.T @ ab])

    ref = (
        solve_ivp(rhs, (0, GRID[-1]), y0, method="DOP853", rtol=1e-13, atol=1e-9, t_eval=GRID)
        .y[:3]
        .T
    )

    def err(r):
        return float(np.max(np.linalg.norm(r - ref, axis=1)))

    results = []
    for rtol in (1e-10,):
        dt, sol = _median_time(
            lambda rtol=rtol: solve_ivp(
                rhs, (0, GRID[-1]), y0, method="DOP853", rtol=rtol, atol=1e-6, t_eval=GRID
            ),
            3,
        )
        results.append(
            {
                "integrator": "scipy DOP853",
                "rtol": rtol,
                "time_ms": dt * 1e3,
                "max_error_m": err(sol.y[:3].T),
                "nfev": int(sol.nfev),
            }
        )
    t = time.perf_counter()
    propagate(t0, r0, v0, GRID, n_zonal=2)
    first = time.perf_counter() - t
    for rtol in (1e-10, 1e-12):
        dt, p = _median_time(
            lambda rtol=rtol: propagate(t0, r0, v0, GRID, n_zonal=2, rtol=rtol), 20
        )
        results.append(
            {
                "integrator": "baiterek numba DOP853",
                "rtol": rtol,
                "time_ms": dt * 1e3,
                "max_error_m": err(p.r_m[0]),
                "nfev": int(p.nfev[0]),
                "first_call_s_including_compile_or_cache_load": first,
            }
        )
    batch_r = np.repeat(r0[None], 100, axis=0)
    batch_v = np.repeat(v0[None], 100, axis=0)
    dt, _ = _median_time(lambda: propagate(t0, batch_r, batch_v, GRID, n_zonal=2), 3)
    results.append(
        {
            "integrator": "baiterek numba DOP853, batch of 100 (parallel)",
            "rtol": 1e-12,
            "time_ms": dt * 1e3,
            "per_state_ms": dt * 10,
        }
    )
    try:
        import heyoka as hy
    except ImportError:
        results.append({"integrator": "heyoka", "status": "not installed"})
    else:
        x, y, z, vx, vy, vz = hy.make_vars("x", "y", "z", "vx", "vy", "vz")
        xb = m[0, 0] * x + m[0, 1] * y + m[0, 2] * z
        yb = m[1, 0] * x + m[1, 1] * y + m[1, 2] * z
        zb = m[2, 0] * x + m[2, 1] * y + m[2, 2] * z
        r2 = xb * xb + yb * yb + zb * zb
        inv_r = r2 ** (-0.5)
        inv_r3 = inv_r * inv_r * inv_r
        s2 = zb * zb / r2
        k = 1.5 * J2 * MU_EARTH * R_GRAVITY**2 * inv_r3 * inv_r * inv_r
        ax_b = -MU_EARTH * xb * inv_r3 - k * xb * (1 - 5 * s2)
        ay_b = -MU_EARTH * yb * inv_r3 - k * yb * (1 - 5 * s2)
        az_b = -MU_EARTH * zb * inv_r3 - k * zb * (3 - 5 * s2)
        ax = m[0, 0] * ax_b + m[1, 0] * ay_b + m[2, 0] * az_b
        ay = m[0, 1] * ax_b + m[1, 1] * ay_b + m[2, 1] * az_b
        az = m[0, 2] * ax_b + m[1, 2] * ay_b + m[2, 2] * az_b
        t = time.perf_counter()
        ta = hy.taylor_adaptive(
            [(x, vx), (y, vy), (z, vz), (vx, ax), (vy, ay), (vz, az)], list(y0), tol=1e-15
        )
        compile_s = time.perf_counter() - t

        def run():
            ta.time = 0.0
            ta.state[:] = y0
            return ta.propagate_grid(GRID)[-1]

        dt, states = _median_time(run, 20)
        results.append(
            {
                "integrator": f"heyoka {hy.__version__} Taylor",
                "tol": 1e-15,
                "time_ms": dt * 1e3,
                "max_error_m": err(np.asarray(states)[:, :3]),
                "compile_s": compile_s,
            }
        )
    print(
        json.dumps(
            {
                "case": "1 day, 400 km 51.6 deg LEO, point mass + J2, outputs every 60 s",
                "reference": "scipy DOP853 rtol=1e-13 atol=1e-9",
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
