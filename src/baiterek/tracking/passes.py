"""Station passes: AOS, LOS, maximum elevation, from Earth-fixed (ITRS) positions on a time grid.

Method (vectorised over stations and times): the ITRS positions are interpolated by a cubic
Hermite spline (with the velocities when given, else a cubic spline), elevation minus the
station's mask is computed on the grid, each sign change is refined with Brent's method to
1e-4 s, and the maximum elevation is refined by a bounded scalar search (1e-3 s). The grid must
be fine enough that no pass starts and ends between two grid points (20 s is ample for LEO with a
5 deg mask; the shortest passes then still last over a minute). Works alike for an ascent
trajectory (ITRS positions from the flight) and for orbits (propagated and rotated to ITRS).

Elevation is geometric (no refraction), measured from the WGS-84 ellipsoid normal at the
station; azimuth from north through east.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from scipy.interpolate import CubicHermiteSpline, CubicSpline
from scipy.optimize import brentq, minimize_scalar
from skyfield.timelib import Time

from baiterek.catalog.stations import Station
from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.geodesy import enu_basis, geodetic_to_ecef
from baiterek.earth.time import offset_time, utc_datetime, utc_iso
from baiterek.errors import InfeasibleError, InputError

__all__ = ["Pass", "Passes", "look_angles", "find_passes"]


def look_angles(station: Station, r_itrs_m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Azimuth (rad), elevation (rad) and range (m) of ITRS positions (..., 3) from a station."""
    site = geodetic_to_ecef(station.latitude, station.longitude, station.altitude_m)
    rho = np.asarray(r_itrs_m, float) - site
    enu = np.einsum("ij,...j->...i", enu_basis(station.latitude, station.longitude), rho)
    rng = np.linalg.norm(rho, axis=-1)
    el = np.arcsin(np.clip(enu[..., 2] / rng, -1.0, 1.0))
    az = np.mod(np.arctan2(enu[..., 0], enu[..., 1]), 2 * np.pi)
    return az, el, rng


@dataclass(frozen=True)
class Pass:
    """One pass over one station. ``aos_at_start``/``los_at_end``: visible at the span's edge."""

    station_id: str
    aos_utc: datetime
    los_utc: datetime
    max_elevation_deg: float
    max_elevation_utc: datetime
    duration_s: float
    aos_azimuth_deg: float
    los_azimuth_deg: float
    min_range_km: float
    aos_at_start: bool
    los_at_end: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "station_id": self.station_id,
            "aos_utc": utc_iso(self.aos_utc, 3),
            "los_utc": utc_iso(self.los_utc, 3),
            "max_elevation_deg": round(self.max_elevation_deg, 4),
            "max_elevation_utc": utc_iso(self.max_elevation_utc, 3),
            "duration_s": round(self.duration_s, 3),
            "aos_azimuth_deg": round(self.aos_azimuth_deg, 3),
            "los_azimuth_deg": round(self.los_azimuth_deg, 3),
            "min_range_km": round(self.min_range_km, 3),
            "aos_at_start": self.aos_at_start,
            "los_at_end": self.los_at_end,
        }


@dataclass(frozen=True)
class Passes:
    """All passes over the given stations in a span, sorted by AOS."""

    passes: tuple[Pass, ...]
    start_utc: datetime
    stop_utc: datetime
    highest_elevation_deg: dict[str, float] = field(default_factory=dict)
    masks_deg: dict[str, float] = field(default_factory=dict)

    def for_station(self, station_id: str) -> list[Pass]:
        return [p for p in self.passes if p.station_id == station_id]

    def require(self, station_id: str) -> list[Pass]:
        """The passes over a station, or an InfeasibleError saying how high it got."""
        found = self.for_station(station_id)
        if not found:
            best = self.highest_elevation_deg.get(station_id, float("nan"))
            raise InfeasibleError(
                f"station {station_id} never sees the object above its elevation mask "
                f"({self.masks_deg.get(station_id, float('nan')):g} deg) between "
                f"{utc_iso(self.start_utc, 0)} and {utc_iso(self.stop_utc, 0)}; "
                f"highest elevation reached {best:.2f} deg",
                {"station_id": station_id, "highest_elevation_deg": best},
            )
        return found

    def to_frame(self):
        import pandas as pd

        cols = list(Pass.__dataclass_fields__)
        rows = [p.to_json() for p in self.passes]
        return pd.DataFrame(rows, columns=cols)

    def to_csv(self) -> str:
        return self.to_frame().to_csv(index=False, lineterminator="\n")

    def to_json(self) -> dict[str, Any]:
        return {
            "start_utc": utc_iso(self.start_utc, 3),
            "stop_utc": utc_iso(self.stop_utc, 3),
            "highest_elevation_deg": {
                k: round(v, 4) for k, v in self.highest_elevation_deg.items()
            },
            "passes": [p.to_json() for p in self.passes],
        }


