"""Cost of yaw steering from liftoff (flight/azimuth.py): the guidance solve with and without the
kick-azimuth refinement, and what it changes (azimuth, cutoff mass, the pad's offset from the
insertion plane). Soyuz-2.1a (reference payload) from Baikonur 31/6 to 200 km at 51.64 deg, and
Sunkar from 45/1 to 200 km at 51.6 deg. Prints JSON (median wall time of 3 solves, warm).

Run: .venv/bin/python benchmarks/guidance_azimuth.py
"""

import json
import math
import statistics
import time

import numpy as np

from baiterek import catalog
from baiterek.flight.azimuth import solution_azimuth
from baiterek.flight.simulate import setup, solve_guidance
from baiterek.flight.target import OrbitTarget

CASES = (("soyuz-2.1a", "baikonur-31-6", 51.64), ("sunkar", "baikonur-45-1", 51.6))


def pad_offset_deg(st, sol):
    r0 = st.problem.s0[:3]
    h = np.cross(sol.cutoff_state[:3], sol.cutoff_state[3:6])
    return math.degrees(math.asin(float(h @ r0) / float(np.linalg.norm(h) * np.linalg.norm(r0))))


def main():
    out = []
    for vehicle, site, inc_deg in CASES:
        target = OrbitTarget.circular(200e3, math.radians(inc_deg))
        st = setup(vehicle, site, catalog.vehicle(vehicle).reference_payload_kg, target)
        row = {"vehicle": vehicle, "site": site}
        for steer in (False, True):
            solve_guidance(st, steer_azimuth=steer)  # warm (numba cache)
            times, sol = [], None
            for _ in range(3):
                t0 = time.perf_counter()
                sol = solve_guidance(st, steer_azimuth=steer)
                times.append(time.perf_counter() - t0)
            key = "steered" if steer else "default_azimuth"
            row[key] = {
                "solve_s": statistics.median(times),
                "evaluations": sol.iterations,
                "azimuth_deg": math.degrees(solution_azimuth(sol)),
                "cutoff_mass_kg": float(sol.cutoff_mass),
                "pad_offset_deg": pad_offset_deg(st, sol),
            }
        out.append(row)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
