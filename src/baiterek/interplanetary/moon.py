"""Daily lunar launch windows: the launches whose parking-orbit plane holds the Moon's direction
at arrival, with the coast, the translunar injection (TLI) point, C3, and the payload for it.

For a parking orbit of inclination i (the site's lowest corridor; the Moon's declination stays
below 28.7 deg, docs/reference/precision-and-beyond.md sec. 2), two planes hold the Moon's geocentric direction
u at arrival: node Omega = alpha + asin(-u_z cot i / rho) or alpha + pi - asin(...), with
(rho, alpha) the polar form of (u_x, u_y) on TEME axes of date. The launch times into each plane
come from the ISS-plane machinery (``windows.plane.plane_launch_times`` with the vehicle's
``AscentGeometry``: the vehicle is in the plane at insertion). The TLI is an impulse on the
parking circle, the transfer a geocentric two-body Lambert arc (lamberthub izzo2015) from the
TLI point to the Moon's centre (DE421) in ``tof_days``; the TLI point (its angle before the
Moon's direction, 100-200 deg
but within 0.5 deg of 180, where the arc's plane is undefined) minimises the TLI delta-v. The coast runs from insertion to the TLI point (at
least MIN_COAST_S). Arrival time, plane and coast depend on each other: fixed-point iteration,
converged to 1 s. Neglected: the Moon's own gravity (patched at its centre, no sphere of
influence), J2 drift of the plane during the coast (< 0.3 deg in 1.5 h), finite-burn losses
(the payload comes from the flown transfer of ``performance.escape`` at that C3, which has them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from lamberthub import izzo2015
from scipy.optimize import minimize_scalar

from baiterek import catalog
from baiterek.constants import MU_EARTH, SECONDS_PER_DAY, WGS84_A
from baiterek.errors import InputError
from baiterek.interplanetary.ephemeris import (
    geocentric_moon_state,
    jd_tdb_from_utc,
    utc_from_jd_tdb,
)
from baiterek.provenance import provenance

if TYPE_CHECKING:
    import pandas as pd

    from baiterek.windows.geometry import AscentGeometry
    from baiterek.windows.plane import TargetPlane

__all__ = ["MoonWindows", "moon", "MIN_COAST_S", "TOF_RANGE_DAYS"]

MIN_COAST_S = 600.0
"""Shortest coast from insertion to the TLI burn, s (checks and attitude set-up; assumption)."""
TOF_RANGE_DAYS = (2.5, 8.0)
"""Accepted times of flight to the Moon, days (direct transfers; faster needs C3 > 0)."""
MAX_DAYS = 400.0
_TT_MINUS_TDB_DAYS = 0.0  # below 2 ms: TT and TDB Julian dates are used interchangeably here


def _teme_rotation(jd_tt: float) -> np.ndarray:
    """ICRS -> TEME (true equator, mean equinox of date) rotation at a TT Julian date."""
    from skyfield.sgp4lib import TEME

    from baiterek.earth.time import tt_jd_time

    return np.asarray(TEME.rotation_at(tt_jd_time(jd_tt)))


def _moon_teme(jd: float) -> np.ndarray:
    p, _ = geocentric_moon_state(np.array([jd]), "from_utc")
    return np.asarray(_teme_rotation(jd) @ p[0])


def _nodes_through(u: np.ndarray, inc: float) -> list[float]:
    """The two nodes (rad) of planes of inclination ``inc`` that hold the direction ``u``."""
    rho = math.hypot(u[0], u[1])
    alpha = math.atan2(u[1], u[0])
    s = -u[2] / math.tan(inc) / rho
    if abs(s) > 1.0:
        return []
    a = math.asin(s)
    return [(alpha + a) % (2 * math.pi), (alpha + math.pi - a) % (2 * math.pi)]


def _basis(raan: float, inc: float) -> tuple[np.ndarray, np.ndarray]:
    """(P, Q): unit vectors toward the ascending node and 90 deg ahead in the plane."""
    co, so, ci, si = math.cos(raan), math.sin(raan), math.cos(inc), math.sin(inc)
    return np.array([co, so, 0.0]), np.array([-so * ci, co * ci, si])


def _tli(
    r_p: float, raan: float, inc: float, r_moon: np.ndarray, tof: float
) -> tuple[float, float, np.ndarray, float]:
    """(transfer angle rad, TLI arglat rad, v1 m/s (3,), delta-v m/s) minimising the delta-v."""
    p, q = _basis(raan, inc)
    u_m = math.atan2(float(r_moon @ q), float(r_moon @ p))
    v_c = math.sqrt(MU_EARTH / r_p)

    def arc(theta: float) -> tuple[float, np.ndarray, float]:
        u = u_m - theta
        r1 = r_p * (math.cos(u) * p + math.sin(u) * q)
        v1, _ = izzo2015(MU_EARTH, r1, r_moon, tof, 0, True, True, 35, 1e-10, 1e-12)
        vc = v_c * (-math.sin(u) * p + math.cos(u) * q)
        return u, v1, float(np.linalg.norm(v1 - vc))

    res = min(  # the first of equal minima, as a strict "<" keeps it
        (
            minimize_scalar(
                lambda th: arc(th)[2],
                bounds=(math.radians(lo), math.radians(hi)),
                method="bounded",
                options={"xatol": 1e-6},
            )
            for lo, hi in ((100.0, 179.5), (180.5, 200.0))  # 180 deg: the arc's plane is lost
        ),
        key=lambda r: r.fun,
    )
    u, v1, dv = arc(float(res.x))
    return float(res.x), u % (2 * math.pi), v1, dv


@dataclass(frozen=True, slots=True)
class MoonWindows:
    """Lunar windows, one row per launch (arrays, SI: TDB/TT Julian dates, s, m^2/s^2, rad, kg)."""

    vehicle_id: str
    site_id: str
    tof: float  # s
    parking_altitude: float  # m
    parking_inclination: float  # rad
    launch_jd: np.ndarray
    insertion_jd: np.ndarray
    tli_jd: np.ndarray
    arrival_jd: np.ndarray
    coast: np.ndarray  # s, insertion to TLI
    c3: np.ndarray  # m^2/s^2
    tli_dv: np.ndarray  # m/s, impulsive
    transfer_angle: np.ndarray  # rad
    tli_latitude: np.ndarray  # rad, geocentric, under the TLI point
    tli_longitude: np.ndarray  # rad
    moon_declination: np.ndarray  # rad, at arrival
    raan: np.ndarray  # rad, TEME of date
    plane: np.ndarray  # 0 | 1: which of the two planes through the Moon's direction
    azimuth: np.ndarray  # rad, inertial launch azimuth
    payload: np.ndarray  # kg, NaN if not computed
    notes: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("launch_jd", "insertion_jd", "tli_jd", "arrival_jd", "coast", "c3",
                     "tli_dv", "transfer_angle", "tli_latitude", "tli_longitude",
                     "moon_declination", "raan", "plane", "azimuth", "payload"):  # fmt: skip
            getattr(self, name).flags.writeable = False

    def __len__(self) -> int:
        return int(self.launch_jd.size)

    def __repr__(self) -> str:
        c3 = (
            f", C3 {np.min(self.c3) / 1e6:.2f}..{np.max(self.c3) / 1e6:.2f} km2/s2"
            if len(self)
            else ""
        )
        return f"MoonWindows({self.vehicle_id} from {self.site_id}: {len(self)} launches{c3})"

    def records(self) -> list[dict[str, Any]]:
        """One dict per launch, CLI units (the CSV rows and the JSON ``windows``)."""
        utc = {k: utc_from_jd_tdb(getattr(self, k)) if len(self) else []
               for k in ("launch_jd", "insertion_jd", "tli_jd", "arrival_jd")}  # fmt: skip
        out = []
        for i in range(len(self)):
            launch = utc["launch_jd"][i]
            out.append(
                {
                    "launch_time_utc": launch,
                    "open_utc": launch,
                    "close_utc": launch,
                    "branch": f"plane {'AB'[int(self.plane[i])]}",
                    "azimuth_deg": round(math.degrees(self.azimuth[i]), 3),
                    "inclination_deg": round(math.degrees(self.parking_inclination), 3),
                    "raan_deg": round(math.degrees(self.raan[i]), 3),
                    "insertion_time_utc": utc["insertion_jd"][i],
                    "coast_s": round(float(self.coast[i]), 1),
                    "tli_time_utc": utc["tli_jd"][i],
                    "tli_latitude_deg": round(math.degrees(self.tli_latitude[i]), 3),
                    "tli_longitude_deg": round(math.degrees(self.tli_longitude[i]), 3),
                    "c3_km2_s2": round(float(self.c3[i]) / 1e6, 4),
                    "tli_delta_v_m_s": round(float(self.tli_dv[i]), 1),
                    "transfer_angle_deg": round(math.degrees(self.transfer_angle[i]), 3),
                    "arrival_utc": utc["arrival_jd"][i],
                    "time_of_flight_days": round(self.tof / SECONDS_PER_DAY, 4),
                    "moon_declination_deg": round(math.degrees(self.moon_declination[i]), 3),
                    "payload_kg": None if not np.isfinite(self.payload[i])
                    else round(float(self.payload[i]), 1),
                }
            )  # fmt: skip
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "launches": len(self),
            "time_of_flight_days": round(self.tof / SECONDS_PER_DAY, 4),
            "parking_altitude_km": round(self.parking_altitude / 1e3, 3),
            "parking_inclination_deg": round(math.degrees(self.parking_inclination), 3),
            "c3_min_km2_s2": round(float(np.min(self.c3)) / 1e6, 4) if len(self) else None,
            "c3_max_km2_s2": round(float(np.max(self.c3)) / 1e6, 4) if len(self) else None,
        }

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame.from_records(self.records())

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "windows": self.records(),
            "notes": list(self.notes),
            "provenance": self.provenance,
        }


def moon(
    vehicle_id: str,
    site_id: str,
    from_utc: str,
    days: float,
    *,
    tof_days: float = 5.0,
    parking_altitude_km: float = 200.0,
    heading: str | None = None,
    with_payload: bool = True,
) -> MoonWindows:
    """Lunar launch windows from ``site_id`` for ``days`` days from ``from_utc`` (UTC).

    ``heading``: "north"/"south" (default: the heading of the site's lowest corridor that holds
    the Moon's largest declination, 28.7 deg). ``with_payload``: interpolate the payload on the
    escape curve of the vehicle (two flown escapes, a few seconds each).
    """
    from baiterek.performance.escape import parking_plane
    from baiterek.performance.escape_curve import escape_curve
    from baiterek.windows.geometry import ascent_geometry
    from baiterek.windows.plane import TargetPlane, launch_azimuth, plane_launch_times

    if not 0.0 < float(days) <= MAX_DAYS:
        raise InputError("days", days, f"0 < days <= {MAX_DAYS:g}")
    lo, hi = TOF_RANGE_DAYS
    if not lo <= float(tof_days) <= hi:
        raise InputError("tof_days", tof_days, f"{lo:g} to {hi:g} days (a direct transfer)")
    if not 160.0 <= parking_altitude_km <= 1000.0:
        raise InputError("parking_altitude_km", parking_altitude_km, "160 to 1000 km")
    site = catalog.site(site_id)
    catalog.vehicle(vehicle_id)
    jd0 = jd_tdb_from_utc(from_utc, "from_utc")
    # every date touched must lie inside DE421 (arrival up to days + tof + 1 later)
    geocentric_moon_state(np.array([jd0, jd0 + days + tof_days + 1.0]), "from_utc")
    inc_deg, corridor_heading, corridor = parking_plane(site_id, 28.7)  # the Moon's largest dec
    heading = heading or corridor_heading
    inc = math.radians(inc_deg)
    geom = ascent_geometry(vehicle_id, site.id, inc, heading)  # the simulator's ascent
    r_p = WGS84_A + parking_altitude_km * 1e3
    n_mean = math.sqrt(MU_EARTH / r_p**3)
    tof = tof_days * SECONDS_PER_DAY
    rows: list[_Row] = []
    notes: list[str] = []
    for day in range(int(math.ceil(days))):
        start = jd0 + day
        span = min(1.0, jd0 + days - start)
        for k in (0, 1):
            row = _window(start, span, k, inc, r_p, n_mean, tof, geom, TargetPlane,
                          plane_launch_times)  # fmt: skip
            if row is None:
                continue
            rows.append(row)
    rows.sort(key=lambda r: r[0])
    cols = list(zip(*rows, strict=True)) if rows else [()] * 13
    arr = [np.array(c, dtype=float) for c in cols]
    (launch, ins, tli, arrival, coast, c3, dv, theta, lat, lon, dec, raan, plane) = arr[:13]
    az = np.full(launch.shape, float(launch_azimuth(site, inc, heading)))
    payload = np.full(launch.shape, np.nan)
    if with_payload and launch.size:
        c_lo = math.floor(float(c3.min()) / 1e6 * 2.0) / 2.0
        c_hi = max(math.ceil(float(c3.max()) / 1e6 * 2.0) / 2.0, c_lo + 0.5)
        curve = escape_curve(vehicle_id, site_id, (c_lo, c_hi), 28.7,
                             parking_altitude_km=parking_altitude_km)  # fmt: skip
        payload = curve.payload_at(c3)
        notes.append(
            f"payload interpolated between C3 {c_lo:g} and {c_hi:g} km2/s2 "
            f"({', '.join(f'{p:,.0f}' for p in curve.payload)} kg, {curve.transfer_stage})"
        )
    notes.append(f"parking orbit {inc_deg:g} deg ({corridor}); the Moon's gravity is neglected")
    return MoonWindows(
        vehicle_id=vehicle_id, site_id=site_id, tof=tof, parking_altitude=r_p - WGS84_A,
        parking_inclination=inc, launch_jd=launch, insertion_jd=ins, tli_jd=tli,
        arrival_jd=arrival, coast=coast, c3=c3, tli_dv=dv, transfer_angle=theta,
        tli_latitude=lat, tli_longitude=lon, moon_declination=dec, raan=raan, plane=plane,
        azimuth=az, payload=payload, notes=tuple(notes),
        provenance=provenance({"vehicle": vehicle_id, "site": site_id, "from_utc": from_utc,
                               "days": days, "tof_days": tof_days,
                               "parking_altitude_km": parking_altitude_km}),
    )  # fmt: skip


_Row = tuple[
    float, float, float, float, float, float, float, float, float, float, float, float, float
]
"""One launch: launch, insertion, TLI, arrival (Julian dates), coast s, C3 m^2/s^2, TLI delta-v
m/s, transfer angle, TLI latitude and longitude, Moon declination, node (rad), plane (0.0 | 1.0)."""


def _window(
    start: float,
    span: float,
    k: int,
    inc: float,
    r_p: float,
    n_mean: float,
    tof: float,
    geom: AscentGeometry,
    TargetPlane: type[TargetPlane],
    plane_launch_times: Callable[[TargetPlane, AscentGeometry, float, float], np.ndarray],
) -> _Row | None:
    """One launch into plane ``k`` through the Moon's arrival direction within [start, +span)."""
    from baiterek.earth.time import gmst82, tt_jd_time

    t_launch = start + 0.5 * span
    t_arr = t_launch + (geom.duration_s + 3000.0 + tof) / SECONDS_PER_DAY
    for _ in range(8):
        r_m = _moon_teme(t_arr)
        nodes = _nodes_through(r_m / np.linalg.norm(r_m), inc)
        if not nodes:
            return None
        raan = nodes[k]
        plane = TargetPlane(raan, inc, t_arr)
        times = plane_launch_times(plane, geom, start, span)
        if times.size == 0:
            return None
        t_new = float(times[np.argmin(np.abs(times - t_launch))])
        t_ins = t_new + geom.duration_s / SECONDS_PER_DAY
        # the plane's node at insertion: GMST + offset equals the target node by construction
        theta, u_tli, v1, dv = _tli(r_p, raan, inc, r_m, tof)
        coast = ((u_tli - geom.arglat_insertion_rad) % (2 * math.pi)) / n_mean
        if coast < MIN_COAST_S:
            coast += 2 * math.pi / n_mean
        t_arr_new = t_ins + (coast + tof) / SECONDS_PER_DAY
        done = abs(t_arr_new - t_arr) * SECONDS_PER_DAY < 1.0 and abs(t_new - t_launch) < 1e-5
        t_arr, t_launch = t_arr_new, t_new
        if done:
            break
    r_m = _moon_teme(t_arr)
    p, q = _basis(raan, inc)
    r1 = r_p * (math.cos(u_tli) * p + math.sin(u_tli) * q)
    c3 = float(v1 @ v1) - 2.0 * MU_EARTH / r_p
    t_tli = t_ins + coast / SECONDS_PER_DAY
    lat = math.asin(r1[2] / r_p)
    lon = (math.atan2(r1[1], r1[0]) - float(gmst82(tt_jd_time(t_tli))) + math.pi) % (
        2 * math.pi
    ) - math.pi
    dec = math.asin(r_m[2] / float(np.linalg.norm(r_m)))
    return (t_launch, t_ins, t_tli, t_arr, coast, c3, dv, theta, lat, lon, dec, raan, float(k))
