"""Achieved orbits and their assessment (postflight/orbit.py); no flights.

References: python-sgp4's own perigee and apogee altitudes of a TLE (``Satrec.altp``,
``alta``, in Earth radii of WGS-72, 6,378.135 km: 2 m below WGS-84's, which baiterek's
altitudes are above), a circular orbit built by hand in an OPM (its radius and inclination by
construction), and the deviation arithmetic (achieved - mean) / sigma.
"""

import math
from pathlib import Path

import numpy as np
import pytest

from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.errors import InputError
from baiterek.orbit.tle import parse_tle, read_tle_file
from baiterek.postflight.orbit import assess, read_achieved

ROOT = Path(__file__).parents[2]
WGS72_MINUS_WGS84_M = 6378135.0 - WGS84_A  # -2 m


def test_published_text():
    a = read_achieved("197x255@51.67")
    assert (a.perigee, a.apogee, a.kind) == (197e3, 255e3, "published")
    assert math.degrees(a.inclination) == pytest.approx(51.67, abs=1e-12)
    assert read_achieved(" 197 x 255 km @ 51.67 deg ").apogee == 255e3
    for bad in ("255x197@51.67", "197x255", "197x255@200"):
        with pytest.raises(InputError) as exc:
            read_achieved(bad)
        assert exc.value.field == "achieved"


def test_tle_mean_apsides_match_sgp4():
    path = ROOT / "examples" / "iss-2023-05-24.tle"
    a = read_achieved(path)
    _, l1, l2 = read_tle_file(path)
    sat = parse_tle(l1, l2)
    assert a.kind == "tle" and a.epoch_utc.startswith("2023-05-24T08:38")
    r_km = sat.radiusearthkm
    assert a.perigee == pytest.approx(sat.altp * r_km * 1e3 + WGS72_MINUS_WGS84_M, abs=1e-3)
    assert a.apogee == pytest.approx(sat.alta * r_km * 1e3 + WGS72_MINUS_WGS84_M, abs=1e-3)
    assert a.inclination == pytest.approx(sat.inclo, abs=0.0)


def test_opm_circular_orbit_by_construction(tmp_path):
    r, inc = 7000e3, math.radians(51.6)
    v = math.sqrt(MU_EARTH / r)
    state = [r / 1e3, 0.0, 0.0, 0.0, v * math.cos(inc) / 1e3, v * math.sin(inc) / 1e3]
    keys = ["X", "Y", "Z", "X_DOT", "Y_DOT", "Z_DOT"]
    body = "\n".join(f"{k} = {x:.12f}" for k, x in zip(keys, state, strict=True))
    opm = tmp_path / "ins.opm"
    opm.write_text(f"CCSDS_OPM_VERS = 3.0\nREF_FRAME = TEME\nEPOCH = 2017-09-12T21:26:00.000\n"
                   f"{body}\n")  # fmt: skip
    a = read_achieved(opm)
    assert a.kind == "opm"
    assert a.perigee == pytest.approx(r - WGS84_A, abs=1e-3)
    assert a.apogee == pytest.approx(r - WGS84_A, abs=1e-3)
    assert a.inclination == pytest.approx(inc, abs=1e-12)
    opm.write_text(opm.read_text().replace("TEME", "GCRF"))
    g = read_achieved(opm)  # turned to TEME of 2017: the precession since 2000 tilts it slightly
    assert abs(math.degrees(g.inclination - inc)) < 0.3
    assert g.perigee == pytest.approx(r - WGS84_A, abs=1e-3)  # a rotation keeps the size
    opm.write_text("X = 1\n")
    with pytest.raises(InputError):
        read_achieved(opm)


def test_assessment_in_sigma_and_verdict():
    a = read_achieved("197x255@51.67")
    target = {"perigee": 200e3, "apogee": 240e3, "inclination": math.radians(51.6)}
    env = {"perigee": (200e3, 1e3), "apogee": (240e3, 4e3), "inclination": (math.radians(51.6),
           math.radians(0.05))}  # fmt: skip
    r = assess(a, target, env, limit_sigma=3.0)
    dev = {c.element: c.deviation_sigma for c in r.checks}
    assert dev["perigee"] == pytest.approx(-3.0, abs=1e-12)
    assert dev["apogee"] == pytest.approx(3.75, abs=1e-12)
    assert dev["inclination"] == pytest.approx(1.4, abs=1e-9)
    assert r.outside == ("apogee",) and not r.within_envelope
    assert "apogee (+3.8 sigma)" in r.verdict
    assert assess(a, target, env, limit_sigma=4.0).within_envelope
    flat = {**env, "perigee": (200e3, 0.0)}
    assert np.isnan(assess(a, target, flat).checks[0].deviation_sigma)
    assert "perigee" in assess(a, target, flat).outside  # no spread: cannot be within
