"""Calibrate the one coefficient of the analytic ascent model on Soyuz MS-17 (only).

The out-of-plane steering of :mod:`baiterek.windows.geometry` acts from liftoff to a fraction f of
the ascent. This script finds the f that puts the predicted 2-orbit launch instant of Soyuz MS-17
(2020-10-14T05:45:04Z, Site 31/6, ISS TLE of docs/reference/validation-public.md sec. 1) on the real one, and
prints it as JSON. Progress MS-23 is *not* used here: it is the validation case
(tests/validation/test_iss_launch_windows.py). Run: .venv/bin/python benchmarks/calibrate_ascent.py
"""

import json
import math

from scipy.optimize import brentq

from baiterek import catalog
from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.time import to_time
from baiterek.windows.geometry import (
    analytic_ascent_geometry,
    nominal_ascent_duration_s,
    pad_offset_angle,
)
from baiterek.windows.search import tle_windows
from baiterek.windows.tle import parse_tle

MS17_TLE = """ISS (ZARYA)
1 25544U 98067A   20287.53670015  .00000762  00000-0  21766-4 0  9997
2 25544  51.6440 122.8761 0001413  26.5472  73.1662 15.49301208250368"""
MS17_LAUNCH_UTC = "2020-10-14T05:45:04Z"


def miss_s(fraction: float) -> float:
    site = catalog.site("baikonur-31-6")
    target = parse_tle(MS17_TLE)
    dur = nominal_ascent_duration_s("soyuz-2.1a")
    geom = analytic_ascent_geometry(
        site, target.plane().inclination_rad, "north", dur, None, fraction
    )
    w = tle_windows(site, "soyuz-2.1a", target, "2020-10-14T00:00:00Z", 1.0, geometry=geom)
    return (float(w.launch_jd_tt[0]) - float(to_time(MS17_LAUNCH_UTC).tt)) * SECONDS_PER_DAY


def main() -> None:
    f = brentq(miss_s, 0.2, 1.0, xtol=1e-6)
    site = catalog.site("baikonur-31-6")
    inc = parse_tle(MS17_TLE).plane().inclination_rad
    dur = nominal_ascent_duration_s("soyuz-2.1a")
    delta, a_n = pad_offset_angle(site, inc, "north", dur, 0.0, f * dur)
    print(
        json.dumps(
            {
                "calibration_case": "Soyuz MS-17",
                "steer_end_fraction": round(f, 4),
                "steer_end_s": round(f * dur, 1),
                "pad_offset_deg": math.degrees(delta),
                "out_of_plane_accel_m_s2": a_n,
                "miss_at_fraction_1_s": miss_s(1.0),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
