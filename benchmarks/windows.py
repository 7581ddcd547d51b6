"""Time to scan 365 days of ISS launch windows from Baikonur Site 31/6 (goal <= 1 s).

Prints one JSON document: the median of several runs of the search (plane roots, SGP4 phase,
constraints) and of the conversion to records (ISO strings), and the count of windows.
Run: .venv/bin/python benchmarks/windows.py
"""

import json
import platform
import statistics
import time

from baiterek import catalog
from baiterek.windows import geometry_provider, parse_tle, sso_windows, tle_windows

ISS = """ISS (ZARYA)
1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995
2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097"""


def _median(fn, runs: int = 7) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    site = catalog.site("baikonur-31-6")
    target = parse_tle(ISS)
    sim_a = geometry_provider("soyuz-2.1a", site.id)  # the simulator's geometry, as the CLI
    sim_b = geometry_provider("soyuz-2.1b", site.id)
    tle_windows(
        site, "soyuz-2.1a", target, "2023-05-24", 2.0, geometry=sim_a
    )  # warm-up (imports, caches)

    def scan():
        return tle_windows(
            site, "soyuz-2.1a", target, "2023-05-24", 365.0, force_tle=True, geometry=sim_a
        )

    t_scan, table = _median(scan)
    t_rec, _ = _median(table.records, runs=3)
    t_sso, sso = _median(
        lambda: sso_windows(site, "soyuz-2.1b", 600e3, 10.5, "2026-01-01", 365.0, geometry=sim_b)
    )
    print(
        json.dumps(
            {
                "benchmark": "windows",
                "iss_365_days_scan_s": round(t_scan, 4),
                "iss_365_days_records_s": round(t_rec, 4),
                "iss_365_days_total_s": round(t_scan + t_rec, 4),
                "iss_windows": len(table),
                "sso_365_days_scan_s": round(t_sso, 4),
                "sso_windows": len(sso),
                "goal_s": 1.0,
                "python": platform.python_version(),
                "machine": platform.machine(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
