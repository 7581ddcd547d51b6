"""Flight telemetry beside a simulated ascent: read the table, line it up, measure the misses.

A telemetry table is a CSV with one row per sample: time from liftoff, geodetic altitude and
Earth-relative speed (the columns ``t_s``, ``altitude_km``, ``speed_m_s`` of the reference files),
optionally downrange and acceleration. Other column names are given by option; the unit is read
from the name's suffix (``_s``; ``_km``, ``_m``; ``_m_s``, ``_km_h``, ``_km_s``; ``_g``, ``_m_s2``).

``compare_series`` interpolates the simulation (linearly, it is sampled at 1-2 s) at each
telemetry sample the simulated ascent covers (liftoff to cutoff) and gives the difference
(simulation minus telemetry) in physical units and in percent of the telemetry value. At each
event it compares the simulated state at the simulated event with the telemetry at the flown
event time when that is known (``basis = "event"``, with the time difference), else at the same
time (``basis = "same_time"``). Pure functions over arrays; SI inside.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from baiterek.constants import G0
from baiterek.errors import InputError

DEFAULT_COLUMNS = {
    "time": "t_s",
    "altitude": "altitude_km",
    "speed": "speed_m_s",
    "downrange": "downrange_km",
    "acceleration": "acceleration_g",
}
"""Column names looked for when none is given (downrange and acceleration are optional)."""

_UNITS = {
    "time": {"_s": 1.0},
    "altitude": {"_km": 1e3, "_m": 1.0},
    "downrange": {"_km": 1e3, "_m": 1.0},
    "speed": {"_m_s": 1.0, "_km_h": 1.0 / 3.6, "_km_s": 1e3},
    "acceleration": {"_m_s2": 1.0, "_g": G0},
}
"""Scale to SI by the column name's suffix (the longest suffix that matches wins)."""


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, float)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, slots=True)
class Telemetry:
    """A telemetry table in SI: time s, geodetic altitude m, Earth-relative speed m/s,
    downrange m and sensed acceleration m/s2 (None when the table has no such column)."""

    time: np.ndarray
    altitude: np.ndarray
    speed: np.ndarray
    downrange: np.ndarray | None
    acceleration: np.ndarray | None
    source: str
    columns: Mapping[str, str]

    def __post_init__(self) -> None:
        for name in ("time", "altitude", "speed", "downrange", "acceleration"):
            a = getattr(self, name)
            if a is not None:
                object.__setattr__(self, name, _frozen(a))  # construction only


def _scale(quantity: str, column: str, option: str) -> float:
    for suffix, k in sorted(_UNITS[quantity].items(), key=lambda x: -len(x[0])):
        if column.endswith(suffix):
            return k
    raise InputError(option, column, "a column name ending in a unit: " + ", ".join(
        _UNITS[quantity]))  # fmt: skip


def read_telemetry(path: str | Path, columns: Mapping[str, str | None] | None = None) -> Telemetry:
    """Read a telemetry CSV. ``columns`` maps ``time``, ``altitude``, ``speed``, ``downrange``,
    ``acceleration`` to column names (default ``DEFAULT_COLUMNS``). A missing file, a missing
    required column, a non-number or times that do not increase are InputErrors naming the
    option (``telemetry``, ``telemetry.<quantity>_column``)."""
    p = Path(path)
    names = {**DEFAULT_COLUMNS, **{k: v for k, v in (columns or {}).items() if v}}
    try:
        with p.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise InputError("telemetry", str(p), "an existing CSV file") from None
    except UnicodeDecodeError:
        raise InputError("telemetry", str(p), "a UTF-8 CSV file") from None
    header = list(rows[0].keys()) if rows else []
    if len(rows) < 2:
        raise InputError("telemetry", str(p), "a CSV with a header and at least two samples")
    out: dict[str, np.ndarray | None] = {}
    for q, col in names.items():
        option = f"telemetry.{q}_column"
        required = q in ("time", "altitude", "speed")
        if col not in header:
            if required or (columns or {}).get(q):
                raise InputError(option, col, "one of the file's columns: " + ", ".join(header))
            out[q] = None
            continue
        k = _scale(q, col, option)
        try:
            out[q] = np.array([float(r[col]) for r in rows]) * k
        except (TypeError, ValueError):
            raise InputError(option, col, "numbers in every row") from None
    t = out["time"]
    assert t is not None
    if not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise InputError("telemetry.time_column", names["time"], "times increasing, in s")
    alt, spd = out["altitude"], out["speed"]
    assert alt is not None and spd is not None
    return Telemetry(t, alt, spd, out["downrange"], out["acceleration"], str(p),
                     {q: c for q, c in names.items() if out[q] is not None})  # fmt: skip


