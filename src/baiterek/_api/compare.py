"""``compare``: a mission flown beside its telemetry, as a ``TelemetryComparison`` result."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._inputs import mission_of
from baiterek._api._result import DataFrame, ResultMixin, fmt, frame, freeze_doc
from baiterek.constants import G0
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek.flight.trajectory import Trajectory
    from baiterek.mission import Mission
    from baiterek.postflight.telemetry import Comparison

DEFAULT_EVENT_SUFFIXES = ("_cutoff", "_ignition")
"""Events compared when none is named: every stage's ignition and cutoff of the flight."""


def _num(x: float, nd: int) -> float | None:
    return None if not math.isfinite(x) else round(float(x), nd)


@dataclass(frozen=True, slots=True, repr=False)
class TelemetryComparison(ResultMixin):
    """A flight and its telemetry: ``comparison`` (postflight.telemetry.Comparison, SI), the
    flown ``trajectory`` and the document ``baiterek compare --json`` prints."""

    comparison: Comparison
    trajectory: Trajectory
    mission_name: str
    _json: str

    def headline(self) -> list[str]:
        d = self.to_json()
        w = d["worst"]
        lines = [
            f"{d['mission']}: {d['vehicle']}, payload {fmt(d['payload_kg'], ',.0f', 'kg')}, "
            f"{d['status']}; {len(d['samples'])} telemetry samples compared "
            f"({d['samples_outside_flight']} after the simulated cutoff)",
            f"largest altitude error {fmt(w['altitude_error_km']['value'], '+.1f', 'km')} at "
            f"T+{fmt(w['altitude_error_km']['time_s'], '.0f', 's')}, largest speed error "
            f"{fmt(w['speed_error_m_s']['value'], '+.0f', 'm/s')} at "
            f"T+{fmt(w['speed_error_m_s']['time_s'], '.0f', 's')}",
        ]
        for e in d["at_events"]:
            lines.append(
                f"{e['name']:16s} T+{e['time_s']:6.1f} s: altitude "
                f"{fmt(e['altitude_error_km'], '+.1f', 'km')} "
                f"({fmt(e['altitude_error_pct'], '+.1f', '%')}), speed "
                f"{fmt(e['speed_error_m_s'], '+.0f', 'm/s')} "
                f"({fmt(e['speed_error_pct'], '+.1f', '%')})"
            )
        lines += [f"note: {n}" for n in d["notes"]]
        return lines

    def to_frame(self) -> DataFrame:
        """One row per compared telemetry sample (units in the column names)."""
        return frame(self.to_json()["samples"])

    def events_frame(self) -> DataFrame:
        return frame(self.to_json()["at_events"])

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """Write ``compare.html`` (the overlay plot, offline), ``compare.csv`` and ``compare.json``
        (staged, with ``manifest.json``: ``baiterek.export.output``)."""
        from baiterek.export.output import manifest_provenance, write_products

        files: dict[str, str] = write_products(
            out_dir, manifest_provenance(self.to_json(), "compare"), self.write_into
        )
        return files

    def write_into(self, folder: Path) -> dict[str, str]:
        """The files of :meth:`write` straight into ``folder`` (a staging folder of a caller's)."""
        from baiterek.export.compare_files import write_compare_files

        tr = self.trajectory
        rows = {
            "time_s": tr.time.tolist(),
            "altitude_km": (tr.altitude / 1e3).tolist(),
            "speed_m_s": tr.speed_relative.tolist(),
        }
        return write_compare_files(self.to_json(), rows, folder)


def _downrange(tr: Trajectory) -> Any:
    """Ground distance from the pad along the WGS-84 geodesic, m (pyproj)."""
    import numpy as np
    from pyproj import Geod

    lon = np.degrees(tr.longitude)
    lat = np.degrees(tr.latitude)
    _, _, dist = Geod(ellps="WGS84").inv(
        np.full_like(lon, lon[0]), np.full_like(lat, lat[0]), lon, lat
    )
    return np.asarray(dist, float)


