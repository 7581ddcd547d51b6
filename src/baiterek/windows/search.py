"""Launch windows over a date range: to a fixed plane, to a TLE target (ISS), to a sun-synchronous
orbit at a local time of the node. Each returns a :class:`WindowTable` (columns as arrays).

The ascent geometry is injected (``geometry=``: an :class:`AscentGeometry` or a provider from
:func:`baiterek.windows.geometry.geometry_provider`); the caller chooses simulator or analytic.

Constraints reported with every window (not filtered on): the Sun's elevation at the pad at
liftoff and whether the insertion point is sunlit (cylindrical Earth shadow, analytic Sun,
:mod:`baiterek.earth.sun`).

Local time of the node (SSO). ``sun="mean"`` (default, the usual meaning of "LTDN 10:30"): the
mean local solar time at the node, UT1 + longitude / 15 deg/h, equivalently the node's right
ascension minus the mean Sun's plus 12 h. ``sun="true"``: against the apparent Sun (differs by
the equation of time, up to 16 min). Evaluated at insertion: the insertion plane's node is
GMST(t_L) + node_offset on TEME axes, its local time at t_L + T must equal the one asked; the
condition advances one hour per hour of UT1, so a first estimate per day and three fixed-point
steps give the instants to microseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from baiterek.catalog.sites import Site
from baiterek.constants import SECONDS_PER_DAY, SSO_NODE_RATE, WGS84_A
from baiterek.earth.secular import raan_rate_j2, sso_inclination
from baiterek.earth.sun import mean_sun_ra, sun_ra_dec, sun_unit_vector
from baiterek.earth.time import (
    earth_orientation_table_info,
    gmst82,
    parse_utc,
    timescale,
    tt_jd_time,
    utc_iso,
)
from baiterek.errors import InputError
from baiterek.windows.geometry import AscentGeometry, GeometryProvider
from baiterek.windows.phasing import INSERTION_ORBIT_M, classify_phase, scheme_ranges
from baiterek.windows.plane import (
    TargetPlane,
    branch_name,
    launch_azimuth,
    payload_cost_kg,
    plane_change_dv,
    plane_launch_times,
    window_half_width_s,
)
from baiterek.windows.tle import TleTarget, check_tle_epoch

__all__ = [
    "WindowTable",
    "plane_windows",
    "plane_from_orbit",
    "tle_windows",
    "sso_windows",
    "start_jd_tt",
]

_TWO_PI = 2.0 * math.pi


Array = npt.NDArray[np.float64]
PhaseFn = Callable[[Array, Array], tuple[Array, npt.NDArray[np.object_]]]
"""(insertion TT dates, insertion arguments of latitude) -> (phase angle rad, scheme name)."""


@dataclass(frozen=True)
class WindowTable:
    """Launch opportunities, one row per opportunity, sorted by time. SI arrays inside."""

    launch_jd_tt: np.ndarray
    half_width_s: np.ndarray
    heading: np.ndarray  # "north" / "south"
    azimuth_rad: np.ndarray
    inclination_rad: np.ndarray
    raan_rad: np.ndarray  # TEME node of the insertion plane, at insertion
    insertion_jd_tt: np.ndarray
    phase_rad: np.ndarray  # NaN when there is no target object
    scheme: np.ndarray  # object: scheme name or None
    node_local_time_h: np.ndarray  # local time of the ascending node at insertion (mean Sun)
    sun_elevation_rad: np.ndarray  # at the pad at liftoff
    insertion_sunlit: np.ndarray  # bool
    site_id: str
    vehicle_id: str
    target: dict[str, Any]
    ascent: dict[str, Any]
    warnings: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    edge_wedge_rad: float = 0.0  # plane angle at the window's open and close (the allowance)

    def __len__(self) -> int:
        return len(self.launch_jd_tt)

    def select(self, mask: npt.ArrayLike) -> WindowTable:
        """A new table with the rows where ``mask`` (bool array, one per row) is true."""
        mask = np.asarray(mask, bool)
        cols = {
            f.name: getattr(self, f.name)[mask]
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }
        return replace(self, **cols)

    def constrained(
        self,
        sun_elevation_min_deg: float | None = None,
        sun_elevation_max_deg: float | None = None,
        insertion_sunlit: bool | None = None,
    ) -> WindowTable:
        """Keep the windows meeting the lighting constraints (None = no constraint):
        Sun elevation at the pad at liftoff within [min, max] deg (day launch: min = 0;
        night launch: max = -6, civil twilight), payload sunlit (or not) at insertion."""
        keep = np.ones(len(self), bool)
        el = np.degrees(self.sun_elevation_rad)
        if sun_elevation_min_deg is not None:
            keep &= el >= sun_elevation_min_deg
        if sun_elevation_max_deg is not None:
            keep &= el <= sun_elevation_max_deg
        if insertion_sunlit is not None:
            keep &= self.insertion_sunlit == insertion_sunlit
        return self.select(keep)

    def _iso(self, jd: npt.ArrayLike) -> list[str]:
        jd = np.asarray(jd, float)
        if jd.size == 0:
            return []
        t = tt_jd_time(jd)
        return [utc_iso(ti, places=3) for ti in t]

    def records(self) -> list[dict[str, Any]]:
        """One plain dict per window, snake_case keys with units (the JSON form)."""
        launch = self._iso(self.launch_jd_tt)
        open_ = self._iso(self.launch_jd_tt - self.half_width_s / SECONDS_PER_DAY)
        close = self._iso(self.launch_jd_tt + self.half_width_s / SECONDS_PER_DAY)
        ins = self._iso(self.insertion_jd_tt)
        out = []
        for k in range(len(self)):
            az = float(self.azimuth_rad[k])
            ph = float(self.phase_rad[k])
            lt = float(self.node_local_time_h[k])
            out.append(
                {
                    "launch_time_utc": launch[k],
                    "open_utc": open_[k],
                    "close_utc": close[k],
                    "duration_s": 2.0 * float(self.half_width_s[k]),
                    "heading": str(self.heading[k]),
                    "branch": branch_name(az),
                    "azimuth_deg": math.degrees(az),
                    "inclination_deg": math.degrees(float(self.inclination_rad[k])),
                    "raan_deg": math.degrees(float(self.raan_rad[k])),
                    "insertion_time_utc": ins[k],
                    "phase_deg": None if not math.isfinite(ph) else math.degrees(ph),
                    "scheme": self.scheme[k],
                    "ltan_h": None if not math.isfinite(lt) else lt,
                    "sun_elevation_deg": math.degrees(float(self.sun_elevation_rad[k])),
                    "insertion_sunlit": bool(self.insertion_sunlit[k]),
                    "edge_wedge_deg": math.degrees(self.edge_wedge_rad),
                    "edge_plane_change_dv_ms": plane_change_dv(self.edge_wedge_rad),
                    "payload_cost_kg": payload_cost_kg(self.vehicle_id, self.edge_wedge_rad),
                }
            )
        return out

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.records())

    def to_json(self, provenance: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "windows": self.records(),
            "site": self.site_id,
            "vehicle": self.vehicle_id,
            "target": self.target,
            "ascent": self.ascent,
            "earth_orientation": earth_orientation_table_info(),
            "warnings": list(self.warnings),
            **self.extra,
            "provenance": provenance,
        }


def start_jd_tt(start: str | datetime) -> float:
    """TT Julian date of a UTC start (ISO string or aware datetime)."""
    return float(timescale().from_datetime(parse_utc(start, "from")).tt)


def _headings(site: Site, inclination_rad: float, heading: str | None) -> list[str]:
    return site.check_reachable(inclination_rad, heading)


def _geometries(
    inc: float, headings: list[str], geometry: AscentGeometry | GeometryProvider
) -> dict[str, AscentGeometry]:
    """The injected geometry per heading (one fixed geometry, or a provider asked per heading)."""
    if isinstance(geometry, AscentGeometry):
        return {h: geometry for h in headings}
    return {h: geometry(inc, h) for h in headings}


def _constraints(
    site: Site,
    jd_launch: Array,
    jd_ins: Array,
    raan: Array,
    inc: float,
    u_ins: Array,
    r_ins: Array | float,
) -> tuple[Array, npt.NDArray[np.bool_]]:
    """Sun elevation at the pad at liftoff (rad); insertion point sunlit (bool)."""
    t_l = tt_jd_time(jd_launch)
    ra, dec = sun_ra_dec(t_l)
    ha = gmst82(t_l) + site.longitude - ra
    lat = site.latitude
    el = np.arcsin(np.sin(lat) * np.sin(dec) + np.cos(lat) * np.cos(dec) * np.cos(ha))
    s_hat = sun_unit_vector(tt_jd_time(jd_ins))
    cu, su = np.cos(u_ins), np.sin(u_ins)
    co, so = np.cos(raan), np.sin(raan)
    ci, si = np.cos(inc), np.sin(inc)
    r = np.stack([co * cu - so * ci * su, so * cu + co * ci * su, si * su], axis=-1) * r_ins
    along = np.sum(r * s_hat, axis=-1)
    perp = np.linalg.norm(r - along[..., None] * s_hat, axis=-1)
    return el, (along > 0) | (perp > WGS84_A)


def _node_local_time_h(raan_teme: Array, jd_tt: Array) -> Array:
    """Mean local time (h, [0, 24)) of a node of TEME right ascension raan at TT dates."""
    t = tt_jd_time(jd_tt)
    return np.asarray(np.mod(12.0 + np.degrees(raan_teme - mean_sun_ra(t)) / 15.0, 24.0))


def _assemble(
    site: Site,
    vehicle_id: str,
    per_heading: list[tuple[str, AscentGeometry, np.ndarray]],
    inc: float,
    half_width: float,
    target: dict[str, Any],
    phase_fn: PhaseFn | None = None,
    warnings: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
    edge_wedge_rad: float = 0.0,
) -> WindowTable:
    cols: dict[str, list[npt.NDArray[Any]]] = {"jd": [], "heading": []}
    for h, _, jd in per_heading:
        cols["jd"].append(jd)
        cols["heading"].append(np.full(jd.shape, h, dtype=object))
    jd = np.concatenate(cols["jd"]) if cols["jd"] else np.zeros(0)
    heading = np.concatenate(cols["heading"]) if cols["heading"] else np.zeros(0, object)
    order = np.argsort(jd, kind="stable")
    jd = jd[order]
    heading = heading[order]
    geoms = {h: g for h, g, _ in per_heading}
    node_off = np.array([geoms[h].node_offset_rad for h in heading])
    dur = np.array([geoms[h].duration_s for h in heading])
    u_ins = np.array([geoms[h].arglat_insertion_rad for h in heading])
    jd_ins = jd + dur / SECONDS_PER_DAY
    raan = np.mod(gmst82(tt_jd_time(jd)) + node_off, _TWO_PI) if len(jd) else np.zeros(0)
    az = np.array([launch_azimuth(site, inc, h) for h in heading], float)
    r_ins = WGS84_A + 0.5 * sum(INSERTION_ORBIT_M)
    if len(jd):
        el, lit = _constraints(site, jd, jd_ins, raan, inc, u_ins, r_ins)
        ltan = _node_local_time_h(raan, jd_ins)
    else:
        el, lit, ltan = (np.zeros(0), np.zeros(0, bool), np.zeros(0))
    phase = np.full(jd.shape, np.nan)
    scheme = np.full(jd.shape, None, dtype=object)
    if phase_fn is not None and len(jd):
        phase, scheme = phase_fn(jd_ins, u_ins)
    return WindowTable(
        launch_jd_tt=jd,
        half_width_s=np.full(jd.shape, half_width),
        heading=heading,
        azimuth_rad=az,
        inclination_rad=np.full(jd.shape, inc),
        raan_rad=raan,
        insertion_jd_tt=jd_ins,
        phase_rad=phase,
        scheme=scheme,
        node_local_time_h=ltan,
        sun_elevation_rad=np.asarray(el, float),
        insertion_sunlit=np.asarray(lit, bool),
        site_id=site.id,
        vehicle_id=vehicle_id,
        target=target,
        ascent={h: g.to_json() for h, g in geoms.items()},
        warnings=tuple(warnings),
        extra=dict(extra or {}),
        edge_wedge_rad=float(edge_wedge_rad),
    )


def plane_windows(
    site: Site,
    vehicle_id: str,
    plane: TargetPlane,
    start: str | datetime,
    days: float,
    heading: str | None = None,
    yaw_allowance_deg: float = 0.0,
    *,
    geometry: AscentGeometry | GeometryProvider,
) -> WindowTable:
    """Every launch into a (drifting) plane from ``site`` in [start, start + days)."""
    inc = plane.inclination_rad
    headings = _headings(site, inc, heading)
    geoms = _geometries(inc, headings, geometry)
    jd0 = start_jd_tt(start)
    per = [(h, geoms[h], plane_launch_times(plane, geoms[h], jd0, days)) for h in headings]
    hw = window_half_width_s(inc, math.radians(yaw_allowance_deg), plane.raan_rate_rad_s)
    return _assemble(
        site, vehicle_id, per, inc, hw, {"kind": "plane", **plane.to_json()},
        edge_wedge_rad=math.radians(yaw_allowance_deg),
    )  # fmt: skip


def plane_from_orbit(
    raan_deg: float, inclination_deg: float, epoch_utc: str, a_m: float, e: float = 0.0
) -> TargetPlane:
    """A target plane from a node at an epoch, drifting at the J2 secular rate of (a, e, i)."""
    inc = math.radians(inclination_deg)
    return TargetPlane.from_epoch_utc(
        math.radians(raan_deg),
        inc,
        epoch_utc,
        float(raan_rate_j2(a_m, e, inc)),
        source=f"node {raan_deg} deg at {epoch_utc} (TEME), J2 secular drift",
    )


def tle_windows(
    site: Site,
    vehicle_id: str,
    target: TleTarget,
    start: str | datetime,
    days: float,
    heading: str | None = None,
    yaw_allowance_deg: float = 0.0,
    force_tle: bool = False,
    *,
    geometry: AscentGeometry | GeometryProvider,
) -> WindowTable:
    """Launches into a TLE target's plane, with the phase angle at insertion and the scheme."""
    jd0 = start_jd_tt(start)
    if not days > 0:
        raise InputError("days", days, "a positive number of days")
    warnings = check_tle_epoch(target, jd0, days, force_tle)
    plane = target.plane()
    inc = plane.inclination_rad
    headings = _headings(site, inc, heading)
    geoms = _geometries(inc, headings, geometry)
    per = [(h, geoms[h], plane_launch_times(plane, geoms[h], jd0, days)) for h in headings]
    hw = window_half_width_s(inc, math.radians(yaw_allowance_deg), plane.raan_rate_rad_s)
    # the rendezvous schemes are modelled for a near-circular target above the insertion orbit
    a_t = target.semi_major_axis_m
    phasing_ok = target.satrec.ecco < 0.01 and WGS84_A + 300e3 < a_t < WGS84_A + 1000e3
    schemes = scheme_ranges(a_t) if phasing_ok else ()
    if not phasing_ok:
        warnings = [*warnings, "rendezvous schemes are modelled for near-circular targets at "
                    "300-1000 km; phase angles are reported, schemes are not"]  # fmt: skip

    def phase_fn(jd_ins: Array, u_ins: Array) -> tuple[Array, npt.NDArray[np.object_]]:
        u_t, _ = target.arglat(jd_ins)
        phase = -(np.mod(-(u_t - u_ins) + math.pi, _TWO_PI) - math.pi)  # (-pi, pi]
        return phase, classify_phase(phase, schemes)

    return _assemble(
        site,
        vehicle_id,
        per,
        inc,
        hw,
        {"kind": "tle", **target.to_json(), "plane": plane.to_json()},
        phase_fn=phase_fn,
        warnings=tuple(warnings),
        extra={"phasing": {"schemes": [s.to_json() for s in schemes]}},
        edge_wedge_rad=math.radians(yaw_allowance_deg),
    )


