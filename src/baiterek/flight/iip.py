"""Instantaneous impact point (IIP): where the vehicle would land if thrust stopped now (vacuum).

Method: the Keplerian (point-mass, no drag) arc through the state, intersected with the WGS-84
ellipsoid on its descending branch, with the Earth turning under it during the time of flight.
The conic gives the true anomaly at a trial impact radius in closed form, Kepler's equation the
time of flight; the trial radius is then replaced by the ellipsoid's radius under the predicted
point and the step repeated (``ITERATIONS`` times: the radius changes by metres after the second
pass). This is the scheme of Ahn & Roh, "Noniterative instantaneous impact point prediction
algorithm for launch operations", J. Guidance, Control, and Dynamics 35(2), 2012, with a plain
fixed-point iteration on the impact radius instead of their bisection (it converges from the
first guess, the radius under the vehicle, since the radius varies by at most 21 km over the
whole ellipsoid). Compiled (numba), one scalar kernel looped over the samples; NaN where no impact exists (a perigee above the
ground: orbital; a hyperbolic or degenerate arc; already below the ground and descending).
``tests/unit/test_iip.py`` checks it against a numerical vacuum fall (scipy DOP853).

Events: ``iip_leaves_kazakhstan`` and ``iip_leaves_land``: the first time the IIP track leaves
the Kazakhstan polygon or the land, if it starts there (Natural Earth 1:110m, shipped in
``data/borders/natural_earth_110m.geojson``; see ``scripts/generate_borders.py``), located on
the segment between samples where it crosses the border.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numba import njit

from baiterek._jit_cache import drop_stale
from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A, WGS84_E2
from baiterek.earth.geodesy import BOWRING_ITERATIONS, ecef_to_geodetic_scalar, geodetic_sincos

ITERATIONS = 6
"""Fixed-point passes on the impact radius (the change after the 4th is below 1 mm)."""

_TWO_PI = 2.0 * np.pi


def _rotate_z(a, angle):
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([c * a[..., 0] - s * a[..., 1], s * a[..., 0] + c * a[..., 1], a[..., 2]], -1)


def launch_state_from_ecef(t, r_ecef, v_ecef):
    """Launch-frame (inertial, axes = ITRS at liftoff) position and velocity from ECEF position
    and Earth-relative velocity at times t (s from liftoff)."""
    r_ecef = np.asarray(r_ecef, float)
    v_in = np.asarray(v_ecef, float) + np.cross([0.0, 0.0, OMEGA_EARTH], r_ecef)
    th = OMEGA_EARTH * np.asarray(t, float)
    return _rotate_z(r_ecef, th), _rotate_z(v_in, th)


@njit(cache=True, inline="always")
def _mean_anomaly(nu: float, e: float) -> float:
    ecc_anom = np.mod(np.arctan2(np.sqrt(1.0 - e * e) * np.sin(nu), e + np.cos(nu)), _TWO_PI)
    return float(ecc_anom - e * np.sin(ecc_anom))


@njit(cache=True, inline="always")
def _surface_radius(p: float, z: float) -> float:
    """Geocentric radius (m) of the ellipsoid's surface point below (p, z) (geodetic normal)."""
    _, sl, cl = geodetic_sincos(p, z, BOWRING_ITERATIONS)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sl * sl)
    return float(np.sqrt((n * cl) ** 2 + (n * (1.0 - WGS84_E2) * sl) ** 2))


