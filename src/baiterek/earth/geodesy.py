"""WGS-84 geodesy on arrays: geodetic <-> Earth-fixed Cartesian, local frames, great circles.

Written here (not with pyproj) because the same functions run inside numba-compiled
flight kernels: ``geodetic_sincos`` is the one ECEF -> geodetic conversion (kernel, recorded
series, maps and propagation all call it); ``tests/unit/test_frames_geodesy.py`` checks them
against pyproj and round trips. Angles in rad, lengths in m; vectors on the last axis, shape (..., 3).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from baiterek._jit_cache import drop_stale
from baiterek.constants import WGS84_A, WGS84_B, WGS84_E2

_EP2 = (WGS84_A**2 - WGS84_B**2) / WGS84_B**2  # second eccentricity squared


@njit(cache=True, fastmath=False)
def geodetic_to_ecef_scalar(lat: float, lon: float, alt: float) -> tuple[float, float, float]:
    """Geodetic latitude, longitude (rad) and ellipsoidal height (m) to ECEF x, y, z (m)."""
    s = np.sin(lat)
    c = np.cos(lat)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * s * s)
    return (
        (n + alt) * c * np.cos(lon),
        (n + alt) * c * np.sin(lon),
        (n * (1.0 - WGS84_E2) + alt) * s,
    )


BOWRING_ITERATIONS = 2
"""Bowring iterations of ``geodetic_sincos`` for exact results. Measured against the closed-form
forward conversion (tests/unit/test_frames_geodesy.py), -100 m to GEO: one iteration gives the
height to 1.5e-8 m (the rounding of the coordinates: the height formula is insensitive to a
latitude error to first order) and the latitude to 8e-9 rad; two give the latitude to 2e-16 rad;
a third changes nothing."""
BOWRING_ITERATIONS_HEIGHT = 1
"""Iterations where the height is what matters (the flight kernel, in every derivative: a second
iteration costs about 20 % of an ascent; the latitude, to 8e-9 rad, only orients the local
frame)."""


@njit(cache=True, fastmath=False, inline="always")
def geodetic_sincos(p: float, z: float, iterations: int) -> tuple[float, float, float]:
    """Height (m) and sine, cosine of the geodetic latitude from the axial distance p and z (m).

    The one ECEF -> geodetic conversion of the project (the flight kernel calls it in every
    derivative, so it has no trigonometric call): ``iterations`` of Bowring's iteration on the
    parametric latitude (``BOWRING_ITERATIONS`` or ``BOWRING_ITERATIONS_HEIGHT``), ``tan(beta) = (b / a) tan(phi)``, from ``tan(beta) = z a / (p b)``; the height
    ``h = p cos(phi) + z sin(phi) - a sqrt(1 - e2 sin^2(phi))`` holds at the poles too. It does
    not depend on longitude, so no rotation to the Earth-fixed frame is needed.
    """
    if p < 1e-9:  # on the axis
        return abs(z) - WGS84_B, 1.0 if z >= 0.0 else -1.0, 0.0
    t = z * WGS84_A / (p * WGS84_B)
    num = z
    den = p
    for _ in range(iterations):
        ct = 1.0 / np.sqrt(1.0 + t * t)
        st = t * ct
        num = z + _EP2 * WGS84_B * st * st * st  # tan(phi) = num / den
        den = p - WGS84_E2 * WGS84_A * ct * ct * ct
        t = WGS84_B * num / (WGS84_A * den)
    q = 1.0 / np.sqrt(num * num + den * den)
    sl = num * q
    cl = den * q
    h = p * cl + z * sl - WGS84_A * np.sqrt(1.0 - WGS84_E2 * sl * sl)
    return h, sl, cl


@njit(cache=True, fastmath=False)
def ecef_to_geodetic_scalar(x: float, y: float, z: float) -> tuple[float, float, float]:
    """ECEF (m) to geodetic latitude, longitude (rad), height (m); see ``geodetic_sincos``."""
    h, sl, cl = geodetic_sincos(np.sqrt(x * x + y * y), z, BOWRING_ITERATIONS)
    return np.arctan2(sl, cl), np.arctan2(y, x), h


@njit(cache=True, fastmath=False)
def _ecef_to_geodetic_rows(r: np.ndarray) -> np.ndarray:
    out = np.empty((r.shape[0], 3))
    for k in range(r.shape[0]):
        lat, lon, h = ecef_to_geodetic_scalar(r[k, 0], r[k, 1], r[k, 2])
        out[k, 0] = lat
        out[k, 1] = lon
        out[k, 2] = h
    return out


def geodetic_to_ecef(lat, lon, alt) -> np.ndarray:
    """Vectorised geodetic (rad, rad, m) to ECEF, shape (..., 3) in m."""
    lat, lon, alt = np.broadcast_arrays(
        np.asarray(lat, float), np.asarray(lon, float), np.asarray(alt, float)
    )
    s = np.sin(lat)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * s * s)
    return np.stack(
        [
            (n + alt) * np.cos(lat) * np.cos(lon),
            (n + alt) * np.cos(lat) * np.sin(lon),
            (n * (1.0 - WGS84_E2) + alt) * s,
        ],
        axis=-1,
    )


def ecef_to_geodetic(r_ecef) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ECEF (..., 3) m to geodetic latitude, longitude (rad) and height (m), each (...): a loop
    over ``ecef_to_geodetic_scalar`` (compiled)."""
    r = np.asarray(r_ecef, float)
    out = _ecef_to_geodetic_rows(np.ascontiguousarray(r.reshape(-1, 3)))
    shape = r.shape[:-1]
    return out[:, 0].reshape(shape), out[:, 1].reshape(shape), out[:, 2].reshape(shape)


def enu_basis(lat, lon) -> np.ndarray:
    """Unit vectors east, north, up (rows) in ECEF at geodetic lat, lon (rad); shape (..., 3, 3)."""
    lat = np.asarray(lat, float)
    lon = np.asarray(lon, float)
    sl, cl = np.sin(lat), np.cos(lat)
    so, co = np.sin(lon), np.cos(lon)
    z = np.zeros_like(sl * so)
    east = np.stack([-so + z, co + z, z], axis=-1)
    north = np.stack([-sl * co, -sl * so, cl + z], axis=-1)
    up = np.stack([cl * co, cl * so, sl + z], axis=-1)
    return np.stack([east, north, up], axis=-2)


def great_circle_distance(lat1, lon1, lat2, lon2, radius: float = WGS84_A) -> np.ndarray:
    """Great-circle distance (m) on a sphere of ``radius`` between points in rad (haversine)."""
    dlat = np.asarray(lat2) - np.asarray(lat1)
    dlon = np.asarray(lon2) - np.asarray(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
    return 2.0 * radius * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
