"""Plane targeting, ascent geometry, phasing ranges, time and Sun helpers."""

import math

import numpy as np
import pytest
from sgp4.propagation import gstime

from baiterek import catalog
from baiterek.constants import SECONDS_PER_DAY, WGS84_A
from baiterek.earth.sun import mean_sun_ra, sun_ra_dec
from baiterek.earth.time import gmst82, to_time, tt_jd_time
from baiterek.units import ARCSEC
from baiterek.windows import (
    TargetPlane,
    analytic_ascent_geometry,
    geometry_provider,
    plane_from_orbit,
    plane_launch_times,
    plane_windows,
    window_half_width_s,
)
from baiterek.windows.geometry import pad_offset_angle
from baiterek.windows.phasing import classify_phase, scheme_ranges
from baiterek.windows.plane import branch_name

SITE = catalog.site("baikonur-31-6")
SIM = geometry_provider("soyuz-2.1a", SITE.id)  # the simulator's ascent geometry
INC = math.radians(51.64)
MAS = 1e-3 * ARCSEC  # one milliarcsecond, rad


def _plane():
    return plane_from_orbit(120.0, 51.64, "2026-05-01T00:00:00Z", WGS84_A + 420e3)


def test_gmst82_matches_sgp4_and_skyfield():
    t = to_time(["2020-10-14T05:45:04Z", "2026-11-21T00:00:00Z"])
    g = gmst82(t)
    ref = np.array([gstime(u) for u in t.ut1])  # sgp4's own IAU-82 GMST
    assert np.max(np.abs(g - ref)) < 1.0 * MAS * 15  # 1 ms of time
    # skyfield's GMST (IAU 2006, from the Earth rotation angle) differs from IAU-82 by tens of
    # mas in this era (0.06" = 4 ms of time here): well below the 0.1" limit checked
    sky = t.gmst / 24.0 * 2 * math.pi
    assert np.max(np.abs(np.angle(np.exp(1j * (g - sky))))) < 100 * MAS


def test_analytic_sun_against_table_value():
    """Analytic Sun (earth/ephemeris.py, of date in earth/sun.py) vs JPL DE421 via skyfield at
    2020-10-14T05:45:04Z (RA 199.7194 deg, Dec -8.3216 deg, computed once with skyfield 1.55 +
    de421.bsp)."""
    ra, dec = sun_ra_dec(to_time("2020-10-14T05:45:04Z"))
    assert math.degrees(float(ra)) == pytest.approx(199.7194, abs=0.01)
    assert math.degrees(float(dec)) == pytest.approx(-8.3216, abs=0.01)
    # the mean Sun leads/lags the true one by the equation of time (+14 min in mid-October)
    eot_min = math.degrees(float(mean_sun_ra(to_time("2020-10-14T05:45:04Z")) - ra)) * 4
    assert 13.0 < eot_min < 15.5


def test_launch_times_solve_the_plane_condition():
    plane = _plane()
    g = analytic_ascent_geometry(SITE, INC, "north", 529.0)
    jd0 = float(to_time("2026-05-01T00:00:00Z").tt)
    jd = plane_launch_times(plane, g, jd0, 30.0)
    assert 29 <= len(jd) <= 32 and np.all(np.diff(jd) > 0.95)
    resid = gmst82(tt_jd_time(jd)) + g.node_offset_rad - plane.raan_at(jd + 529.0 / SECONDS_PER_DAY)
    resid = np.angle(np.exp(1j * resid))
    # rad; 5e-9 rad = 70 microseconds: the resolution of a float64 Julian date (40 us)
    assert np.max(np.abs(resid)) < 5e-9


def test_year_scan_equals_daily_scans():
    plane = _plane()
    g = analytic_ascent_geometry(SITE, INC, "north", 529.0)
    jd0 = float(to_time("2026-05-01T00:00:00Z").tt)
    year = plane_launch_times(plane, g, jd0, 365.0)
    for d in (0, 100, 364):
        day = plane_launch_times(plane, g, jd0 + d, 1.0)
        k = np.argmin(np.abs(year - day[0]))
        assert abs(year[k] - day[0]) * SECONDS_PER_DAY < 1e-3  # s


def test_pad_offset_sign_and_launch_before_crossing():
    """Pad on the +h side at liftoff (docs/reference/validation-public.md sec. 1) for north-east launches."""
    delta, a_n = pad_offset_angle(SITE, INC, "north", 529.0, 0.0, 360.0)
    assert 0.1 < math.degrees(delta) < 0.6 and a_n > 0
    # with no Earth-rotation physics the pad would sit in the plane: instantaneous ascent limit
    d0, _ = pad_offset_angle(SITE, INC, "north", 1e-3, 0.0, 1e-3)
    assert abs(math.degrees(d0)) < 1e-3