@njit(cache=True)
def _iip_one(t: float, r: np.ndarray, v: np.ndarray) -> tuple[float, float, float]:
    """IIP of one launch-frame state: geodetic latitude, longitude (rad), impact time (s); NaN
    where no impact exists (the module docstring's method)."""
    nan = np.nan
    rn = np.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2])
    h = np.cross(r, v)
    hn = np.sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2])
    if not (hn > 0.0 and rn > 0.0):
        return nan, nan, nan
    e_vec = np.cross(v, h) / MU_EARTH - r / rn
    e = np.sqrt(e_vec[0] ** 2 + e_vec[1] ** 2 + e_vec[2] ** 2)
    if not (1e-12 < e < 1.0):
        return nan, nan, nan
    p = hn * hn / MU_EARTH
    a = p / (1.0 - e * e)
    pv = e_vec / e
    w = h / hn
    q = np.cross(w, pv)
    rq = r[0] * q[0] + r[1] * q[1] + r[2] * q[2]
    rp = r[0] * pv[0] + r[1] * pv[1] + r[2] * pv[2]
    nu0 = np.mod(np.arctan2(rq, rp), _TWO_PI)
    m0 = _mean_anomaly(nu0, e)
    mean_motion = np.sqrt(MU_EARTH / abs(a) ** 3)
    # The ellipsoid's radius under a point depends only on its axial distance and z, which the
    # Earth's rotation about z leaves unchanged: the fixed point needs neither time nor longitude.
    r_imp = _surface_radius(np.sqrt(r[0] * r[0] + r[1] * r[1]), r[2])  # first guess: under r
    nu = nan
    good = False
    for _ in range(ITERATIONS):
        cos_nu = (p / r_imp - 1.0) / e
        nu = _TWO_PI - np.arccos(min(1.0, max(-1.0, cos_nu)))  # descending branch
        good = abs(cos_nu) <= 1.0 and nu >= nu0
        pos = r_imp * (np.cos(nu) * pv + np.sin(nu) * q)
        r_imp = _surface_radius(np.sqrt(pos[0] * pos[0] + pos[1] * pos[1]), pos[2])
    if not good:
        return nan, nan, nan
    pos = r_imp * (np.cos(nu) * pv + np.sin(nu) * q)
    t_imp = t + (_mean_anomaly(nu, e) - m0) / mean_motion
    c, s = np.cos(-OMEGA_EARTH * t_imp), np.sin(-OMEGA_EARTH * t_imp)
    lat, lon, _ = ecef_to_geodetic_scalar(c * pos[0] - s * pos[1], s * pos[0] + c * pos[1], pos[2])
    return lat, lon, t_imp


@njit(cache=True)
def _iip_rows(t: np.ndarray, r: np.ndarray, v: np.ndarray) -> np.ndarray:
    out = np.empty((t.shape[0], 3))
    for i in range(t.shape[0]):
        out[i, 0], out[i, 1], out[i, 2] = _iip_one(t[i], r[i], v[i])
    return out


def iip(t, r, v) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vacuum IIP of launch-frame states r, v (..., 3) (m, m/s) at times t (...) s from liftoff.

    Returns geodetic latitude, longitude (rad, Earth-fixed) and the impact time (s from liftoff),
    NaN where no impact exists. Compiled: one scalar kernel looped over the samples.
    """
    r = np.asarray(r, float)
    v = np.asarray(v, float)
    shape = r.shape[:-1]
    t = np.broadcast_to(np.asarray(t, float), shape).reshape(-1)
    out = _iip_rows(
        np.ascontiguousarray(t), np.ascontiguousarray(r.reshape(-1, 3)),
        np.ascontiguousarray(v.reshape(-1, 3)),
    )  # fmt: skip
    return out[:, 0].reshape(shape), out[:, 1].reshape(shape), out[:, 2].reshape(shape)


@dataclass(frozen=True, slots=True)
class IipTrack:
    """IIP of every trajectory sample (n,), SI: rad, s from liftoff, m, m/s; NaN once orbital."""

    latitude: np.ndarray
    longitude: np.ndarray
    impact_time: np.ndarray
    range: np.ndarray  # geodesic distance from the pad (first sample), m
    speed: np.ndarray  # speed of the IIP over the ground, m/s (central differences)

    def __post_init__(self) -> None:
        for name in ("latitude", "longitude", "impact_time", "range", "speed"):
            getattr(self, name).flags.writeable = False


def iip_track(t, r, v, pad_latitude: float, pad_longitude: float) -> IipTrack:
    """The IIP track of launch-frame samples (t (n,), r, v (n, 3)) with the range from the pad
    (rad) and the IIP's ground speed."""
    from pyproj import Geod

    t = np.asarray(t, float)
    lat, lon, ti = iip(t, r, v)
    geod = Geod(ellps="WGS84")
    d_lat, d_lon = np.degrees(lat), np.degrees(lon)
    rng = np.full(t.shape, np.nan)
    fin = np.isfinite(lat)
    if np.any(fin):
        n = int(np.sum(fin))
        _, _, d = geod.inv(
            np.full(n, np.degrees(pad_longitude)), np.full(n, np.degrees(pad_latitude)),
            d_lon[fin], d_lat[fin],
        )  # fmt: skip
        rng[fin] = d
    speed = np.full(t.shape, np.nan)
    if t.size >= 3:
        both = fin[:-2] & fin[2:]
        dt = t[2:] - t[:-2]
        k = np.nonzero(both & (dt > 0))[0]
        if k.size:
            _, _, d = geod.inv(d_lon[k], d_lat[k], d_lon[k + 2], d_lat[k + 2])
            speed[k + 1] = d / dt[k]
    return IipTrack(lat, lon, ti, rng, speed)