def find_passes(
    times: Time,
    r_itrs_m,
    stations: Station | list[Station],
    *,
    v_itrs_m_s=None,
) -> Passes:
    """Passes of an object with ITRS positions ``r_itrs_m`` (n, 3) at ``times`` over stations."""
    st_list = [stations] if isinstance(stations, Station) else list(stations)
    r = np.asarray(r_itrs_m, float)
    n = r.shape[0]
    if r.ndim != 2 or r.shape[1] != 3 or n < 4:
        raise InputError("r_itrs_m", r.shape, "at least 4 positions, shape (n, 3)")
    if not np.all(np.isfinite(r)):
        raise InputError("r_itrs_m", "non-finite rows", "finite positions (cut the span at decay)")
    t_s = np.asarray((times.tt - times.tt[0]) * SECONDS_PER_DAY, float)
    if np.any(np.diff(t_s) <= 0):
        raise InputError("times", "not increasing", "strictly increasing times")
    epoch = times[0]
    if v_itrs_m_s is not None:
        spline = CubicHermiteSpline(t_s, r, np.asarray(v_itrs_m_s, float), axis=0)
    else:
        spline = CubicSpline(t_s, r, axis=0)

    def utc(sec: float) -> datetime:
        return utc_datetime(offset_time(epoch, float(sec)))

    out: list[Pass] = []
    highest: dict[str, float] = {}
    masks: dict[str, float] = {}
    for st in st_list:
        az, el, _ = look_angles(st, r)
        f = el - st.mask_elevation(az)
        highest[st.id] = float(np.degrees(el.max()))
        masks[st.id] = st.min_elevation_deg

        def margin(t, st=st):
            a, e, _ = look_angles(st, spline(t))
            return float(e - st.mask_elevation(a))

        def elev(t, st=st):
            return float(look_angles(st, spline(t))[1])

        above = f > 0
        k = 0
        while k < n:
            if not above[k]:
                k += 1
                continue
            # a visible run starts at k
            if k == 0:
                t_aos, aos_edge = t_s[0], True
            else:
                t_aos, aos_edge = brentq(margin, t_s[k - 1], t_s[k], xtol=1e-4), False
            j = k
            while j + 1 < n and above[j + 1]:
                j += 1
            if j == n - 1:
                t_los, los_edge = t_s[-1], True
            else:
                t_los, los_edge = brentq(margin, t_s[j], t_s[j + 1], xtol=1e-4), False
            kmax = k + int(np.argmax(el[k : j + 1]))
            lo = max(t_aos, t_s[max(kmax - 1, 0)])
            hi = min(t_los, t_s[min(kmax + 1, n - 1)])
            if hi > lo:
                res = minimize_scalar(
                    lambda t: -elev(t), bounds=(lo, hi), method="bounded", options={"xatol": 1e-3}
                )
                t_max = float(res.x) if -res.fun >= el[kmax] else t_s[kmax]
            else:
                t_max = t_s[kmax]
            run = spline(np.linspace(t_aos, t_los, max(3, j - k + 3)))
            az_aos = look_angles(st, spline(t_aos))[0]
            az_los = look_angles(st, spline(t_los))[0]
            out.append(
                Pass(
                    station_id=st.id,
                    aos_utc=utc(t_aos),
                    los_utc=utc(t_los),
                    max_elevation_deg=float(np.degrees(elev(t_max))),
                    max_elevation_utc=utc(t_max),
                    duration_s=float(t_los - t_aos),
                    aos_azimuth_deg=float(np.degrees(az_aos)),
                    los_azimuth_deg=float(np.degrees(az_los)),
                    min_range_km=float(look_angles(st, run)[2].min() / 1000.0),
                    aos_at_start=aos_edge,
                    los_at_end=los_edge,
                )
            )
            k = j + 1
    out.sort(key=lambda p: (p.aos_utc, p.station_id))
    return Passes(
        passes=tuple(out),
        start_utc=utc(t_s[0]),
        stop_utc=utc(t_s[-1]),
        highest_elevation_deg=highest,
        masks_deg=masks,
    )
