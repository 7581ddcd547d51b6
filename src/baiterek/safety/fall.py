"""Impact points of jettisoned bodies: the batched ballistic fall and its result (immutable).

``impact_points(states, times, bodies, site=...)`` flies every (sample, body) pair from its
separation state to the ground through the compiled kernel (``safety._fall_kernel``: RK4, J2-J4,
US76, wind, rotating WGS-84 Earth, impact located inside the step) and returns
:class:`ImpactPoints`: arrays (n_samples, n_bodies), SI, NaN where the status is not IMPACT.
Downrange is the WGS-84 geodesic distance from the pad (pyproj ``Geod``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from pyproj import Geod

from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A
from baiterek.earth.geodesy import ecef_to_geodetic
from baiterek.earth.wind import WindProfile
from baiterek.safety import _fall_kernel as K
from baiterek.safety.bodies import Body
from baiterek.safety.decay import orbital_lifetimes

if TYPE_CHECKING:
    import pandas as pd

    from baiterek.catalog.sites import Site
    from baiterek.flight.trajectory import Trajectory

Array = npt.NDArray[np.float64]

IMPACT, ORBITAL, FAILED = K.IMPACT, K.ORBITAL, K.FAILED
STATUS_NAMES = {IMPACT: "impact", ORBITAL: "orbital", FAILED: "failed"}

T_MAX_S = 3.0 * 3600.0
"""Longest fall flown, s after separation: a body still aloft then is reported ORBITAL."""

_GEOD = Geod(ellps="WGS84")


def _to_earth_fixed(t: Array, s: Array) -> tuple[Array, Array]:
    """Launch-frame states (..., 6+) at times t (...) to ECEF position and Earth-relative
    velocity (..., 3) each (axes = ITRS at liftoff, rotating at OMEGA_EARTH)."""
    th = OMEGA_EARTH * t
    c, sn = np.cos(th), np.sin(th)
    r, v = s[..., 0:3], s[..., 3:6]
    vr = np.stack([v[..., 0] + OMEGA_EARTH * r[..., 1], v[..., 1] - OMEGA_EARTH * r[..., 0],
                   v[..., 2]], axis=-1)  # fmt: skip

    def rot(a: Array) -> Array:
        return np.stack(
            [c * a[..., 0] + sn * a[..., 1], -sn * a[..., 0] + c * a[..., 1], a[..., 2]], axis=-1
        )

    return rot(r), rot(vr)


def geodetic_of(t: npt.ArrayLike, s: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Geodetic latitude, longitude (rad, Earth-fixed) and height (m) of launch-frame states."""
    r_e, _ = _to_earth_fixed(np.asarray(t, float), np.asarray(s, float))
    return ecef_to_geodetic(r_e)


def _readonly(a: npt.ArrayLike) -> np.ndarray:
    a = np.asarray(a)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, slots=True)
