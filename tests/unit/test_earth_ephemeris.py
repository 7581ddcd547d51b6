"""One Sun and Moon model (earth/ephemeris.py): compiled scalar kernels and array wrappers agree
bit for bit; the DOP853 tableau rebuilt from scipy's public class equals scipy's own."""

import numpy as np
import pytest

from baiterek.earth.ephemeris import (
    moon_position,
    moon_position_eme2000,
    sun_moon_positions,
    sun_position,
    sun_position_eme2000,
)
from baiterek.earth.sun import sun_ra_dec, sun_unit_vector
from baiterek.earth.time import to_time

TIMES = ["2000-01-01T12:00:00Z", "2026-06-21T00:00:00Z", "2050-12-31T23:59:00Z"]


def test_array_wrappers_equal_the_scalar_kernels_and_keep_shapes():
    t = to_time(TIMES)
    jd = t.whole + t.tt_fraction
    sun, moon = sun_moon_positions(t)
    assert sun.shape == moon.shape == (3, 3)
    for k in range(3):
        assert tuple(sun[k]) == sun_position_eme2000(float(jd[k]))
        assert tuple(moon[k]) == moon_position_eme2000(float(jd[k]))
    one = to_time(TIMES[1])
    assert sun_position(one).shape == (3,) and moon_position(one).shape == (3,)
    assert np.array_equal(sun_position(one), sun[1])
    assert sun_unit_vector(one).shape == (3,) and sun_unit_vector(t).shape == (3, 3)
    ra, dec = sun_ra_dec(t)
    assert ra.shape == dec.shape == (3,)
    assert np.allclose(
        np.linalg.norm(sun_unit_vector(t), axis=-1), 1.0, rtol=0, atol=1e-14
    )  # roundoff


def test_sun_of_date_against_de421():
    """Apparent Sun (true equator and equinox of date) from skyfield 1.55 + DE421 at
    2020-10-14T05:45:04Z: RA 199.7194 deg, Dec -8.3216 deg (as test_windows_plane.py)."""
    ra, dec = sun_ra_dec(to_time("2020-10-14T05:45:04Z"))
    assert np.degrees(float(ra)) == pytest.approx(199.7194, abs=0.005)
    assert np.degrees(float(dec)) == pytest.approx(-8.3216, abs=0.005)


def test_sun_of_date_against_de421_over_fifty_years():
    """Apparent RA/Dec of date of the analytic Sun vs skyfield + JPL DE421 at 200 instants over
    2000-2049: within 0.01 deg (the Sun's 0.6 arcmin plus the closed-form precession-nutation)."""
    import os

    import skyfield_data
    from skyfield.api import Loader

    from baiterek.earth.time import timescale

    eph = Loader(os.path.join(os.path.dirname(skyfield_data.__file__), "data"))("de421.bsp")
    try:
        t = timescale().tt_jd(2451545.0 + np.linspace(0.0, 49 * 365.25, 200))
        ra_ref, dec_ref, _ = eph["earth"].at(t).observe(eph["sun"]).apparent().radec(epoch="date")
        ra, dec = sun_ra_dec(t)
        d_ra = np.mod(np.degrees(ra) - ra_ref._degrees + 180.0, 360.0) - 180.0
        miss_ra = float(np.max(np.abs(d_ra * np.cos(dec))))
        miss_dec = float(np.max(np.abs(np.degrees(dec) - dec_ref.degrees)))
        print(f"\nSun vs DE421, 2000-2049: RA cos(dec) {miss_ra:.4f} deg, Dec {miss_dec:.4f} deg")
        assert miss_ra < 0.01 and miss_dec < 0.01
    finally:
        eph.close()


def test_dop853_tableau_from_the_public_class_equals_scipys():
    from scipy.integrate._ivp import dop853_coefficients as ref  # the reference only, in a test

    from baiterek.orbit import dop853

    for name in ("A", "B", "C", "E3", "E5", "D"):
        assert np.array_equal(getattr(dop853, "_" + name), getattr(ref, name)), name
