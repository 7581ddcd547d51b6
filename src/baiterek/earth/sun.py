"""The Sun's direction for launch windows (right ascension and declination of date), and the
mean Sun for mean local time.

The Sun's position is :mod:`baiterek.earth.ephemeris`'s (the one Sun model: Montenbruck & Gill's
analytic series, EME2000 ~ GCRS, 0.6 arcmin against SOFA over 2000-2050), turned to the true
equator and equinox of date by skyfield's precession-nutation matrix (``Time.M``, IAU 2006/2000A
with the frame bias), after the annual aberration: the apparent Sun lags the geometric one by
20.4955 arcsec / R (R in au) in ecliptic longitude (IAU 2009 constant of aberration; Meeus,
*Astronomical Algorithms*, 2nd ed., eq. 25.10). The whole is about 0.01 deg, 2.4 s of local
time: 25 times finer than the 1 minute asked of a local time of the node; the tests check it
against skyfield with the JPL DE421 ephemeris.

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
_ABERRATION_RAD = 20.49552 * _DEG / 3600.0  # constant of aberration (IAU 2009 System)
_ECLIPTIC_POLE = np.array([0.0, -np.sin(OBLIQUITY_J2000), np.cos(OBLIQUITY_J2000)])  # EME2000
Array = npt.NDArray[np.float64]


def _apparent_direction(s: Array) -> Array:
    """Unit vectors of geocentric Sun positions (m, EME2000) after the annual aberration: a
    rotation by -20.5 arcsec / R(au) about the ecliptic pole (Rodrigues' formula)."""
    r = np.linalg.norm(s, axis=-1, keepdims=True)
    u = s / r
    ang = -_ABERRATION_RAD * AU / r
    k = _ECLIPTIC_POLE
    return np.asarray(
        u * np.cos(ang) + np.cross(k, u) * np.sin(ang) + k * (u @ k)[..., None] * (1 - np.cos(ang)),
        dtype=np.float64,
    )


def sun_unit_vector(t: Time) -> Array:
    """Unit vector toward the apparent Sun, true equator and equinox of date (~ TEME), (..., 3)."""
    s_hat = _apparent_direction(sun_position(t))
    rot = t.M  # GCRS -> true of date: (3, 3) or (3, 3, n)
    if rot.ndim == 2:
        return np.asarray(rot @ s_hat, dtype=np.float64)
    return np.asarray(np.einsum("ij...,...j->...i", rot, s_hat), dtype=np.float64)


def sun_ra_dec(t: Time) -> tuple[Array, Array]:
    """Apparent right ascension and declination of the Sun (rad), true equator and equinox of date."""
    u = sun_unit_vector(t)
    ra = np.mod(np.arctan2(u[..., 1], u[..., 0]), 2.0 * np.pi)
    dec = np.arcsin(np.clip(u[..., 2], -1.0, 1.0))
    return ra, dec


def mean_sun_ra(t: Time) -> Array:
    """Right ascension (rad) of the mean Sun on the TEME axes: GMST - (UT1 - 12 h) * 15 deg/h."""
    du = (np.asarray(t.whole, float) - 2451545.0) + np.asarray(t.ut1_fraction, float)
    ut1_s = np.mod(du + 0.5, 1.0) * SECONDS_PER_DAY  # seconds of UT1 since 00:00
    return np.asarray(np.mod(gmst82(t) - (ut1_s / 3600.0 - 12.0) * 15.0 * _DEG, 2.0 * np.pi))
