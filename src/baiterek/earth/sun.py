"""The Sun's direction for launch windows (apparent right ascension and declination of date),
and the mean Sun for mean local time.

The Sun's position is :mod:`baiterek.earth.ephemeris`'s (the one Sun model: Montenbruck & Gill's
analytic series, EME2000 ~ GCRS, 0.6 arcmin against SOFA over 2000-2050). Its ecliptic longitude
and latitude are turned to the true equator and equinox of date in closed form (Meeus,
*Astronomical Algorithms*, 2nd ed., ch. 21-22 and 25): general precession in longitude
p_A = 5028.796195" T + 1.1054348" T^2 and mean obliquity 84381.406" - 46.836769" T (IAU 2006,
Capitaine et al. 2003), nutation from its four largest terms (Meeus eq. 22.x, 0.5" in
longitude, 0.1" in obliquity), and the annual aberration -20.49552" / R (R in au, IAU 2009
constant). The Sun's small latitude is kept as it is (the Sun defines the ecliptic of date).
The whole is about 0.01 deg, 2.4 s of local time: 25 times finer than the 1 minute asked of a
local time of the node; the tests check it against skyfield with the JPL DE421 ephemeris.

Why closed form and not skyfield's IAU 2000A matrix (``Time.M``): that costs 0.2 ms per instant
and made a year of windows 15 times slower (``benchmarks/windows.py``: 0.18 s instead of 0.011 s
for the ISS scan) for 0.5" of nutation that no window needs.

The true equator and equinox of date is SGP4's TEME to the equation of the equinoxes (at most
1.2 s of time).

Mean local time. The mean solar time at longitude lon is UT1 + lon / 15 deg/h, so the right
ascension of the (fictitious) mean Sun on the TEME axes is GMST - (UT1 - 12 h) * 15 deg/h.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from skyfield.timelib import Time

from baiterek.constants import AU, OBLIQUITY_J2000, SECONDS_PER_DAY
from baiterek.earth.ephemeris import sun_position
from baiterek.earth.time import gmst82

__all__ = ["sun_ra_dec", "sun_unit_vector", "mean_sun_ra"]

_DEG = np.pi / 180.0
_ARCSEC = _DEG / 3600.0
_ABERRATION = 20.49552 * _ARCSEC  # constant of aberration (IAU 2009 System of constants)
Array = npt.NDArray[np.float64]


def sun_ra_dec(t: Time) -> tuple[Array, Array]:
    """Apparent right ascension and declination of the Sun (rad), true equator and equinox of date."""
    s = sun_position(t)
    x, y, z = s[..., 0], s[..., 1], s[..., 2]
    r = np.sqrt(x * x + y * y + z * z)
    ce0, se0 = np.cos(OBLIQUITY_J2000), np.sin(OBLIQUITY_J2000)
    lon = np.arctan2(ce0 * y + se0 * z, x)  # ecliptic of J2000
    lat = np.arcsin((-se0 * y + ce0 * z) / r)
    tc = ((np.asarray(t.whole, float) - 2451545.0) + np.asarray(t.tt_fraction, float)) / 36525.0
    node = (125.04452 - 1934.136261 * tc) * _DEG  # Moon's ascending node (Meeus 22)
    l_sun = (280.4665 + 36000.7698 * tc) * _DEG
    l_moon = (218.3165 + 481267.8813 * tc) * _DEG
    dpsi = (
        -17.20 * np.sin(node) - 1.32 * np.sin(2 * l_sun) - 0.23 * np.sin(2 * l_moon)
        + 0.21 * np.sin(2 * node)
    ) * _ARCSEC  # fmt: skip
    deps = (
        9.20 * np.cos(node) + 0.57 * np.cos(2 * l_sun) + 0.10 * np.cos(2 * l_moon)
        - 0.09 * np.cos(2 * node)
    ) * _ARCSEC  # fmt: skip
    p_a = (5028.796195 * tc + 1.1054348 * tc * tc) * _ARCSEC
    lam = lon + p_a + dpsi - _ABERRATION * AU / r
    eps = (84381.406 - 46.836769 * tc) * _ARCSEC + deps
    ra = np.mod(
        np.arctan2(np.sin(lam) * np.cos(eps) - np.tan(lat) * np.sin(eps), np.cos(lam)), 2 * np.pi
    )
    dec = np.arcsin(np.sin(lat) * np.cos(eps) + np.cos(lat) * np.sin(eps) * np.sin(lam))
    return np.asarray(ra, dtype=np.float64), np.asarray(dec, dtype=np.float64)


def sun_unit_vector(t: Time) -> Array:
    """Unit vector toward the apparent Sun, true equator and equinox of date (~ TEME), (..., 3)."""
    ra, dec = sun_ra_dec(t)
    return np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)], axis=-1)


def mean_sun_ra(t: Time) -> Array:
    """Right ascension (rad) of the mean Sun on the TEME axes: GMST - (UT1 - 12 h) * 15 deg/h."""
    du = (np.asarray(t.whole, float) - 2451545.0) + np.asarray(t.ut1_fraction, float)
    ut1_s = np.mod(du + 0.5, 1.0) * SECONDS_PER_DAY  # seconds of UT1 since 00:00
    return np.asarray(np.mod(gmst82(t) - (ut1_s / 3600.0 - 12.0) * 15.0 * _DEG, 2.0 * np.pi))