def sso_windows(
    site: Site,
    vehicle_id: str,
    altitude_m: float,
    local_time_h: float,
    start: str | datetime,
    days: float,
    node: Literal["ascending", "descending"] = "descending",
    sun: Literal["mean", "true"] = "mean",
    heading: str | None = None,
    yaw_allowance_deg: float = 0.0,
    eccentricity: float = 0.0,
    *,
    geometry: AscentGeometry | GeometryProvider,
) -> WindowTable:
    """One launch per day and heading into the SSO plane with the node at ``local_time_h``."""
    if node not in ("ascending", "descending"):
        raise InputError("node", node, "'ascending' or 'descending'")
    if sun not in ("mean", "true"):
        raise InputError("sun", sun, "'mean' (mean local time) or 'true' (apparent Sun)")
    if not 0.0 <= local_time_h < 24.0:
        raise InputError("local_time_node", local_time_h, "a time of day 00:00-23:59")
    if not days > 0:
        raise InputError("days", days, "a positive number of days")
    a = WGS84_A + altitude_m
    inc = float(sso_inclination(a, eccentricity))
    if not math.isfinite(inc):
        raise InputError("altitude_km", altitude_m / 1e3, "a sun-synchronous altitude (< 5,900 km)")
    headings = _headings(site, inc, heading)
    geoms = _geometries(inc, headings, geometry)
    ltan = np.mod(local_time_h + (12.0 if node == "descending" else 0.0), 24.0)
    jd0 = start_jd_tt(start)
    per = []
    for h in headings:
        g = geoms[h]
        dur = g.duration_s / SECONDS_PER_DAY

        def f(jd: Array | float, g: AscentGeometry = g, dur: float = dur) -> Array:
            t_ins = tt_jd_time(jd + dur)
            raan = gmst82(tt_jd_time(jd)) + g.node_offset_rad
            sun_ra = mean_sun_ra(t_ins) if sun == "mean" else sun_ra_dec(t_ins)[0]
            return np.mod(12.0 + np.degrees(raan - sun_ra) / 15.0, 24.0)

        k = np.arange(int(math.ceil(days)) + 1, dtype=np.float64)
        jd = jd0 + k + np.mod(ltan - f(jd0 + k), 24.0) / 24.0
        for _ in range(3):
            jd = jd + (np.mod(ltan - f(jd) + 12.0, 24.0) - 12.0) / 24.0
        per.append((h, g, jd[(jd >= jd0) & (jd < jd0 + days)]))
    hw = window_half_width_s(inc, math.radians(yaw_allowance_deg), SSO_NODE_RATE)
    return _assemble(
        site,
        vehicle_id,
        per,
        inc,
        hw,
        {
            "kind": "sso",
            "altitude_km": altitude_m / 1e3,
            "inclination_deg": math.degrees(inc),
            "node": node,
            "local_time_h": local_time_h,
            "sun": sun,
        },
        edge_wedge_rad=math.radians(yaw_allowance_deg),
    )
