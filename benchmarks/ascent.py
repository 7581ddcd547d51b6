"""Ascent speed: one guided Sunkar ascent to 200 km, and 1,000 ascents flown together (dispersed
kicks with one vehicle model; then 1,000 dispersed vehicle models). Prints JSON.

Run: .venv/bin/python benchmarks/ascent.py
"""

import json
import math
import os
import statistics
import time

import numpy as np

from baiterek.flight.simulate import fly, fly_batch, orbit_target, setup, simulate, solve_guidance
from baiterek.mission import mission_from_dict

MISSION = {
    "mission": {"vehicle": "sunkar", "site": "baikonur-45-1", "payload_kg": 12000},
    "target": {"kind": "circular", "altitude_km": 200, "inclination_deg": 51.6},
}


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    m = mission_from_dict(MISSION)
    st = setup("sunkar", "baikonur-45-1", 12000, orbit_target(m))
    sol = solve_guidance(st)  # also compiles / loads the numba cache
    fly_batch(st, sol.prm)
    simulate(st, sol.prm, m.mission.launch_time_utc)

    one_kernel = median_time(lambda: fly_batch(st, sol.prm), 200)
    one_recorded = median_time(
        lambda: simulate(st, sol.prm, m.mission.launch_time_utc, closed_loop=False), 50
    )
    one_closed_loop = median_time(lambda: simulate(st, sol.prm, m.mission.launch_time_utc), 20)
    solve = median_time(lambda: solve_guidance(st), 5)
    full = median_time(lambda: fly(m), 5)

    rng = np.random.default_rng(1)
    prms = np.repeat(sol.prm[None, :], 1000, 0)
    prms[:, 1] += np.radians(rng.normal(0.0, 0.05, 1000))  # dispersed kicks
    batch = median_time(lambda: fly_batch(st, prms), 3)
    status, tf, sf = fly_batch(st, prms)
    # 1,000 dispersed vehicle models (one per trajectory): thrust 0.3 %, drag 5 %, density 3 %
    md = st.problem.model.dispersed(
        1000,
        thrust_scale=rng.normal(1.0, 0.003, 1000),
        drag_scale=rng.normal(1.0, 0.05, 1000),
        density_scale=rng.normal(1.0, 0.03, 1000),
    )
    dispersed = median_time(lambda: fly_batch(st, sol.prm, model=md), 3)
    print(
        json.dumps(
            {
                "benchmark": "ascent",
                "cpu_count": os.cpu_count(),
                "one_ascent_guided_kernel_ms": one_kernel * 1e3,
                "one_ascent_recorded_with_derived_series_ms": one_recorded * 1e3,
                "one_ascent_recorded_closed_loop_ms": one_closed_loop * 1e3,
                "guidance_solution_from_defaults_ms": solve * 1e3,
                "fly_mission_end_to_end_ms": full * 1e3,
                "batch_1000_total_s": batch,
                "batch_1000_per_trajectory_ms": batch * 1e3 / 1000,
                "batch_1000_inserted": int(np.sum(status == 1)),
                "batch_1000_dispersed_models_total_s": dispersed,
                "goal_one_ascent_ms": 2.0,
                "note": "one_ascent_guided_kernel: the full ascent with solved closed-loop parameters; "
                "guidance_solution_from_defaults: kick search + Newton on the vacuum law",
                "kick_deg": math.degrees(sol.kick),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