def _doc(
    cmp: Comparison, tr: Trajectory, m: Mission, path: str | None, telemetry_file: str,
    columns: Mapping[str, str],
) -> dict[str, Any]:  # fmt: skip
    from baiterek.postflight.telemetry import EVENT_SAMPLE_TOLERANCE_S

    samples = []
    for i, t in enumerate(cmp.time):
        row: dict[str, Any] = {
            "time_s": round(float(t), 3),
            "altitude_km": round(float(cmp.altitude[i]) / 1e3, 4),
            "telemetry_altitude_km": round(float(cmp.telemetry_altitude[i]) / 1e3, 4),
            "altitude_error_km": round(float(cmp.altitude_error[i]) / 1e3, 4),
            "altitude_error_pct": _num(cmp.altitude_error_pct[i], 3),
            "speed_m_s": round(float(cmp.speed[i]), 2),
            "telemetry_speed_m_s": round(float(cmp.telemetry_speed[i]), 2),
            "speed_error_m_s": round(float(cmp.speed_error[i]), 2),
            "speed_error_pct": _num(cmp.speed_error_pct[i], 3),
        }
        if cmp.downrange is not None and cmp.telemetry_downrange is not None:
            row["downrange_km"] = round(float(cmp.downrange[i]) / 1e3, 3)
            row["telemetry_downrange_km"] = round(float(cmp.telemetry_downrange[i]) / 1e3, 3)
        if cmp.acceleration is not None and cmp.telemetry_acceleration is not None:
            row["acceleration_g"] = round(float(cmp.acceleration[i]) / G0, 4)
            row["telemetry_acceleration_g"] = round(float(cmp.telemetry_acceleration[i]) / G0, 4)
        samples.append(row)
    events = [
        {
            "name": e.name,
            "time_s": round(e.time, 3),
            "telemetry_time_s": round(e.telemetry_time, 3),
            "time_error_s": round(e.time - e.telemetry_time, 3) if e.basis == "event" else None,
            "basis": e.basis,
            "altitude_km": round(e.altitude / 1e3, 4),
            "telemetry_altitude_km": round(e.telemetry_altitude / 1e3, 4),
            "altitude_error_km": round(e.altitude_error / 1e3, 4),
            "altitude_error_pct": _num(e.altitude_error_pct, 3),
            "speed_m_s": round(e.speed, 2),
            "telemetry_speed_m_s": round(e.telemetry_speed, 2),
            "speed_error_m_s": round(e.speed_error, 2),
            "speed_error_pct": _num(e.speed_error_pct, 3),
            "telemetry_sample_offset_s": round(e.telemetry_sample_offset, 3),
        }
        for e in cmp.events
    ]
    notes = [
        f"{e.name}: no telemetry row within {EVENT_SAMPLE_TOLERANCE_S:g} s of T+"
        f"{e.telemetry_time:.1f} s (the nearest is {e.telemetry_sample_offset:.1f} s away), so the "
        "telemetry value there is interpolated across the event and biased; add a row at the "
        "event time"
        for e in cmp.events
        if e.interpolated_across
    ]
    worst = {}
    for q, key, k in (("altitude", "altitude_error_km", 1e-3), ("speed", "speed_error_m_s", 1.0)):
        t_w, v_w, p_w = cmp.worst(q)
        worst[key] = {"time_s": _num(t_w, 3), "value": _num(v_w * k, 4), "pct": _num(p_w, 3)}
    tj = tr.to_json()
    tel_all = cmp  # the telemetry series for the plot (all samples compared)
    return {
        "mission": m.mission.name,
        "mission_file": path,
        "vehicle": tj["vehicle"],
        "site": tj["site"],
        "payload_kg": tj["payload_kg"],
        "launch_time_utc": tj["launch_time_utc"],
        "status": tj["status"],
        "insertion": tj["insertion"],
        "configuration": None
        if m.configuration is None
        else m.configuration.model_dump(exclude_none=True),  # fmt: skip
        "telemetry_file": telemetry_file,
        "telemetry_columns": dict(columns),
        "speed_note": "Earth-relative speed; altitude geodetic (WGS-84); errors are baiterek "
        "minus telemetry, percent of the telemetry value",
        "at_events": events,
        "notes": notes,
        "worst": worst,
        "samples_outside_flight": cmp.samples_outside,
        "samples": samples,
        "telemetry_time_s": [round(float(x), 3) for x in tel_all.time],
        "telemetry_altitude_km": [round(float(x) / 1e3, 4) for x in tel_all.telemetry_altitude],
        "telemetry_speed_m_s": [round(float(x), 2) for x in tel_all.telemetry_speed],
        "provenance": tj["provenance"],
    }


def compare(
    mission: str | Path | Mission,
    telemetry: str | Path,
    *,
    events: Mapping[str, float] | None = None,
    event_names: tuple[str, ...] | None = None,
    time_column: str | None = None,
    altitude_column: str | None = None,
    speed_column: str | None = None,
    downrange_column: str | None = None,
    acceleration_column: str | None = None,
) -> TelemetryComparison:
    """Fly a mission (its ``[configuration]`` says how it was flown) and line it up with a
    telemetry CSV (``t_s``, ``altitude_km`` geodetic, ``speed_m_s`` Earth-relative; other names
    by the ``*_column`` keywords, units from the name's suffix).

    ``events``: flown event times, s (e.g. ``{"stage2_cutoff": 535.0}``): those events are
    compared event to event, the others at the simulated time. ``event_names``: the events to
    compare (names of the flight's event table; default every stage's ignition and cutoff, plus
    the ones in ``events``).
    """
    from baiterek.flight.simulate import fly as fly_mission
    from baiterek.postflight.telemetry import compare_series, read_telemetry

    m, path = mission_of(mission)
    cols = {"time": time_column, "altitude": altitude_column, "speed": speed_column,
            "downrange": downrange_column, "acceleration": acceleration_column}  # fmt: skip
    tel = read_telemetry(telemetry, cols)
    tr = fly_mission(m)
    have = {e.name: e.time for e in tr.events}
    flown = dict(events or {})
    for name, t in flown.items():
        if name not in have:
            raise InputError("events", name, "an event of this flight: " + ", ".join(sorted(have)))
        if not math.isfinite(t) or t < 0.0:
            raise InputError(f"events.{name}", t, "a time in s from liftoff, >= 0")
    if event_names is None:
        names = [n for n in have if n.endswith(DEFAULT_EVENT_SUFFIXES)]
        names += [n for n in flown if n not in names]
    else:
        for n in event_names:
            if n not in have:
                raise InputError("event_names", n, "an event of this flight: "
                                 + ", ".join(sorted(have)))  # fmt: skip
        names = list(event_names)
    sim_events = sorted(((n, have[n]) for n in names), key=lambda x: x[1])
    import numpy as np

    cmp = compare_series(
        tr.time, tr.altitude, tr.speed_relative, tel, sim_events, flown,
        sim_downrange=_downrange(tr) if tel.downrange is not None else None,
        sim_acceleration=np.asarray(tr.axial_load) * G0 if tel.acceleration is not None
        else None,
    )  # fmt: skip
    doc = _doc(cmp, tr, m, path, str(telemetry), tel.columns)
    return TelemetryComparison(cmp, tr, m.mission.name, freeze_doc(doc))