@cache
def borders():
    """(Kazakhstan, land) shapely geometries, lon/lat degrees (Natural Earth 1:110m)."""
    import shapely
    from shapely.geometry import shape

    ref = resources.files("baiterek") / "data" / "borders" / "natural_earth_110m.geojson"
    feats = {f["id"]: shape(f["geometry"]) for f in json.loads(ref.read_text())["features"]}
    for g in feats.values():
        shapely.prepare(g)
    return feats["kazakhstan"], feats["land"]


def _leaves(t, lat_deg, lon_deg, region) -> float | None:
    """First time the track (finite samples), starting inside ``region``, goes outside, located
    on the crossing segment (linear in time along the segment); None if it never does or starts
    outside."""
    import shapely
    from shapely.geometry import LineString

    fin = np.isfinite(lat_deg)
    if not np.any(fin):
        return None
    inside = np.zeros(t.shape, bool)
    inside[fin] = shapely.contains_xy(region, lon_deg[fin], lat_deg[fin])
    if not inside[np.argmax(fin)]:
        return None  # the track starts outside: it never "leaves" (a coastal pad at 1:110m)
    for k in range(len(t) - 1):
        if inside[k] and fin[k + 1] and not inside[k + 1]:
            seg = LineString([(lon_deg[k], lat_deg[k]), (lon_deg[k + 1], lat_deg[k + 1])])
            cut = seg.intersection(region.boundary)
            frac = 1.0
            if not cut.is_empty:
                pts = [seg.project(g) for g in getattr(cut, "geoms", [cut])]
                frac = min(pts) / seg.length if seg.length > 0 else 1.0
            return float(t[k] + frac * (t[k + 1] - t[k]))
    return None


def iip_events(t, r, v) -> list[tuple[float, str]]:
    """Events ``iip_leaves_kazakhstan``, ``iip_leaves_land`` of launch-frame samples, as
    (time s, name); an event that does not happen is absent."""
    t = np.asarray(t, float)
    lat, lon, _ = iip(t, r, v)
    kz, land = borders()
    out = []
    for name, region in (("iip_leaves_kazakhstan", kz), ("iip_leaves_land", land)):
        when = _leaves(t, np.degrees(lat), np.degrees(lon), region)
        if when is not None:
            out.append((when, name))
    return out


def iip_events_ecef(t, r_ecef, v_ecef) -> list[tuple[float, str]]:
    """:func:`iip_events` from ECEF positions and Earth-relative velocities (the series the
    ascent derives)."""
    r, v = launch_state_from_ecef(t, r_ecef, v_ecef)
    return iip_events(t, r, v)


def iip_columns(traj) -> dict[str, np.ndarray]:
    """The IIP columns of a trajectory's table: ``iip_latitude_deg``, ``iip_longitude_deg``,
    ``iip_range_km`` (from the pad: the first sample), ``iip_speed_km_s``, ``iip_time_s``."""
    tr = iip_track(traj.time, traj.position, traj.velocity, traj.latitude[0], traj.longitude[0])
    return {
        "iip_latitude_deg": np.degrees(tr.latitude),
        "iip_longitude_deg": np.degrees(tr.longitude),
        "iip_range_km": tr.range / 1e3,
        "iip_speed_km_s": tr.speed / 1e3,
        "iip_time_s": tr.impact_time,
    }


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
