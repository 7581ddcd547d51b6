"""OrbitTarget constructors and the one launch-azimuth rule (flight/target.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from baiterek.constants import WGS84_A
from baiterek.errors import InfeasibleError
from baiterek.flight.target import OrbitTarget, launch_azimuth

BAIKONUR_LAT = math.radians(45.94)


def test_named_constructors():
    c = OrbitTarget.circular(200e3, math.radians(51.6))
    assert c == OrbitTarget(WGS84_A + 200e3, 0.0, WGS84_A + 200e3, math.radians(51.6), "north")
    e = OrbitTarget.elliptical(185e3, 35786e3, math.radians(28.6), "south", 1.0)
    assert e.radius == WGS84_A + 185e3 and e.heading == "south" and e.argument_of_perigee == 1.0
    # GTO 185 x 35,786 km: e = (ra - rp) / (ra + rp) = 0.7306 (definition)
    assert e.eccentricity == pytest.approx(35601e3 / (2 * WGS84_A + 35971e3), rel=1e-12)


def test_inertial_azimuth_reference_and_branches():
    """docs/reference/vehicles.md sec. 7: A = asin(cos i / cos lat) = 63.3 deg at 45.94 N for 51.6 deg."""
    north = launch_azimuth(BAIKONUR_LAT, math.radians(51.6), "north")
    south = launch_azimuth(BAIKONUR_LAT, math.radians(51.6), "south")
    assert math.degrees(north) == pytest.approx(63.3, abs=0.05)
    assert north + south == pytest.approx(math.pi, abs=1e-12)  # mirror about east
    incs = np.radians([51.6, 64.9, 97.6])  # retrograde: azimuth west of north, in [0, 2 pi)
    many = launch_azimuth(BAIKONUR_LAT, incs, "north")
    assert many.shape == (3,) and many[0] == north and 1.5 * math.pi < many[2] < 2 * math.pi


def test_earth_relative_azimuth_removes_the_pad_speed():
    """The pad moves east at 465 cos(lat) m/s: the Earth-relative azimuth is nearer north."""
    inc = math.radians(51.6)
    inertial = launch_azimuth(BAIKONUR_LAT, inc, "north")
    relative = launch_azimuth(BAIKONUR_LAT, inc, "north", orbit_speed=7784.0)
    assert relative < inertial
    assert launch_azimuth(BAIKONUR_LAT, inc, "north", orbit_speed=1e12) == pytest.approx(
        float(inertial), abs=1e-9
    )


@pytest.mark.parametrize("orbit_speed", [None, 7784.0])
def test_inclination_below_latitude_is_infeasible(orbit_speed):
    with pytest.raises(InfeasibleError, match="cannot be reached directly"):
        launch_azimuth(BAIKONUR_LAT, math.radians(40.0), "north", orbit_speed=orbit_speed)
    # equal to the latitude: due east (rounding of cos i / cos lat is not an error)
    due_east = launch_azimuth(BAIKONUR_LAT, BAIKONUR_LAT, "north")
    assert due_east == pytest.approx(math.pi / 2, abs=1e-6)
