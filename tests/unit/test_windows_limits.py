"""Physical limits of launch windows: the yaw allowance is an angle between planes (windows open
before they close), and a target orbit must be one the vehicle may be sent to."""

from __future__ import annotations

import math

import numpy as np
import pytest

import baiterek
from baiterek.errors import InputError
from baiterek.windows.plane import (
    MAX_YAW_ALLOWANCE_DEG,
    edge_wedge_rad,
    max_wedge_rad,
    window_half_width_s,
)

INC = math.radians(51.7)


@pytest.mark.parametrize("deg", [0.0, 0.2, 10.0, 90.0, 103.3, 150.0, 180.0])
def test_window_half_width_is_never_negative_nor_beyond_half_a_revolution(deg):
    """open = launch - hw <= close = launch + hw; hw <= pi / omega (windows never overlap on a
    branch). Before: hw < 0 for allowances above 360 deg (sin(beta / 2) < 0)."""
    hw = window_half_width_s(INC, math.radians(deg))
    assert 0.0 <= hw <= math.pi / 7.292115855e-5 + 1e-6


def test_window_half_width_grows_with_the_allowance():
    hw = [window_half_width_s(INC, math.radians(d)) for d in np.linspace(0, 180, 61)]
    assert all(b >= a for a, b in zip(hw, hw[1:], strict=False))


@pytest.mark.parametrize("deg", [-0.1, 180.1, 400.0, math.inf, math.nan])
def test_an_allowance_that_is_not_an_angle_between_planes_is_refused(deg):
    with pytest.raises(InputError, match="an angle between two orbit planes"):
        window_half_width_s(INC, math.radians(deg))


def test_edge_wedge_is_the_allowance_up_to_the_largest_wedge():
    """Largest angle to a plane of the same inclination: 2 asin(sin i) = 2 i (i <= 90 deg)."""
    assert max_wedge_rad(INC) == pytest.approx(2 * INC)
    assert edge_wedge_rad(INC, math.radians(5.0)) == pytest.approx(math.radians(5.0))
    assert edge_wedge_rad(INC, math.radians(MAX_YAW_ALLOWANCE_DEG)) == pytest.approx(2 * INC)


@pytest.mark.parametrize("altitude_km", [-500.0, 0.0, 150.0])
def test_a_plane_target_below_the_vehicle_minimum_gets_no_windows(altitude_km):
    """--altitude-km -500 (perigee inside the Earth) gave windows before."""
    with pytest.raises(InputError) as e:
        baiterek.launch_windows(
            site="baikonur-45-1", vehicle="sunkar", raan_deg=100.0,
            epoch="2026-06-01T00:00:00Z", inclination_deg=51.7, altitude_km=altitude_km,
            start="2026-06-01", days=1, ascent_geometry="analytic",
        )  # fmt: skip
    assert e.value.field == "altitude_km" and e.value.allowed.startswith(">= 183 km")
