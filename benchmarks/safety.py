"""Range-safety speed: all jettisoned bodies of one Soyuz-2.1b flight to the ground, and
10,000 bodies falling together (the Monte Carlo's load). Prints JSON.

The flight itself (guidance and ascent) is flown once, outside the timings. Goal (issue 11):
one flight's bodies under 20 ms warm.

Run: PYTHONPATH=src .venv/bin/python benchmarks/safety.py
"""

import json
import os
import statistics
import time

import numpy as np

from baiterek import catalog
from baiterek.flight.iip import iip_track
from baiterek.flight.simulate import fly
from baiterek.mission import mission_from_dict
from baiterek.safety.bodies import bodies_of, separation_states
from baiterek.safety.fall import IMPACT, impact_points

MISSION = {
    "mission": {
        "vehicle": "soyuz-2.1b",
        "site": "baikonur-31-6",
        "payload_kg": 7000,
        "launch_time_utc": "2027-03-01T06:00:00Z",
    },
    "target": {"kind": "elliptical", "perigee_km": 200, "apogee_km": 240, "inclination_deg": 51.67},
}
N_BODIES = 10_000


def timings(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def median_time(fn, repeat):
    return statistics.median(timings(fn, repeat))


def main():
    traj = fly(mission_from_dict(MISSION))
    bodies = bodies_of("soyuz-2.1b")
    site = catalog.site("baikonur-31-6")
    states, times = separation_states(traj, bodies)
    impact_points(states, times, bodies, site=site)  # compile / load the numba cache
    runs = timings(lambda: impact_points(states, times, bodies, site=site), 30)
    one_flight, one_flight_min = statistics.median(runs), min(runs)
    iip = median_time(
        lambda: iip_track(traj.time, traj.position, traj.velocity, site.latitude, site.longitude),
        20,
    )

    ns = -(-N_BODIES // len(bodies))  # samples so that ns x bodies >= N_BODIES
    rng = np.random.default_rng(1)
    many = np.repeat(states[None], ns, 0)
    many[:, :, 3:6] += rng.normal(0.0, 2.0, (ns, len(bodies), 3))  # 2 m/s 1-sigma per axis
    many_t = np.repeat(times[None], ns, 0)
    impact_points(many[:64], many_t[:64], bodies, site=site)  # compile the parallel kernel
    t_many = median_time(lambda: impact_points(many, many_t, bodies, site=site), 3)
    ip = impact_points(many, many_t, bodies, site=site)
    print(
        json.dumps(
            {
                "benchmark": "safety",
                "cpu_count": os.cpu_count(),
                "vehicle": "soyuz-2.1b",
                "bodies_per_flight": len(bodies),
                "one_flight_all_bodies_ms": one_flight * 1e3,
                "one_flight_all_bodies_min_ms": one_flight_min * 1e3,
                "one_flight_goal_ms": 20.0,
                "load_average_1min": os.getloadavg()[0],
                "iip_track_ms": iip * 1e3,
                "iip_track_samples": int(traj.time.size),
                "many_bodies": int(ns * len(bodies)),
                "many_bodies_total_s": t_many,
                "many_bodies_per_body_ms": t_many / (ns * len(bodies)) * 1e3,
                "many_bodies_impacts": int(np.sum(ip.status == IMPACT)),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
