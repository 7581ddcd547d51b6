"""WGS-84 geodesy on arrays: geodetic <-> Earth-fixed Cartesian, local frames, great circles.

Written here (not with pyproj) because the same functions run inside numba-compiled
flight kernels; ``tests/unit/test_geodesy.py`` checks them against pyproj-free closed forms
and round trips. Angles in rad, lengths in m; vectors on the last axis, shape (..., 3).
"""

from __future__ import annotations

import numpy as np
from numba import njit

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


@njit(cache=True, fastmath=False)
def ecef_to_geodetic_scalar(x: float, y: float, z: float) -> tuple[float, float, float]:
    """ECEF (m) to geodetic latitude, longitude (rad), height (m).

    Bowring's method with two refinements: error below 1e-9 m up to GEO distances.
    """
    p = np.hypot(x, y)
    lon = np.arctan2(y, x)
    if p < 1e-9:
        lat = np.pi / 2 if z >= 0 else -np.pi / 2
        return lat, lon, abs(z) - WGS84_B
    theta = np.arctan2(z * WGS84_A, p * WGS84_B)
    lat = 0.0
    for _ in range(3):
        st = np.sin(theta)
        ct = np.cos(theta)
        lat = np.arctan2(z + _EP2 * WGS84_B * st**3, p - WGS84_E2 * WGS84_A * ct**3)
        theta = np.arctan2((1.0 - WGS84_E2) ** 0.5 * np.sin(lat), np.cos(lat))
    s = np.sin(lat)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * s * s)
    c = np.cos(lat)
    if abs(c) > 1e-10:
        h = p / c - n
    else:
        h = abs(z) - WGS84_B
    return lat, lon, h


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
    """Vectorised ECEF (..., 3) m to geodetic latitude, longitude (rad) and height (m)."""
    r = np.asarray(r_ecef, float)
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    p = np.hypot(x, y)
    lon = np.arctan2(y, x)
    theta = np.arctan2(z * WGS84_A, p * WGS84_B)
    lat = np.zeros_like(p)
    for _ in range(3):
        st, ct = np.sin(theta), np.cos(theta)
        lat = np.arctan2(z + _EP2 * WGS84_B * st**3, p - WGS84_E2 * WGS84_A * ct**3)
        theta = np.arctan2(np.sqrt(1.0 - WGS84_E2) * np.sin(lat), np.cos(lat))
    s = np.sin(lat)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * s * s)
    c = np.cos(lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(np.abs(c) > 1e-10, p / np.where(c == 0, 1.0, c) - n, np.abs(z) - WGS84_B)
    return lat, lon, h


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
