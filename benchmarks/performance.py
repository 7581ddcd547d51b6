"""Performance speed: one maximum-payload solution, and a 100-point curve on the machine's cores.

Goals (issue 3): one solution <= 1 s; a 100-point curve <= 30 s. Prints JSON with what is reached.
Run: .venv/bin/python benchmarks/performance.py
"""

import json
import math
import os
import statistics
import time

from baiterek.constants import WGS84_A
from baiterek.flight import guidance as G
from baiterek.performance import curves as C
from baiterek.performance.payload import max_payload


def target(altitude_km, inclination_deg=51.6):
    r = WGS84_A + 1e3 * altitude_km
    return G.OrbitTarget(r, 0.0, r, math.radians(inclination_deg))


def main():
    n_cores = len(os.sched_getaffinity(0))
    max_payload("sunkar", "baikonur-45-1", target(200.0))  # loads the numba cache
    cold, warm, evals_cold, evals_warm = [], [], [], []
    for _ in range(3):
        t0 = time.perf_counter()
        r = max_payload("sunkar", "baikonur-45-1", target(200.0))
        cold.append(time.perf_counter() - t0)
        evals_cold.append(r.evaluations)
        kick = math.radians(r.trajectory.guidance["pitch_over_kick_deg"])
        # a curve's neighbour: 100 km higher, started from the extrapolated payload
        guess = C.warm_guess([100.0, 200.0], [r.payload_kg * 1.06, r.payload_kg], 300.0)
        t0 = time.perf_counter()
        r3 = max_payload(
            "sunkar", "baikonur-45-1", target(300.0), initial_payload_kg=guess, kick_guess=kick
        )
        warm.append(time.perf_counter() - t0)
        evals_warm.append(r3.evaluations)

    # with an upper stage: Proton-M/Breeze-M to GTO (parking orbit, four perigee burns)
    rp, ra = WGS84_A + 200e3, WGS84_A + 35786e3
    gto = G.OrbitTarget(rp, 0.0, 0.5 * (rp + ra), math.radians(51.6))
    t0 = time.perf_counter()
    r_gto = max_payload("proton-m", "baikonur-200-39", gto, upper_stage_id="breeze-m")
    t_gto = time.perf_counter() - t0

    # 100 points: 4 inclinations x 25 altitudes (200 to 1,400 km by 50 km)
    alts = [200.0 + 50.0 * k for k in range(25)]
    t0 = time.perf_counter()
    curve = C.circular_curve("sunkar", "baikonur-45-1", [51.6, 64.8, 70.0, 97.0], alts)
    t_curve = time.perf_counter() - t0
    solve_times = [p.solve_time_s for p in curve.points]
    print(
        json.dumps(
            {
                "benchmark": "performance",
                "cores": n_cores,
                "max_payload_cold_s": statistics.median(cold),
                "max_payload_cold_kicks_solved": statistics.median(evals_cold),
                "max_payload_warm_neighbour_s": statistics.median(warm),
                "max_payload_warm_kicks_solved": statistics.median(evals_warm),
                "goal_one_solution_s": 1.0,
                "max_payload_proton_breeze_m_gto_s": t_gto,
                "max_payload_proton_breeze_m_gto_kg": r_gto.payload_kg,
                "curve_points": len(curve.points),
                "curve_points_ok": sum(p.ok for p in curve.points),
                "curve_failed": [f"{p.line} {p.perigee_km:g} km: {p.status}" for p in curve.failed],
                "curve_total_s": t_curve,
                "curve_workers": curve.workers,
                "curve_point_median_s": statistics.median(solve_times),
                "curve_point_max_s": max(solve_times),
                "goal_curve_s": 30.0,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