EVENT_SAMPLE_TOLERANCE_S = 1.0
"""s: a telemetry row this close to an event's time is taken as the event's own sample."""


@dataclass(frozen=True, slots=True)
class EventMiss:
    """One event: the simulation at its event, the telemetry at the flown time (or the same)."""

    name: str
    time: float  # s, simulated event
    telemetry_time: float  # s
    basis: str  # "event" (flown time known) | "same_time"
    altitude: float  # m
    telemetry_altitude: float  # m
    speed: float  # m/s
    telemetry_speed: float  # m/s
    telemetry_sample_offset: float = 0.0  # s from the telemetry time to the table's nearest row

    @property
    def interpolated_across(self) -> bool:
        """True when no telemetry row lies within ``EVENT_SAMPLE_TOLERANCE_S`` of the event: its
        telemetry value is interpolated between rows, across the event's kink (a cutoff or an
        ignition changes the acceleration at once), and is biased."""
        return self.telemetry_sample_offset > EVENT_SAMPLE_TOLERANCE_S

    @property
    def altitude_error(self) -> float:
        return self.altitude - self.telemetry_altitude

    @property
    def speed_error(self) -> float:
        return self.speed - self.telemetry_speed

    @property
    def altitude_error_pct(self) -> float:
        return float(_pct(self.altitude_error, self.telemetry_altitude))

    @property
    def speed_error_pct(self) -> float:
        return float(_pct(self.speed_error, self.telemetry_speed))


