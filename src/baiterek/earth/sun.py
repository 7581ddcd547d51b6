"""The Sun's direction from an analytic series, and the mean Sun for mean local time.

Low-precision solar coordinates of the *Astronomical Almanac* (section C, "Low precision
formulas for the Sun"; also Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
Algorithm 29): accuracy about 0.01 deg in right ascension and declination between 1950 and
2050, i.e. about 2.4 s of local solar time. That is 25 times finer than the 1 minute asked of
a local time of the node, and it is pure numpy, vectorised, with no ephemeris file; the tests
check it against skyfield with the JPL DE421 ephemeris (package ``skyfield-data``).

The coordinates are referred to the true equator and equinox of date, which is SGP4's TEME to
the equation of the equinoxes (at most 1.2 s of time).

Mean local time. The mean solar time at longitude lon is UT1 + lon / 15 deg/h, so the right
ascension of the (fictitious) mean Sun on the TEME axes is GMST - (UT1 - 12 h) * 15 deg/h.
"""

from __future__ import annotations

import numpy as np
from skyfield.timelib import Time

from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.time import gmst82

__all__ = ["sun_ra_dec", "sun_unit_vector", "mean_sun_ra"]

_DEG = np.pi / 180.0


def sun_ra_dec(t: Time) -> tuple[np.ndarray, np.ndarray]:
    """Apparent right ascension and declination of the Sun (rad), true equator of date."""
    n = (np.asarray(t.whole, float) - 2451545.0) + np.asarray(t.tt_fraction, float)
    mean_lon = (280.460 + 0.9856474 * n) * _DEG
    g = (357.528 + 0.9856003 * n) * _DEG
    lam = mean_lon + (1.915 * np.sin(g) + 0.020 * np.sin(2.0 * g)) * _DEG
    eps = (23.439 - 0.0000004 * n) * _DEG
    ra = np.mod(np.arctan2(np.cos(eps) * np.sin(lam), np.cos(lam)), 2.0 * np.pi)
    dec = np.arcsin(np.sin(eps) * np.sin(lam))
    return ra, dec


def sun_unit_vector(t: Time) -> np.ndarray:
    """Unit vector toward the Sun on the TEME axes, shape (..., 3)."""
    ra, dec = sun_ra_dec(t)
    return np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)], axis=-1)


def mean_sun_ra(t: Time) -> np.ndarray:
    """Right ascension (rad) of the mean Sun on the TEME axes: GMST - (UT1 - 12 h) * 15 deg/h."""
    du = (np.asarray(t.whole, float) - 2451545.0) + np.asarray(t.ut1_fraction, float)
    ut1_s = np.mod(du + 0.5, 1.0) * SECONDS_PER_DAY  # seconds of UT1 since 00:00
    return np.mod(gmst82(t) - (ut1_s / 3600.0 - 12.0) * 15.0 * _DEG, 2.0 * np.pi)
