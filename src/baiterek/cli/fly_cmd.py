"""``baiterek fly MISSION.toml``: fly a mission, print the event timeline, write the files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer
from rich.table import Table

from baiterek.cli import app
from baiterek.cli._common import console, err_console, print_json, run_command, to_jsonable

DEFAULT_MISSION = "sunkar-leo-200km.toml"


def bundled_mission_path(name: str = DEFAULT_MISSION) -> Path:
    return Path(str(resources.files("baiterek") / "data" / "missions" / name))


@app.command("fly")
def fly_command(
    mission_file: Path = typer.Argument(
        None, help="Mission TOML file (default: the bundled Sunkar mission to 200 km, 51.6 deg)."
    ),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the output files."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Fly a mission from the pad to orbit insertion with closed-loop guidance."""

    def body() -> None:
        from baiterek.export.ascent_files import write_ascent_files
        from baiterek.flight.simulate import fly
        from baiterek.mission import load_mission

        path = mission_file or bundled_mission_path()
        mission = load_mission(path)
        if as_json:
            traj = fly(mission)
        else:
            with err_console.status(f"solving the guidance and flying {mission.mission.name}"):
                traj = fly(mission)
        result = to_jsonable(traj.to_json())
        result["mission_file"] = str(path)
        files = write_ascent_files(traj, out, result)
        if as_json:
            print_json({**result, "files": files})
            return
        _print_timeline(traj, mission.mission.name)
        for kind, p in files.items():
            console.print(f"  {kind:22s} {p}")

    run_command(body, as_json)


def _print_timeline(traj, title: str) -> None:
    table = Table(title=f"{title}: event timeline")
    for col in ("event", "T+ (s)", "altitude (km)", "speed rel. (m/s)", "q (kPa)", "axial (g)"):
        table.add_column(col, justify="right" if col != "event" else "left")
    for e in traj.events:
        table.add_row(
            e.name,
            f"{e.time:8.1f}",
            f"{e.altitude / 1e3:8.1f}",
            f"{e.speed_relative:8.0f}",
            f"{e.dynamic_pressure / 1e3:7.2f}",
            f"{e.axial_load:5.2f}",
        )
    console.print(table)
    ins = traj.insertion
    if ins is not None:
        console.print(
            f"Insertion at T+{ins.time:.1f} s ({ins.epoch_utc}): perigee {ins.perigee_altitude / 1e3:.2f} km, "
            f"apogee {ins.apogee_altitude / 1e3:.2f} km, inclination {__import__('math').degrees(ins.inclination):.3f} deg, "
            f"mass at cutoff {ins.mass:.0f} kg"
        )
