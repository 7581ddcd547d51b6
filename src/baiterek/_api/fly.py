"""``fly``: a mission flown from the pad to orbit insertion, as a ``Flight`` result."""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._inputs import mission_of
from baiterek._api._result import DataFrame, ResultMixin, fmt, freeze_doc

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


def fly(mission: str | Path | Mission | None = None) -> Flight:
    """Solve the guidance for a mission (file path or Mission; default: the bundled Sunkar one)
    and fly it to insertion. An out-of-reach mission raises ``InfeasibleError`` with the limit."""
    from baiterek.flight.simulate import fly as fly_mission

    m, path = mission_of(bundled_mission_path() if mission is None else mission)
    traj = fly_mission(m)
    doc: dict[str, Any] = {**traj.to_json(), "mission_file": path}
    return Flight(trajectory=traj, mission_name=m.mission.name, _json=freeze_doc(doc), mission=m)
