"""The Sun and the Moon: one analytic model, compiled scalar kernels and array wrappers.

Positions (m) of the Sun and the Moon relative to the Earth's centre in EME2000 (~ GCRS to tens
of mas), from the low-precision series of Montenbruck & Gill, *Satellite Orbits* (2000), sec.
3.3.2, eqs. 3.43-3.48, with the drift of the Sun's longitude of perigee added (Standish, JPL,
"Keplerian Elements for Approximate Positions of the Major Planets", Table 1). Against SOFA's
``epv00`` and ``moon98`` over 2000-2050 the Sun is within 0.6 arcmin and 1e-4 in distance, the
Moon within 5 arcmin and 450 km (``tests/unit/test_orbit_propagate.py``).

The one owner of Sun and Moon positions in baiterek: the propagator's third-body force calls the
scalar kernels (:func:`sun_position_eme2000`, :func:`moon_position_eme2000`) from compiled code;
the launch windows (Sun elevation, lighting, local time of the node: :mod:`baiterek.earth.sun`)
and everything else use the array wrappers. Why analytic rather than a JPL ephemeris: no data
file, it runs inside the compiled propagator, and its error (0.01 deg for the Sun) is below what
any product here needs (1 minute of local time is 0.25 deg).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from numba import njit
from skyfield.timelib import Time

from baiterek._jit_cache import drop_stale
from baiterek.constants import OBLIQUITY_J2000

__all__ = [
    "moon_position",
    "moon_position_eme2000",
    "sun_moon_positions",
    "sun_position",
    "sun_position_eme2000",
]

_ARCSEC = math.pi / (180.0 * 3600.0)
_DEG = math.pi / 180.0

Array = npt.NDArray[np.float64]


@njit(cache=True)
def sun_position_eme2000(jd_tt: float) -> tuple[float, float, float]:
    """Sun position (m) in EME2000, Montenbruck & Gill (2000) eqs. 3.43-3.46 (perigee drift added)."""
    t = (jd_tt - 2451545.0) / 36525.0
    m = (357.5256 + 35999.049 * t) * _DEG
    # The longitude of perigee in the fixed J2000 ecliptic drifts +0.3233 deg/century (Standish,
    # "Keplerian Elements for Approximate Positions of the Major Planets", JPL, Table 1, EM
    # barycentre); M&G hold it at 282.94 deg, which is 5 arcmin off by 2026. With the drift the
    # direction agrees with SOFA's epv00 to 0.6 arcmin over 2000-2050 (tests).
    varpi = (282.9400 + 0.3233 * t) * _DEG
    lam = varpi + m + (6892.0 * math.sin(m) + 72.0 * math.sin(2.0 * m)) * _ARCSEC
    r = (149.619 - 2.499 * math.cos(m) - 0.021 * math.cos(2.0 * m)) * 1e9
    ce, se = math.cos(OBLIQUITY_J2000), math.sin(OBLIQUITY_J2000)
    x = r * math.cos(lam)
    y = r * math.sin(lam)
    return x, y * ce, y * se


@njit(cache=True)
def moon_position_eme2000(jd_tt: float) -> tuple[float, float, float]:
    """Moon position (m) in EME2000, Montenbruck & Gill (2000) eqs. 3.47-3.48."""
    t = (jd_tt - 2451545.0) / 36525.0
    l0 = (218.31617 + 481267.88088 * t - 1.3972 * t) * _DEG
    l = (134.96292 + 477198.86753 * t) * _DEG  # noqa: E741
    lp = (357.52543 + 35999.04944 * t) * _DEG
    f = (93.27283 + 483202.01873 * t) * _DEG
    d = (297.85027 + 445267.11135 * t) * _DEG
    lam = l0 + _ARCSEC * (
        22640.0 * math.sin(l)
        + 769.0 * math.sin(2 * l)
        - 4586.0 * math.sin(l - 2 * d)
        + 2370.0 * math.sin(2 * d)
        - 668.0 * math.sin(lp)
        - 412.0 * math.sin(2 * f)
        - 212.0 * math.sin(2 * l - 2 * d)
        - 206.0 * math.sin(l + lp - 2 * d)
        + 192.0 * math.sin(l + 2 * d)
        - 165.0 * math.sin(lp - 2 * d)
        + 148.0 * math.sin(l - lp)
        - 125.0 * math.sin(d)
        - 110.0 * math.sin(l + lp)
        - 55.0 * math.sin(2 * f - 2 * d)
    )
    beta = _ARCSEC * (
        18520.0
        * math.sin(f + lam - l0 + _ARCSEC * (412.0 * math.sin(2 * f) + 541.0 * math.sin(lp)))
        - 526.0 * math.sin(f - 2 * d)
        + 44.0 * math.sin(l + f - 2 * d)
        - 31.0 * math.sin(-l + f - 2 * d)
        - 25.0 * math.sin(-2 * l + f)
        - 23.0 * math.sin(lp + f - 2 * d)
        + 21.0 * math.sin(-l + f)
        + 11.0 * math.sin(-lp + f - 2 * d)
    )
    r = 1e3 * (
        385000.0
        - 20905.0 * math.cos(l)
        - 3699.0 * math.cos(2 * d - l)
        - 2956.0 * math.cos(2 * d)
        - 570.0 * math.cos(2 * l)
        + 246.0 * math.cos(2 * l - 2 * d)
        - 205.0 * math.cos(lp - 2 * d)
        - 171.0 * math.cos(l + 2 * d)
        - 152.0 * math.cos(l + lp - 2 * d)
    )
    ce, se = math.cos(OBLIQUITY_J2000), math.sin(OBLIQUITY_J2000)
    x = r * math.cos(lam) * math.cos(beta)
    y = r * math.sin(lam) * math.cos(beta)
    z = r * math.sin(beta)
    return x, y * ce - z * se, y * se + z * ce


@njit(cache=True)
def _sun_array(jd_tt: Array) -> Array:
    out = np.empty((jd_tt.size, 3))
    for k in range(jd_tt.size):
        out[k, 0], out[k, 1], out[k, 2] = sun_position_eme2000(jd_tt[k])
    return out


@njit(cache=True)
def _moon_array(jd_tt: Array) -> Array:
    out = np.empty((jd_tt.size, 3))
    for k in range(jd_tt.size):
        out[k, 0], out[k, 1], out[k, 2] = moon_position_eme2000(jd_tt[k])
    return out


def _jd_tt(t: Time) -> Array:
    return np.ascontiguousarray(np.ravel(np.asarray(t.whole + t.tt_fraction, dtype=np.float64)))


def _shaped(t: Time, flat: Array) -> Array:
    """(3,) for a scalar time, else the time array's shape + (3,)."""
    shape = np.shape(t.tt)
    return flat[0] if shape == () else flat.reshape(shape + (3,))


def sun_position(t: Time) -> Array:
    """Geocentric Sun position (m), EME2000 ~ GCRS, at skyfield times: (3,) or (..., 3)."""
    return _shaped(t, _sun_array(_jd_tt(t)))


def moon_position(t: Time) -> Array:
    """Geocentric Moon position (m), EME2000 ~ GCRS, at skyfield times: (3,) or (..., 3)."""
    return _shaped(t, _moon_array(_jd_tt(t)))


def sun_moon_positions(t: Time) -> tuple[Array, Array]:
    """(Sun, Moon) geocentric positions (m), EME2000 ~ GCRS: :func:`sun_position`, :func:`moon_position`."""
    return sun_position(t), moon_position(t)


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