def test_window_width_is_the_wedge_angle():
    beta = math.radians(0.2)
    plane = _plane()
    hw = window_half_width_s(INC, beta, plane.raan_rate_rad_s)
    d_raan = (7.292115855e-5 - plane.raan_rate_rad_s) * hw
    wedge = 2 * math.asin(math.sin(INC) * math.sin(d_raan / 2))
    assert wedge == pytest.approx(beta, rel=1e-9)
    assert window_half_width_s(INC, 0.0) == 0.0
    assert hw == pytest.approx(60.2, abs=0.5)  # s: 0.2 deg of wedge at 51.6 deg is about 1 minute
    w = plane_windows(
        SITE, "soyuz-2.1a", plane, "2026-05-01", 2.0, yaw_allowance_deg=0.2, geometry=SIM
    )
    r = w.records()[0]
    assert r["open_utc"] < r["launch_time_utc"] < r["close_utc"]
    assert r["duration_s"] == pytest.approx(2 * hw, abs=1e-9)


def test_branch_names():
    assert [branch_name(math.radians(a)) for a in (45, 135, 225, 315)] == [
        "north-east",
        "south-east",
        "south-west",
        "north-west",
    ]


def test_south_heading_from_the_cape():
    cape = catalog.site("ccsfs-slc-40")
    plane = plane_from_orbit(10.0, 35.0, "2026-05-01T00:00:00Z", WGS84_A + 400e3)
    w = plane_windows(
        cape, "falcon-9", plane, "2026-05-01", 1.0, geometry=geometry_provider("falcon-9", cape.id)
    )
    assert set(w.heading) == {"north", "south"}
    branches = {r["branch"] for r in w.records()}
    assert branches == {"north-east", "south-east"}


def test_phasing_ranges_and_classification():
    sch = scheme_ranges(WGS84_A + 420e3)
    two, four, long_ = sch
    assert 2.0 < math.degrees(two.catchup_min_rad) < 6.0
    assert two.catchup_max_rad < four.catchup_max_rad < long_.catchup_max_rad
    assert long_.catchup_max_rad - long_.catchup_min_rad > 2 * math.pi  # always possible
    phases = np.radians([13.0, 40.0, -90.0, 1.0, np.nan])
    assert list(classify_phase(phases, sch)) == ["2-orbit", "4-orbit", "34-orbit", "34-orbit", None]


def test_target_plane_epoch_roundtrip():
    p = TargetPlane.from_epoch_utc(1.0, INC, "2026-05-01T00:00:00Z", -1e-6)
    assert float(p.raan_at(p.epoch_jd_tt)) == pytest.approx(1.0)
    assert float(p.raan_at(p.epoch_jd_tt + 1.0)) == pytest.approx(1.0 - 0.0864)


def test_insertion_plane_is_the_iss_plane_by_sgp4():
    """Independent of the mean-plane solver: at each predicted insertion the vehicle's plane
    (launch frame -> GCRS -> TEME with skyfield rotations) is within 0.05 deg of the ISS's
    osculating SGP4 plane turned by the window's plane lead (the J2 short-period wobble of the
    osculating node is ~0.02 deg): the wedge of two planes of inclination i whose nodes differ by
    the lead L is acos(cos^2 i + sin^2 i cos L)."""
    from baiterek.earth import frames
    from baiterek.earth.time import utc_jd
    from baiterek.windows import parse_tle, tle_windows

    tle = parse_tle(
        "ISS (ZARYA)\n"
        "1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995\n"
        "2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097\n"
    )
    w = tle_windows(SITE, "soyuz-2.1a", tle, "2023-05-23", 3.0, geometry=SIM)
    g = w.ascent["north"]
    for k in range(len(w)):
        om, inc = math.radians(g["node_offset_deg"]), float(w.inclination_rad[k])
        h_lf = np.array(
            [math.sin(inc) * math.sin(om), -math.sin(inc) * math.cos(om), math.cos(inc)]
        )
        t_l, t_i = tt_jd_time(w.launch_jd_tt[k]), tt_jd_time(w.insertion_jd_tt[k])
        h_teme = frames.gcrs_to_teme(t_i, frames.launch_frame_to_gcrs(t_l, h_lf))
        _, r, v = tle.satrec.sgp4(*(float(x) for x in utc_jd(t_i)))
        h_iss = np.cross(r, v) / np.linalg.norm(np.cross(r, v))
        wedge = math.degrees(math.acos(min(1.0, float(h_teme @ h_iss))))
        lead = float(w.plane_lead_rad[k])
        c = math.cos(inc) ** 2 + math.sin(inc) ** 2 * math.cos(lead)
        want = math.degrees(math.acos(min(1.0, c)))
        print(
            f"\nwindow {k}: wedge to the osculating ISS plane {wedge:.4f} deg (from the lead {want:.4f})"
        )
        assert abs(wedge - want) < 0.05, (k, wedge, want)