def _pct(err: Any, ref: Any) -> Any:
    """100 err / ref, NaN where ref is 0 (a float for scalars, an array otherwise)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(np.asarray(ref) != 0.0, 100.0 * np.asarray(err) / np.asarray(ref), np.nan)
    return float(out) if np.ndim(out) == 0 else out


@dataclass(frozen=True, slots=True)
class Comparison:
    """Simulation minus telemetry at every telemetry sample inside the simulated ascent (SI).

    ``time`` (n,), and for each quantity the simulated and telemetry values; ``*_error`` is
    simulation minus telemetry, ``*_error_pct`` in percent of the telemetry value (NaN where
    that is 0). Downrange and acceleration are None unless both sides have them.
    ``samples_outside`` counts telemetry samples after the simulated cutoff (not compared).
    """

    time: np.ndarray
    altitude: np.ndarray
    telemetry_altitude: np.ndarray
    speed: np.ndarray
    telemetry_speed: np.ndarray
    downrange: np.ndarray | None
    telemetry_downrange: np.ndarray | None
    acceleration: np.ndarray | None
    telemetry_acceleration: np.ndarray | None
    events: tuple[EventMiss, ...]
    samples_outside: int

    def __post_init__(self) -> None:
        for name in ("time", "altitude", "telemetry_altitude", "speed", "telemetry_speed",
                     "downrange", "telemetry_downrange", "acceleration",
                     "telemetry_acceleration"):  # fmt: skip
            a = getattr(self, name)
            if a is not None:
                object.__setattr__(self, name, _frozen(a))  # construction only

    @property
    def altitude_error(self) -> np.ndarray:
        return np.asarray(self.altitude - self.telemetry_altitude, float)

    @property
    def speed_error(self) -> np.ndarray:
        return np.asarray(self.speed - self.telemetry_speed, float)

    @property
    def altitude_error_pct(self) -> np.ndarray:
        return np.asarray(_pct(self.altitude_error, self.telemetry_altitude))

    @property
    def speed_error_pct(self) -> np.ndarray:
        return np.asarray(_pct(self.speed_error, self.telemetry_speed))

    def worst(self, quantity: str, after: float = -math.inf) -> tuple[float, float, float]:
        """(time s, error in SI, error %) at the largest absolute error of ``altitude`` (m) or
        ``speed`` (m/s) among samples from ``after`` on (NaNs when there is none)."""
        err = self.altitude_error if quantity == "altitude" else self.speed_error
        pct = self.altitude_error_pct if quantity == "altitude" else self.speed_error_pct
        ok = self.time >= after
        if not np.any(ok):
            return math.nan, math.nan, math.nan
        i = int(np.argmax(np.where(ok, np.abs(err), -1.0)))
        return float(self.time[i]), float(err[i]), float(pct[i])

    def worst_pct(self, quantity: str, after: float = -math.inf) -> tuple[float, float, float]:
        """As ``worst`` at the largest absolute error in percent of the telemetry value
        (samples where that value is 0 are left out)."""
        err = self.altitude_error if quantity == "altitude" else self.speed_error
        pct = self.altitude_error_pct if quantity == "altitude" else self.speed_error_pct
        ok = (self.time >= after) & np.isfinite(pct)
        if not np.any(ok):
            return math.nan, math.nan, math.nan
        i = int(np.argmax(np.where(ok, np.abs(pct), -1.0)))
        return float(self.time[i]), float(err[i]), float(pct[i])


def compare_series(
    sim_time: np.ndarray,
    sim_altitude: np.ndarray,
    sim_speed: np.ndarray,
    telemetry: Telemetry,
    sim_events: Sequence[tuple[str, float]] = (),
    flown_events: Mapping[str, float] | None = None,
    *,
    sim_downrange: np.ndarray | None = None,
    sim_acceleration: np.ndarray | None = None,
) -> Comparison:
    """Line a simulated ascent (time s, geodetic altitude m, Earth-relative speed m/s, optional
    downrange m and sensed acceleration m/s2) up with a telemetry table.

    ``sim_events``: (name, simulated time s) of the events to compare; ``flown_events``: the
    flown time of some of them (s). An event the telemetry does not cover is left out.
    """
    t_sim = np.asarray(sim_time, float)
    tel = telemetry
    inside = (tel.time >= t_sim[0] - 1e-9) & (tel.time <= t_sim[-1] + 1e-9)
    t = tel.time[inside]

    def at(series: np.ndarray) -> np.ndarray:
        return np.asarray(np.interp(t, t_sim, np.asarray(series, float)), float)

    def pair(
        sim: np.ndarray | None, flown: np.ndarray | None
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        if sim is None or flown is None:
            return None, None
        return at(sim), flown[inside]

    dr, tdr = pair(sim_downrange, tel.downrange)
    ac, tac = pair(sim_acceleration, tel.acceleration)
    flown = dict(flown_events or {})
    events = []
    for name, when in sim_events:
        t_tel = flown.get(name, when)
        if not (tel.time[0] <= t_tel <= tel.time[-1]) or not (t_sim[0] <= when <= t_sim[-1]):
            continue
        events.append(
            EventMiss(
                name=name,
                time=float(when),
                telemetry_time=float(t_tel),
                basis="event" if name in flown else "same_time",
                altitude=float(np.interp(when, t_sim, sim_altitude)),
                telemetry_altitude=float(np.interp(t_tel, tel.time, tel.altitude)),
                speed=float(np.interp(when, t_sim, sim_speed)),
                telemetry_speed=float(np.interp(t_tel, tel.time, tel.speed)),
                telemetry_sample_offset=float(np.min(np.abs(tel.time - t_tel))),
            )
        )
    return Comparison(
        time=t,
        altitude=at(sim_altitude),
        telemetry_altitude=tel.altitude[inside],
        speed=at(sim_speed),
        telemetry_speed=tel.speed[inside],
        downrange=dr,
        telemetry_downrange=tdr,
        acceleration=ac,
        telemetry_acceleration=tac,
        events=tuple(events),
        samples_outside=int(np.sum(tel.time > t_sim[-1] + 1e-9)),
    )