class ImpactPoints:
    """Falls of jettisoned bodies; arrays (n_samples, n_bodies), SI, NaN where status != IMPACT.

    Times are s from liftoff; states are launch-frame ``[x, y, z, vx, vy, vz]`` (m, m/s).
    ``speed`` is the Earth-relative speed at impact, ``angle`` the Earth-relative flight-path
    angle below the local (geodetic) horizontal. ``apogee_*`` is the highest point of the fall
    (the separation point when the body separates descending); ``perigee_orbit``/``apogee_orbit``
    are the osculating point-mass orbit's perigee and apogee heights above the equatorial radius
    at separation (for ORBITAL bodies: the orbit it is left in; NaN if hyperbolic);
    ``decay_time`` its expected drag lifetime (``safety.decay``; NaN unless ORBITAL, or when not
    computed).
    """

    body: tuple[str, ...]
    kind: tuple[str, ...]
    status: np.ndarray  # int: IMPACT | ORBITAL | FAILED
    separation_time: np.ndarray  # s
    latitude: np.ndarray  # rad, geodetic
    longitude: np.ndarray  # rad, Earth-fixed
    time: np.ndarray  # s from liftoff
    speed: np.ndarray  # m/s, Earth-relative
    angle: np.ndarray  # rad, below the horizontal
    downrange: np.ndarray  # m, geodesic from the pad (NaN without a site)
    state_impact: np.ndarray  # (n_s, n_b, 6)
    time_100km: np.ndarray  # s (NaN if the fall never descends through 100 km)
    state_100km: np.ndarray  # (n_s, n_b, 6)
    apogee_time: np.ndarray  # s
    apogee_altitude: np.ndarray  # m, geodetic
    state_apogee: np.ndarray  # (n_s, n_b, 6)
    perigee_orbit: np.ndarray  # m above WGS84_A, osculating at separation
    apogee_orbit: np.ndarray  # m above WGS84_A, osculating at separation
    decay_time: np.ndarray  # s from separation to re-entry of an ORBITAL body (inf: > 25 years)
    steps: np.ndarray  # integrator steps taken by each fall (cost bookkeeping)

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray):
                _readonly(v)

    @property
    def shape(self) -> tuple[int, int]:
        return self.status.shape  # type: ignore[return-value]

    def __repr__(self) -> str:
        ns, nb = self.shape
        counts = {name: int(np.sum(self.status == code)) for code, name in STATUS_NAMES.items()}
        return f"ImpactPoints({ns} samples x {nb} bodies: {counts})"

    def rows(self, sample: int = 0) -> list[dict[str, Any]]:
        """One JSON-ready dict per body of one sample (NaN as None; keys as ``to_frame``)."""
        out = []
        for rec in self.to_frame(sample).to_dict("records"):
            out.append({k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                        for k, v in rec.items()})  # fmt: skip
        return out

    def to_frame(self, sample: int = 0) -> pd.DataFrame:
        """One row per body of one sample, units in the column names (deg, km, s)."""
        import pandas as pd

        k = sample
        return pd.DataFrame(
            {
                "body": list(self.body),
                "kind": list(self.kind),
                "status": [STATUS_NAMES[int(c)] for c in self.status[k]],
                "separation_time_s": self.separation_time[k],
                "impact_time_s": self.time[k],
                "impact_latitude_deg": np.degrees(self.latitude[k]),
                "impact_longitude_deg": np.degrees(self.longitude[k]),
                "downrange_km": self.downrange[k] / 1e3,
                "impact_speed_m_s": self.speed[k],
                "impact_angle_deg": np.degrees(self.angle[k]),
                "apogee_altitude_km": self.apogee_altitude[k] / 1e3,
                "apogee_time_s": self.apogee_time[k],
                "time_100km_s": self.time_100km[k],
                "perigee_km": self.perigee_orbit[k] / 1e3,
                "apogee_km": self.apogee_orbit[k] / 1e3,
                "decay_days": self.decay_time[k] / 86400.0,
            }
        )


def _body_tables(bodies: Sequence[Body]) -> tuple[Array, Array, npt.NDArray[np.int64]]:
    tabs = [b.cd_area_table() for b in bodies]
    kmax = max(len(m) for m, _ in tabs)
    mach = np.zeros((len(bodies), kmax))
    cda = np.zeros((len(bodies), kmax))
    n = np.zeros(len(bodies), np.int64)
    for i, (m, c) in enumerate(tabs):
        mach[i, : len(m)] = m
        cda[i, : len(c)] = c
        n[i] = len(m)
    return mach, cda, n


