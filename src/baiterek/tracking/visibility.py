"""Ground-station visibility of an ascent and the first orbits: passes, event coverage, gaps.

Input: one Earth-fixed track (ITRS positions, optionally velocities, at increasing instants), for
instance the flight's ``position_ecef`` joined by :func:`join_tracks` to the propagated first
orbits rotated to ITRS. Output :class:`Visibility`:

* the passes over each station (AOS, LOS, maximum elevation) from
  :func:`baiterek.tracking.passes.find_passes`, the one owner of pass finding;
* the coverage of named events (liftoff, staging, fairing, insertion, separation, ...):
  azimuth, elevation and range of each event from each station, and whether the station sees it
  (elevation above its mask), arrays (n_events, n_stations) computed in one broadcast;
* when the end of the ascent is given, the time each station sees of the ascent, the time seen
  by at least one station, and the gaps no station covers (from the pass intervals).

Positions at event instants come from the same cubic (Hermite) interpolant of the track as the
passes. Elevation is geometric, from the WGS-84 normal (as :func:`passes.look_angles`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.interpolate import CubicHermiteSpline, CubicSpline
from skyfield.timelib import Time

from baiterek.catalog.stations import Station
from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.geodesy import enu_basis, geodetic_to_ecef
from baiterek.earth.time import offset_time, to_time, utc_datetime, utc_iso
from baiterek.errors import InputError
from baiterek.tracking.passes import Passes, find_passes

__all__ = ["Visibility", "join_tracks", "look_angles_many", "visibility"]

Array = npt.NDArray[np.float64]

_MIN_GAP_S = 1e-3  # shorter gaps are rounding between pass edges and the span's ends, s


def _readonly(a: npt.ArrayLike, dtype: Any = np.float64) -> Any:
    out = np.array(a, dtype=dtype)
    out.setflags(write=False)
    return out


def _seconds_after(times: Time, epoch: Time) -> Array:
    """Seconds of ``times`` after ``epoch`` (whole and fractional TT days kept apart)."""
    days = (np.asarray(times.whole) - epoch.whole) + (
        np.asarray(times.tt_fraction) - epoch.tt_fraction
    )
    return np.atleast_1d(np.asarray(days * SECONDS_PER_DAY, dtype=np.float64))


def look_angles_many(
    stations: Sequence[Station], r_itrs_m: npt.ArrayLike
) -> tuple[Array, Array, Array]:
    """Azimuth, elevation (rad) and range (m) of ITRS positions (n, 3) from stations: (n_st, n)."""
    lat = np.array([s.latitude for s in stations])
    lon = np.array([s.longitude for s in stations])
    alt = np.array([s.altitude_m for s in stations])
    site = geodetic_to_ecef(lat, lon, alt)  # (S, 3)
    rho = np.asarray(r_itrs_m, float)[None, :, :] - site[:, None, :]  # (S, n, 3)
    enu = np.einsum("sij,snj->sni", enu_basis(lat, lon), rho)
    rng = np.linalg.norm(rho, axis=-1)
    el = np.arcsin(np.clip(enu[..., 2] / rng, -1.0, 1.0))
    az = np.mod(np.arctan2(enu[..., 0], enu[..., 1]), 2.0 * np.pi)
    return az, el, rng


def join_tracks(
    *segments: tuple[Time, npt.ArrayLike, npt.ArrayLike | None],
) -> tuple[Time, Array, Array | None]:
    """One track from consecutive (times, r_itrs_m, v_itrs_m_s or None) segments.

    A segment's instants at or before the previous segment's last instant are dropped (the
    insertion state ends the ascent and starts the orbit). Velocities are kept only if every
    segment has them.
    """
    if not segments:
        raise InputError("segments", 0, "at least one (times, r_itrs_m, v_itrs_m_s) segment")
    epoch = segments[0][0][0]
    t_all: list[Array] = []
    r_all: list[Array] = []
    v_all: list[Array] = []
    with_v = all(s[2] is not None for s in segments)
    last = -math.inf
    for times, r, v in segments:
        t = _seconds_after(times, epoch)
        keep = t > last + 1e-6
        t_all.append(t[keep])
        r_all.append(np.asarray(r, float)[keep])
        if with_v and v is not None:
            v_all.append(np.asarray(v, float)[keep])
        if t[keep].size:
            last = float(t[keep][-1])
    t_s = np.concatenate(t_all)
    return (
        offset_time(epoch, t_s),
        np.concatenate(r_all),
        np.concatenate(v_all) if with_v else None,
    )


@dataclass(frozen=True, slots=True)
class Visibility:
    """Passes, event coverage and ascent coverage of one track over stations (SI; read-only).

    ``event_*`` arrays are (n_events, n_stations): azimuth and elevation in deg, range in km,
    ``event_visible`` bool (above the station's mask). ``ascent_seen_s`` (n_stations,): seconds
    of the ascent each station sees; ``ascent_gaps_s``: (k, 2) start/stop (s after the track's
    first instant) of the ascent no station covers; NaN/empty without ``ascent_end_s``.
    """

    epoch: Time
    passes: Passes
    station_ids: tuple[str, ...]
    event_names: tuple[str, ...]
    event_t_s: Array
    event_azimuth_deg: Array
    event_elevation_deg: Array
    event_range_km: Array
    event_visible: npt.NDArray[np.bool_]
    ascent_end_s: float | None
    ascent_seen_s: Array
    ascent_covered_s: float
    ascent_gaps_s: Array

    def seen_by(self, event: str) -> list[str]:
        """Ids of the stations that see an event (above their masks)."""
        if event not in self.event_names:
            raise InputError("event", event, "one of " + ", ".join(self.event_names))
        k = self.event_names.index(event)
        return [s for s, ok in zip(self.station_ids, self.event_visible[k], strict=True) if ok]

    def unseen_events(self) -> list[str]:
        """Events no station sees."""
        return [
            e for e, row in zip(self.event_names, self.event_visible, strict=True) if not row.any()
        ]

    def _utc(self, t_s: float) -> datetime:
        return utc_datetime(offset_time(self.epoch, float(t_s)))

    def to_json(self) -> dict[str, Any]:
        events = []
        for k, name in enumerate(self.event_names):
            events.append(
                {
                    "event": name,
                    "time_utc": utc_iso(self._utc(self.event_t_s[k]), 3),
                    "t_s": float(self.event_t_s[k]),
                    "seen_by": self.seen_by(name),
                    "elevation_deg": {
                        s: round(float(self.event_elevation_deg[k, j]), 3)
                        for j, s in enumerate(self.station_ids)
                    },
                }
            )
        ascent = None
        if self.ascent_end_s is not None:
            ascent = {
                "duration_s": self.ascent_end_s,
                "covered_s": self.ascent_covered_s,
                "covered_fraction": self.ascent_covered_s / self.ascent_end_s
                if self.ascent_end_s > 0
                else 0.0,
                "seen_s": {
                    s: float(x) for s, x in zip(self.station_ids, self.ascent_seen_s, strict=True)
                },
                "gaps": [
                    {
                        "start_utc": utc_iso(self._utc(a), 3),
                        "stop_utc": utc_iso(self._utc(b), 3),
                        "start_s": float(a),
                        "stop_s": float(b),
                        "duration_s": float(b - a),
                    }
                    for a, b in self.ascent_gaps_s
                ],
            }
        return {
            "start_utc": utc_iso(self.epoch, 3),
            "stations": list(self.station_ids),
            "passes": self.passes.to_json()["passes"],
            "highest_elevation_deg": self.passes.to_json()["highest_elevation_deg"],
            "events": events,
            "unseen_events": self.unseen_events(),
            "ascent": ascent,
        }


def _union(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def visibility(
    times: Time | Sequence[datetime | str],
    r_itrs_m: npt.ArrayLike,
    stations: Station | Sequence[Station],
    *,
    v_itrs_m_s: npt.ArrayLike | None = None,
    events: Sequence[tuple[str, float]] = (),
    ascent_end_s: float | None = None,
) -> Visibility:
    """Visibility of a track (ITRS positions (n, 3) at ``times``) from stations.

    ``events``: (name, seconds after the first instant), inside the track's span.
    ``ascent_end_s``: end of the ascent (insertion), s after the first instant, for the ascent
    coverage and its gaps.
    """
    t_obj = to_time(times)
    st_list = [stations] if isinstance(stations, Station) else list(stations)
    if not st_list:
        raise InputError("stations", "none", "at least one station")
    passes = find_passes(t_obj, r_itrs_m, st_list, v_itrs_m_s=v_itrs_m_s)
    r = np.asarray(r_itrs_m, float)
    t_s = _seconds_after(t_obj, t_obj[0])
    span = float(t_s[-1])
    names = tuple(e[0] for e in events)
    t_ev = np.array([float(e[1]) for e in events], dtype=float)
    bad = ~np.isfinite(t_ev) | (t_ev < -1e-3) | (t_ev > span + 1e-3)
    if np.any(bad):
        k = int(np.argmax(bad))
        raise InputError(f"events.{names[k]}", float(t_ev[k]), f"a time within 0 to {span:g} s")
    if ascent_end_s is not None and not (0.0 < ascent_end_s <= span + 1e-3):
        raise InputError("ascent_end_s", ascent_end_s, f"in (0, {span:g}] s")
    n_st = len(st_list)
    if t_ev.size:
        spline = (
            CubicHermiteSpline(t_s, r, np.asarray(v_itrs_m_s, float), axis=0)
            if v_itrs_m_s is not None
            else CubicSpline(t_s, r, axis=0)
        )
        az, el, rng = look_angles_many(st_list, spline(np.clip(t_ev, 0.0, span)))
        mask = np.stack([s.mask_elevation(az[j]) for j, s in enumerate(st_list)])
        visible = (el > mask).T
        az_d, el_d, rng_km = np.degrees(az).T, np.degrees(el).T, rng.T / 1000.0
    else:
        az_d = el_d = rng_km = np.zeros((0, n_st))
        visible = np.zeros((0, n_st), dtype=bool)
    seen = np.full(n_st, np.nan)
    covered = float("nan")
    gaps: list[tuple[float, float]] = []
    if ascent_end_s is not None:
        epoch_utc = utc_datetime(t_obj[0])
        ids = [s.id for s in st_list]
        per: list[list[tuple[float, float]]] = [[] for _ in st_list]
        for p in passes.passes:
            a = max((p.aos_utc - epoch_utc).total_seconds(), 0.0)
            b = min((p.los_utc - epoch_utc).total_seconds(), ascent_end_s)
            if b > a:
                per[ids.index(p.station_id)].append((a, b))
        seen = np.array([sum(b - a for a, b in _union(iv)) for iv in per])
        union = _union([x for iv in per for x in iv])
        covered = float(sum(b - a for a, b in union))
        cursor = 0.0
        for a, b in [*union, (float(ascent_end_s), float(ascent_end_s))]:
            if a - cursor > _MIN_GAP_S:
                gaps.append((cursor, a))
            cursor = max(cursor, b)
    return Visibility(
        epoch=t_obj[0],
        passes=passes,
        station_ids=tuple(s.id for s in st_list),
        event_names=names,
        event_t_s=_readonly(t_ev),
        event_azimuth_deg=_readonly(az_d),
        event_elevation_deg=_readonly(el_d),
        event_range_km=_readonly(rng_km),
        event_visible=_readonly(visible, bool),
        ascent_end_s=None if ascent_end_s is None else float(ascent_end_s),
        ascent_seen_s=_readonly(seen),
        ascent_covered_s=covered,
        ascent_gaps_s=_readonly(np.array(gaps, float).reshape(-1, 2)),
    )
