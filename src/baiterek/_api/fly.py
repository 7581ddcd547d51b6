"""``fly``: a mission flown from the pad to orbit insertion, as a ``Flight`` result."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._inputs import mission_of
from baiterek._api._result import DataFrame, ResultMixin, fmt, freeze_doc
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek.flight.trajectory import Trajectory
    from baiterek.mission import Mission

DEFAULT_MISSION = "sunkar-leo-200km.toml"


def bundled_mission_path(name: str = DEFAULT_MISSION) -> Path:
    """Path of a mission file shipped with baiterek (default: Sunkar to 200 km, 51.6 deg)."""
    return Path(str(resources.files("baiterek") / "data" / "missions" / name))


@dataclass(frozen=True, slots=True, repr=False)
class Flight(ResultMixin):
    """A flown ascent: ``trajectory`` (flight.trajectory.Trajectory, SI) and its document."""

    trajectory: Trajectory
    mission_name: str
    _json: str
    mission: Mission | None = None

    @property
    def status(self) -> str:
        return self.trajectory.status

    @property
    def feasible(self) -> bool:
        """Inserted and no hard limit of the vehicle broken (``violations`` in the JSON)."""
        return bool(self.to_json()["feasible"])

    @property
    def perigee_km(self) -> float | None:
        ins = self.trajectory.insertion
        return None if ins is None else ins.perigee_altitude / 1e3

    @property
    def apogee_km(self) -> float | None:
        ins = self.trajectory.insertion
        return None if ins is None else ins.apogee_altitude / 1e3

    @property
    def inclination_deg(self) -> float | None:
        ins = self.trajectory.insertion
        return None if ins is None else math.degrees(ins.inclination)

    def headline(self) -> list[str]:
        d = self.to_json()
        s = d["summary"]
        lines = [
            f"{d['vehicle']} from {d['site']}, payload {fmt(d['payload_kg'], ',.0f', 'kg')}, "
            f"launch {d['launch_time_utc']}: {d['status']}",
            *([d["limits_verdict"]] if d.get("limits_verdict") else []),
            f"max q {fmt(s['max_dynamic_pressure_kpa'], '.2f', 'kPa')} at "
            f"T+{fmt(s['max_dynamic_pressure_time_s'], '.1f', 's')}, "
            f"max axial {fmt(s['max_axial_load_g'], '.2f', 'g')}",
        ]
        ins = d["insertion"]
        if ins is not None:
            lines.append(
                f"insertion T+{ins['time_s']:.1f} s: {ins['perigee_km']:.2f} x "
                f"{ins['apogee_km']:.2f} km, {ins['inclination_deg']:.3f} deg, "
                f"mass {ins['mass_kg']:,.0f} kg"
            )
        lines.append(f"{len(d['events'])} events (summary(), to_frame(), events_frame())")
        return lines

    def details(self) -> list[str]:
        return [
            f"  {e['name']:28s} T+{e['time_s']:8.1f} s  {e['altitude_km']:8.1f} km  "
            f"{e['speed_relative_m_s']:7.0f} m/s  {e['dynamic_pressure_kpa']:6.2f} kPa  "
            f"{e['axial_load_g']:5.2f} g"
            for e in self.to_json()["events"]
        ]

    def to_frame(self) -> DataFrame:
        """The time series (units in the column names)."""
        return self.trajectory.to_frame()  # type: ignore[no-untyped-call]

    def events_frame(self) -> DataFrame:
        return self.trajectory.events_frame()  # type: ignore[no-untyped-call]

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """Write CSV, Parquet, HTML plots, GeoJSON, the map and result.json into out_dir.

        The map (``map.html``: ground track, impact-point track, the drop zones of the route and
        where each jettisoned body falls) is drawn when the zones file covers the launch site."""
        from baiterek.export.ascent_files import write_ascent_files

        pages: dict[str, tuple[str, str]] = {}
        if self.mission is not None:
            from baiterek.catalog.zones import zones
            from baiterek.export.safety_map import map_html
            from baiterek.safety.analysis import safety

            if self.mission.mission.site in zones().sites:
                r = safety(self.mission, trajectory=self.trajectory)
                pages["map_html"] = ("map.html", map_html(r))
        from baiterek.export.output import DESCRIBE_ASCENT, manifest_provenance, write_products

        doc = self.to_json()
        return write_products(
            out_dir,
            manifest_provenance(doc, "fly"),
            lambda d: write_ascent_files(self.trajectory, d, doc, pages=pages),
            DESCRIBE_ASCENT,
        )


def _overridden(
    m: Mission, payload_kg: float | None, launch_time_utc: str | datetime | None
) -> Mission:
    """The mission with its payload and launch time replaced where given, validated again (the
    same rules and messages; a field is named by its keyword, ``payload_kg``)."""
    from baiterek.earth.time import parse_utc, utc_iso
    from baiterek.mission import mission_from_dict

    if payload_kg is None and launch_time_utc is None:
        return m
    raw = m.to_dict()
    if payload_kg is not None:
        raw["mission"]["payload_kg"] = payload_kg
    if launch_time_utc is not None:
        if isinstance(launch_time_utc, datetime):
            launch_time_utc = utc_iso(parse_utc(launch_time_utc, "launch_time_utc"))
        raw["mission"]["launch_time_utc"] = launch_time_utc
    try:
        return mission_from_dict(raw)
    except InputError as exc:
        keyword = {"mission.payload_kg": "payload_kg", "mission.launch_time_utc": "launch_time_utc"}
        raise InputError(
            keyword.get(exc.field, exc.field), exc.value, exc.allowed, exc.detail
        ) from None


def fly(
    mission: str | Path | Mission | None = None,
    *,
    payload_kg: float | None = None,
    launch_time_utc: str | datetime | None = None,
) -> Flight:
    """Solve the guidance for a mission (file path or Mission; default: the bundled Sunkar one)
    and fly it to insertion. ``payload_kg`` and ``launch_time_utc`` (ISO UTC or an aware
    datetime) override the mission's. An out-of-reach mission raises ``InfeasibleError``."""
    from baiterek import catalog
    from baiterek.flight.simulate import fly as fly_mission
    from baiterek.performance.constraints import (
        constraints_of,
        hard_violations,
        limits_line,
        violations,
    )

    m, path = mission_of(bundled_mission_path() if mission is None else mission)
    m = _overridden(m, payload_kg, launch_time_utc)
    traj = fly_mission(m)
    cons = constraints_of(catalog.vehicle(m.mission.vehicle), traj)
    doc: dict[str, Any] = {
        **traj.to_json(),
        "feasible": traj.insertion is not None and not hard_violations(cons),
        "limits_respected": not violations(cons),
        "violations": list(violations(cons)),
        "hard_violations": list(hard_violations(cons)),
        "limits_verdict": limits_line(cons),
        "constraints": [c.to_json() for c in cons],
        "mission_file": path,
    }
    return Flight(trajectory=traj, mission_name=m.mission.name, _json=freeze_doc(doc), mission=m)
