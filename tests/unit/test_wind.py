"""Wind profile: linear interpolation, zero above the table, calm profile."""

import numpy as np
import pytest

from baiterek.earth.wind import WindProfile, wind_enu


def _profile():
    return WindProfile.from_rows([(10e3, 30.0, -10.0), (0.0, 5.0, 2.0), (20e3, 10.0, 0.0)])


def test_linear_interpolation_between_rows():
    w = _profile()
    # 2.5 km is a quarter of the way from 0 to 10 km: east 5 + 0.25*25, north 2 + 0.25*(-12)
    assert w.at(2500.0) == pytest.approx((11.25, -1.0), abs=1e-12)  # m/s
    assert w.at(15e3) == pytest.approx((20.0, -5.0), abs=1e-12)
    assert w.at(10e3) == pytest.approx((30.0, -10.0), abs=1e-12)


def test_zero_above_table_and_held_below():
    w = _profile()
    assert w.at(20e3) == pytest.approx((10.0, 0.0), abs=1e-12)
    assert w.at(20e3 + 1e-3) == (0.0, 0.0)
    assert w.at(1e6) == (0.0, 0.0)
    assert w.at(-100.0) == (5.0, 2.0)


def test_calm():
    c = WindProfile.calm()
    for z in (-10.0, 0.0, 5e3, 1e5):
        assert c.at(z) == (0.0, 0.0)


def test_njit_scalar_with_plain_arrays():
    alt = np.array([0.0, 1000.0])
    east = np.array([0.0, 10.0])
    north = np.array([4.0, 0.0])
    assert wind_enu(500.0, alt, east, north) == pytest.approx((5.0, 2.0), abs=1e-12)


def test_validation():
    with pytest.raises(ValueError, match="increasing"):
        WindProfile(np.array([0.0, 0.0]), np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="same length"):
        WindProfile(np.array([0.0, 1.0]), np.zeros(3), np.zeros(2))
    w = _profile()
    with pytest.raises(ValueError):
        w.altitude_m[0] = 1.0  # read-only
