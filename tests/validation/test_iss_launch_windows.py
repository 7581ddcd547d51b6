"""Acceptance: the 2-orbit (fast rendezvous) launch instants of two real Soyuz-2.1a launches to
the ISS from Baikonur Site 31/6, predicted from the pad and an ISS TLE taken before launch.

Sources (docs/reference/validation-public.md sec. 1, grade A):
* Soyuz MS-17, liftoff 2020-10-14T05:45:04Z (Roscosmos via geektech.me; inform.kz), 2-orbit
  scheme; ISS TLE epoch 20287.53670015 (Space-Track 3LE in IBM/spacetech-ssa test fixture).
* Progress MS-23, liftoff 2023-05-24T12:56:07.463Z (novosti-kosmonavtiki.ru/news/200440;
  russianspaceweb.com), 2-orbit scheme; ISS TLE epoch 23144.35992656 (N2YO response).

Calibration and validation: the analytic ascent model has one calibrated coefficient
(``STEER_END_FRACTION``), fitted on **Soyuz MS-17** (calibration case,
benchmarks/calibrate_ascent.py). **Progress MS-23** is the validation case: nothing was tuned
on it. Limit for both: 60 s.

The simulator geometry (``--ascent-geometry simulator``: the simulator's own insertion node, in
mean elements, from an ascent that steers out of plane from liftoff, no calibrated coefficient)
gives -59.0 s on MS-17 (inside the limit) and -66.1 s on MS-23 (a strict xfail with the measured
miss; windows/geometry.py says why).
"""

import math

import pytest

from baiterek import catalog
from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.time import to_time
from baiterek.windows import geometry_provider, parse_tle, tle_windows

pytestmark = pytest.mark.validation

LIMIT_S = 60.0

CASES = {
    "Soyuz MS-17 (calibration)": (
        """ISS (ZARYA)
1 25544U 98067A   20287.53670015  .00000762  00000-0  21766-4 0  9997
2 25544  51.6440 122.8761 0001413  26.5472  73.1662 15.49301208250368""",
        "2020-10-14T05:45:04Z",
    ),
    "Progress MS-23 (validation)": (
        """ISS (ZARYA)
1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995
2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097""",
        "2023-05-24T12:56:07.463Z",
    ),
}


SIMULATOR_MISSES = {
    "Progress MS-23 (validation)": -66.1,
}
"""Measured 2026-12-02 (mean-element plane): the simulator puts the pad 0.336 deg from its mean
insertion plane at liftoff, the real launches about 0.27 deg
(test_pad_offset_from_the_iss_plane_at_the_real_launches). MS-17 (-59.0 s) is inside the limit."""


def _params():
    for case in CASES:
        if case in SIMULATOR_MISSES:
            reason = (
                f"simulator geometry misses by {SIMULATOR_MISSES[case]:+.1f} s: its mass-optimal "
                "yaw steering from liftoff puts the pad 0.336 deg from the mean insertion plane, "
                "the real Soyuz about 0.27 deg (windows/geometry.py)"
            )
            marks = [pytest.mark.xfail(strict=True, reason=reason)]
        else:
            marks = []
        yield pytest.param(case, "simulator", marks=marks)
        yield pytest.param(case, "analytic")


@pytest.mark.parametrize(("case", "model"), list(_params()))
def test_two_orbit_launch_instant_within_60_s(case, model):
    """``simulator``: the geometry the CLI uses (everything from the simulated ascent, no
    calibrated coefficient); ``analytic``: the calibrated analytic model with the catalog's
    nominal ascent duration, the documented cross-check (windows/geometry.py)."""
    tle, real_utc = CASES[case]
    real = to_time(real_utc)
    day = real_utc[:10] + "T00:00:00Z"
    site = catalog.site("baikonur-31-6")
    target = parse_tle(tle)
    geom = geometry_provider("soyuz-2.1a", site.id, source=model)
    w = tle_windows(site, "soyuz-2.1a", target, day, 1.0, geometry=geom)
    fast = [k for k in range(len(w)) if w.scheme[k] == "2-orbit"]
    assert len(fast) == 1, f"{case}: expected one 2-orbit opportunity that day, got {len(fast)}"
    k = fast[0]
    miss_s = (float(w.launch_jd_tt[k]) - float(real.tt)) * SECONDS_PER_DAY
    rec = w.records()[k]
    print(
        f"\n{case} [{model}, {w.ascent['north']['source']}]: predicted {rec['launch_time_utc']}, real {real_utc}, miss {miss_s:+.1f} s "
        f"(limit {LIMIT_S:g} s); phase {rec['phase_deg']:.2f} deg, {rec['branch']}, plane lead "
        f"{rec['plane_lead_deg']:.3f} deg"
    )
    assert abs(miss_s) <= LIMIT_S, f"{case}: miss {miss_s:+.1f} s exceeds {LIMIT_S:g} s"
    assert rec["branch"] == "north-east"


def test_real_launches_fall_in_the_derived_two_orbit_phase_range():
    """The phasing ranges are derived (phasing.py), not fitted: the opportunity nearest each real
    2-orbit launch must have a phase inside the derived 2-orbit range."""
    for case, (tle, real_utc) in CASES.items():
        day = real_utc[:10] + "T00:00:00Z"
        site = catalog.site("baikonur-31-6")
        sim = geometry_provider("soyuz-2.1a", site.id)
        w = tle_windows(site, "soyuz-2.1a", parse_tle(tle), day, 1.0, geometry=sim)
        two = {s["name"]: s for s in w.extra["phasing"]["schemes"]}["2-orbit"]
        k = int(abs(w.launch_jd_tt - float(to_time(real_utc).tt)).argmin())
        phase = math.degrees(float(w.phase_rad[k]))
        print(
            f"\n{case}: phase at insertion {phase:.2f} deg; derived 2-orbit range "
            f"{two['catchup_min_deg']:.1f}..{two['catchup_max_deg']:.1f} deg"
        )
        assert two["catchup_min_deg"] <= phase <= two["catchup_max_deg"]


def test_pad_offset_from_the_iss_plane_at_the_real_launches():
    """How far out of the ISS plane the pad was at the real liftoffs, computed independently with
    skyfield alone (EarthSatellite SGP4 state in GCRS, WGS-84 pad). docs/reference/validation-public.md sec. 1
    quotes 0.43-0.45 deg; this computation gives about 0.27 deg for both (on the +h side), which
    is what the ascent model was calibrated to reproduce (through the launch time of MS-17)."""
    import numpy as np
    from skyfield.api import EarthSatellite, wgs84

    from baiterek.earth.time import timescale

    ts = timescale()
    for case, (tle, real_utc) in CASES.items():
        _, l1, l2 = tle.splitlines()
        t = to_time(real_utc)
        sat = EarthSatellite(l1, l2, "ISS", ts).at(t)
        h = np.cross(sat.position.km, sat.velocity.km_per_s)
        pad = wgs84.latlon(45.996112, 63.564155, 104.0).at(t).position.km
        off = math.degrees(math.asin(pad @ h / np.linalg.norm(h) / np.linalg.norm(pad)))
        print(f"\n{case}: pad {off:+.3f} deg from the osculating ISS plane at liftoff")
        assert 0.2 < off < 0.35
