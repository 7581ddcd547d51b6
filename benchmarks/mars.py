"""Mars porkchop speed: the 2028 opportunity on 1-day grids (60 x 200 and the default). Prints JSON.

Run: .venv/bin/python benchmarks/mars.py   (``--payload`` adds the payload porkchop, slow)
"""

import json
import os
import statistics
import sys
import time

import numpy as np

from baiterek.interplanetary.porkchop import opportunity_grid, porkchop


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    dep, arr = opportunity_grid(2028)
    porkchop(2028)  # compile (numba cache) and open DE421 once
    small = (dep[30:90], arr[:200])
    out = {
        "cpu_count": os.cpu_count(),
        "porkchop_2028_60x200_s": round(
            median_time(lambda: porkchop(departure_jd=small[0], arrival_jd=small[1]), 5), 3
        ),
        "porkchop_2028_60x200_grid_only_s": round(
            median_time(
                lambda: porkchop(departure_jd=small[0], arrival_jd=small[1], refine=False), 5
            ),
            3,
        ),
        "porkchop_2028_default_grid": f"{dep.size} x {arr.size}",
        "porkchop_2028_default_s": round(median_time(lambda: porkchop(2028), 5), 3),
        "goal_s": 2.0,
    }
    if "--payload" in sys.argv:
        from baiterek.interplanetary.mars import mars

        t0 = time.perf_counter()
        res = mars("soyuz-2.1b", "baikonur-31-6", 2028)
        out["payload_porkchop_soyuz_2_1b_s"] = round(time.perf_counter() - t0, 1)
        out["payload_porkchop_goal_s"] = 30.0
        out["payload_points"] = int(np.isfinite(res.payload).sum())
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
