"""Lighting constraints: Sun elevation at the pad and sunlit insertion, checked with skyfield and
the JPL DE421 ephemeris (package skyfield-data), then used as filters."""

import math
import os

import numpy as np
from skyfield.api import Loader, wgs84

from baiterek import catalog
from baiterek.windows import geometry_provider, parse_tle, tle_windows

ISS = """ISS (ZARYA)
1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995
2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097
"""
SITE = catalog.site("baikonur-31-6")
SIM = geometry_provider("soyuz-2.1a", SITE.id)  # the simulator's ascent geometry


def test_sun_elevation_against_de421():
    import skyfield_data

    eph = Loader(os.path.join(os.path.dirname(skyfield_data.__file__), "data"))("de421.bsp")
    try:
        w = tle_windows(SITE, "soyuz-2.1a", parse_tle(ISS), "2023-05-22", 5.0, geometry=SIM)
        from baiterek.earth.time import tt_jd_time

        t = tt_jd_time(w.launch_jd_tt)
        pad = eph["earth"] + wgs84.latlon(SITE.latitude_deg, SITE.longitude_deg, SITE.altitude_m)
        alt, _, _ = pad.at(t).observe(eph["sun"]).apparent().altaz()
        # 0.05 deg: analytic Sun (0.01 deg) + no refraction + geocentric/topocentric parallax
        assert np.max(np.abs(alt.degrees - np.degrees(w.sun_elevation_rad))) < 0.05
    finally:
        eph.close()


def test_filters():
    w = tle_windows(SITE, "soyuz-2.1a", parse_tle(ISS), "2023-05-01", 30.0, geometry=SIM)
    el = np.degrees(w.sun_elevation_rad)
    day = w.constrained(sun_elevation_min_deg=0.0)
    night = w.constrained(sun_elevation_max_deg=-6.0)
    assert len(day) == int(np.sum(el >= 0)) and np.all(np.degrees(day.sun_elevation_rad) >= 0)
    assert len(night) == int(np.sum(el <= -6.0))
    assert 0 < len(day) < len(w)
    lit = w.constrained(insertion_sunlit=True)
    assert len(lit) + len(w.constrained(insertion_sunlit=False)) == len(w)
    rec = day.records()
    assert all(math.isfinite(r["phase_deg"]) for r in rec)
    assert day.to_frame().shape[0] == len(day)
