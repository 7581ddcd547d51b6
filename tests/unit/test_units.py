"""baiterek.units: plain float factors to SI (definitions: SI Brochure, 9th ed., 2019)."""

import math

from baiterek import units as u
from baiterek.constants import SECONDS_PER_DAY


def test_factors_are_the_si_definitions():
    assert u.METER == 1.0 and u.SECOND == 1.0
    assert u.KM == 1000.0
    assert u.DEG == math.radians(1.0)  # pi / 180 rad
    assert 3600.0 * u.ARCSEC == u.DEG
    assert math.isclose(u.ARCSEC, 4.84813681109536e-06, rel_tol=1e-15)  # 1" in rad (IAU)
    assert (u.MINUTE, u.HOUR, u.DAY) == (60.0, 3600.0, 86400.0)
    assert u.DAY == SECONDS_PER_DAY  # one owner of the day length in code


def test_edge_conversions_round_trip():
    assert 200.0 * u.KM / u.KM == 200.0
    assert math.isclose(51.6 * u.DEG / u.DEG, 51.6, rel_tol=1e-15)
    assert all(isinstance(x, float) for x in (u.METER, u.KM, u.DEG, u.ARCSEC, u.DAY))