def _wind_tables(
    wind: WindProfile | Sequence[WindProfile] | None, ns: int, nb: int
) -> tuple[Array, Array, Array, npt.NDArray[np.int64]]:
    """Kernel wind arrays: altitudes (K,), east and north (W, K), and the row of each body."""
    if wind is None:
        wind = WindProfile.calm()
    profiles = [wind] if isinstance(wind, WindProfile) else list(wind)
    if len(profiles) not in (1, ns):
        raise ValueError(f"wind: one profile or one per sample ({ns}), not {len(profiles)}")
    alt = profiles[0].altitude_m
    if any(p.altitude_m.shape != alt.shape or np.any(p.altitude_m != alt) for p in profiles):
        raise ValueError("wind: every sample's profile needs the same altitude rows")
    east = np.array([p.east_m_s for p in profiles]).reshape(len(profiles), alt.size)
    north = np.array([p.north_m_s for p in profiles]).reshape(len(profiles), alt.size)
    rows = np.repeat(np.arange(ns) if len(profiles) > 1 else np.zeros(ns, np.int64), nb)
    return np.ascontiguousarray(alt), east, north, rows.astype(np.int64)


def _osculating(s: Array) -> tuple[Array, Array]:
    """Perigee and apogee heights above WGS84_A (m) of the point-mass orbits of states (..., 6)."""
    r, v = s[..., :3], s[..., 3:6]
    rn = np.linalg.norm(r, axis=-1)
    energy = 0.5 * np.sum(v * v, -1) - MU_EARTH / rn
    h2 = np.sum(np.cross(r, v) ** 2, -1)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = np.where(energy < 0, -MU_EARTH / (2 * energy), np.nan)
        e = np.sqrt(np.maximum(0.0, 1.0 - h2 / (MU_EARTH * a)))
    return a * (1 - e) - WGS84_A, a * (1 + e) - WGS84_A


