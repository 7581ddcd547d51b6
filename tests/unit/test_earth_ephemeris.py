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


def test_dop853_tableau_from_the_public_class_equals_scipys():
    from scipy.integrate._ivp import dop853_coefficients as ref  # the reference only, in a test

    from baiterek.orbit import dop853

    for name in ("A", "B", "C", "E3", "E5", "D"):
        assert np.array_equal(getattr(dop853, "_" + name), getattr(ref, name)), name
