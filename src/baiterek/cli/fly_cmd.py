"""``baiterek fly MISSION.toml``: fly a mission, print the event timeline, write the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import (
    announce_compile,
    console,
    err_console,
    escape,
    num,
    print_json,
    run_command,
)


@app.command("fly")
def fly_command(
    mission_file: Path = typer.Argument(
        None, help="Mission TOML file (default: the bundled Sunkar mission to 200 km, 51.6 deg)."
    ),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the output files."),
    payload_kg: float | None = typer.Option(
        None, "--payload-kg", help="Payload mass, kg (overrides the mission's)."
    ),
    launch_time: str | None = typer.Option(
        None, "--launch-time", help="Liftoff, UTC ISO 8601 with Z (overrides the mission's)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Fly a mission from the pad to orbit insertion with closed-loop guidance."""

    def body() -> None:
        announce_compile()

        def go() -> Any:
            return api.fly(mission_file, payload_kg=payload_kg, launch_time_utc=launch_time)

        if as_json:
            flight = go()
        else:
            with err_console.status("solving the guidance and flying the mission"):
                flight = go()
        doc = flight.to_json()
        files = flight.write(out)
        if as_json:
            print_json({**doc, "files": files})
            return
        _print_timeline(doc, flight.mission_name)
        for kind, p in files.items():
            console.print(f"  {kind:22s} {p}")

    run_command(
        body,
        as_json,
        {"mission": "MISSION", "payload_kg": "--payload-kg", "launch_time_utc": "--launch-time"},
        out=out,
    )


def _print_timeline(doc: dict[str, Any], title: str) -> None:
    table = Table(title=f"{escape(title)}: event timeline")  # a mission name is user text
    cols = ("event", "T+ (s)", "altitude (km)*", "speed rel. (m/s)", "q (kPa)", "axial (g)")
    for col in cols:
        table.add_column(col, justify="right" if col != "event" else "left")
    for e in doc["events"]:
        table.add_row(
            e["name"],
            num(e["time_s"], "8.1f"),
            num(e["altitude_km"], "8.1f"),
            num(e["speed_relative_m_s"], "8.0f"),
            num(e["dynamic_pressure_kpa"], "7.2f"),
            num(e["axial_load_g"], "5.2f"),
        )
    console.print(table)
    console.print(f"* {doc['altitude_note']}", highlight=False)
    if doc.get("limits_verdict"):
        style = "bold red" if doc.get("hard_violations") else "yellow"
        console.print(f"[{style}]{doc['limits_verdict']}[/]", highlight=False)
    ins = doc["insertion"]
    if ins is not None:
        console.print(
            f"Insertion at T+{ins['time_s']:.1f} s ({ins['epoch_utc']}): perigee "
            f"{ins['perigee_km']:.2f} km, apogee {ins['apogee_km']:.2f} km (above the equatorial "
            f"radius, 6,378.137 km), inclination "
            f"{ins['inclination_deg']:.3f} deg, mass at cutoff {ins['mass_kg']:.0f} kg"
        )