def impact_points(
    separation_states: npt.ArrayLike,
    separation_times: npt.ArrayLike,
    bodies: Sequence[Body],
    *,
    site: Site | None = None,
    wind: WindProfile | Sequence[WindProfile] | None = None,
    density_scale: npt.ArrayLike | None = None,
    drag_scale: npt.ArrayLike | None = None,
    ground_height_m: float = 0.0,
    step_scale: float = 1.0,
    t_max_s: float = T_MAX_S,
    decay: bool = True,
) -> ImpactPoints:
    """Fly bodies from their separation states to the ground.

    ``separation_states`` (n_samples, n_bodies, 7) or (n_bodies, 7): launch frame, m, m/s, kg;
    ``separation_times`` (n_samples, n_bodies) or (n_bodies,): s from liftoff (the launch frame
    turns with the Earth from liftoff). ``site``: a catalog site (for the downrange); ``wind``:
    the ascent's profile, or one per sample (same altitude rows); ``density_scale``
    (n_samples,) multiplies the US76 density; ``drag_scale`` (n_samples, n_bodies) multiplies
    each body's drag area (both default to 1); ``ground_height_m``:
    impact height above the ellipsoid; ``step_scale`` scales the integrator step (1 nominal);
    ``decay``: estimate the lifetime of each ORBITAL body (``safety.decay``, about 1 ms each).
    """
    s = np.asarray(separation_states, float)
    t = np.asarray(separation_times, float)
    if s.ndim == 2:
        s = s[None]
    if t.ndim == 1:
        t = t[None]
    ns, nb = s.shape[:2]
    if s.shape != (ns, nb, 7) or t.shape != (ns, nb) or nb != len(bodies):
        raise ValueError(
            f"separation_states {s.shape} and times {t.shape} do not fit {len(bodies)} bodies"
        )
    rho = np.ones(ns) if density_scale is None else np.broadcast_to(density_scale, (ns,))
    cda = np.ones((ns, nb)) if drag_scale is None else np.broadcast_to(drag_scale, (ns, nb))
    mach_tab, cda_tab, n_tab = _body_tables(bodies)
    wa, we, wn, widx = _wind_tables(wind, ns, nb)
    flat_s = np.ascontiguousarray(s.reshape(-1, 7))
    flat_t = np.ascontiguousarray(t.reshape(-1))
    bidx = np.tile(np.arange(nb), ns)
    kernel = K.fall_many_parallel if flat_s.shape[0] >= K.PARALLEL_MIN_BATCH else K.fall_many_serial
    status, out_s, out_t, steps = kernel(
        flat_s, flat_t, bidx, widx, mach_tab, cda_tab, n_tab,
        np.ascontiguousarray(np.repeat(np.asarray(rho, float), nb)),
        np.ascontiguousarray(np.asarray(cda, float).reshape(-1)),
        wa, we, wn, float(ground_height_m), float(step_scale), float(t_max_s),
    )  # fmt: skip
    status = status.reshape(ns, nb)
    out_s = out_s.reshape(ns, nb, 3, 6)
    out_t = out_t.reshape(ns, nb, 3)
    hit = status == IMPACT
    s_imp, t_imp = out_s[:, :, 0], out_t[:, :, 0]
    r_e, v_e = _to_earth_fixed(t_imp, s_imp)
    lat, lon, _ = ecef_to_geodetic(r_e)
    speed = np.linalg.norm(v_e, axis=-1)
    up = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], -1)
    with np.errstate(invalid="ignore", divide="ignore"):
        angle = -np.arcsin(np.clip(np.sum(up * v_e, -1) / speed, -1.0, 1.0))
    if site is not None:
        lon0 = np.full(lat.shape, site.longitude_deg)
        lat0 = np.full(lat.shape, site.latitude_deg)
        dr = np.full(lat.shape, np.nan)
        if np.any(hit):
            _, _, d = _GEOD.inv(lon0[hit], lat0[hit], np.degrees(lon[hit]), np.degrees(lat[hit]))
            dr[hit] = d
    else:
        dr = np.full(lat.shape, np.nan)
    _, _, h_apo = geodetic_of(out_t[:, :, 2], out_s[:, :, 2])
    perigee, apogee = _osculating(s)
    life = np.full((ns, nb), np.nan)
    orb = status == ORBITAL
    if decay and np.any(orb):
        beta = np.array([b.hypersonic_ballistic_coefficient for b in bodies])
        beta = np.broadcast_to(beta, (ns, nb)) / cda  # a dispersed drag area changes beta
        life[orb] = orbital_lifetimes(perigee[orb], apogee[orb], beta[orb])
    nan_if = np.where(hit, 1.0, np.nan)
    return ImpactPoints(
        body=tuple(b.name for b in bodies),
        kind=tuple(b.kind for b in bodies),
        status=status,
        separation_time=t.copy(),
        latitude=lat * nan_if,
        longitude=lon * nan_if,
        time=t_imp * nan_if,
        speed=speed * nan_if,
        angle=angle * nan_if,
        downrange=dr,
        state_impact=s_imp * nan_if[..., None],
        time_100km=out_t[:, :, 1].copy(),
        state_100km=out_s[:, :, 1].copy(),
        apogee_time=out_t[:, :, 2].copy(),
        apogee_altitude=h_apo,
        state_apogee=out_s[:, :, 2].copy(),
        perigee_orbit=perigee,
        apogee_orbit=apogee,
        decay_time=life,
        steps=steps.reshape(ns, nb),
    )


def flight_impacts(
    traj: Trajectory, *, wind: WindProfile | None = None, bodies: Sequence[Body] | None = None
) -> ImpactPoints:
    """Every jettisoned body of a flown ascent to the ground (one sample): the vehicle's bodies
    from the catalog unless ``bodies`` is given, separated at their events, downrange from the
    trajectory's site; ``wind``: the profile the ascent flew in (calm when None)."""
    from baiterek import catalog
    from baiterek.safety.bodies import bodies_of, separation_states

    bodies = bodies_of(traj.vehicle_id) if bodies is None else tuple(bodies)
    states, times = separation_states(traj, bodies)
    return impact_points(states, times, bodies, site=catalog.site(traj.site_id), wind=wind)
