"""``baiterek orbit``: orbit products from an insertion state (``stations``: see catalog_cmd).

The orbit command starts from one of: a mission file (the insertion state of the simulated
ascent), a GCRS state vector with its epoch, or a TLE; propagates the first N orbits; and writes
the OPM, the OEM (KVN and XML), a fitted TLE, the station passes (CSV) and map files (GeoJSON,
KML, CZML), with a summary JSON that records the provenance and the SHA-256 of every file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import (
    announce_compile,
    console,
    err_console,
    flags,
    print_json,
    run_command,
)

FLAGS = flags(
    "state_gcrs", "epoch", "tle", "orbits", "stations", "name", "object_id", "norad_id",
    "ref_frame", "ballistic_coefficient", "sun_moon", "covariance",
    step_s="--step", mission="MISSION", input="input",
)  # fmt: skip

_DEFAULT_OUT = Path("out/orbit")


@app.command("orbit")
def orbit_command(
    mission: Annotated[
        Path | None, typer.Argument(help="Mission TOML: start at its insertion.")
    ] = None,
    state_gcrs: str | None = typer.Option(
        None, "--state-gcrs", help="GCRS state 'x,y,z,vx,vy,vz' in km and km/s (with --epoch)."
    ),
    epoch: str | None = typer.Option(None, "--epoch", help="UTC of --state-gcrs, ISO 8601 'Z'."),
    tle: Annotated[
        Path | None, typer.Option("--tle", help="Start from the TLE in this file.")
    ] = None,
    orbits: float = typer.Option(3.0, "--orbits", help="Number of orbits to propagate."),
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = _DEFAULT_OUT,
    step_s: float = typer.Option(30.0, "--step", help="Ephemeris step, s."),
    stations: Annotated[
        str | None,
        typer.Option(
            "--stations", help="Comma-separated station ids (default: all in the catalog)."
        ),
    ] = None,
    name: str | None = typer.Option(
        None, "--name", help="OBJECT_NAME and TLE name (default: the TLE's, or BAITEREK OBJECT)."
    ),
    object_id: str | None = typer.Option(
        None, "--object-id", help="International designator (default: the TLE's, or 2026-001A)."
    ),
    norad_id: int | None = typer.Option(
        None, "--norad-id", help="Catalogue number (default: the TLE's, or 99999)."
    ),
    ref_frame: str = typer.Option("EME2000", "--ref-frame", help="EME2000 or GCRF."),
    ballistic_coefficient: float | None = typer.Option(
        None, "--ballistic-coefficient", help="m/(Cd A), kg/m^2; enables drag."
    ),
    third_body: bool = typer.Option(False, "--sun-moon", help="Add Sun and Moon gravity."),
    covariance: Annotated[
        Path | None,
        typer.Option(
            "--covariance",
            help="6x6 covariance of the initial state for the OPM (CSV, km^2, km^2/s, km^2/s^2, GCRS).",
        ),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Orbit products (OPM, OEM, TLE, passes, maps) from a mission, a state vector or a TLE."""

    def body() -> None:
        if mission is not None:
            announce_compile()
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=not err_console.is_terminal,
        ) as progress:
            task = progress.add_task("propagating", total=4)

            def update(stage: str, done: int, total: int) -> None:
                progress.update(task, description=stage, completed=done, total=total)

            result = api.orbit_products(
                mission,
                state_gcrs=state_gcrs,
                epoch=epoch,
                tle=tle,
                orbits=orbits,
                step_s=step_s,
                stations=stations,
                name=name,
                object_id=object_id,
                norad_id=norad_id,
                ref_frame=ref_frame,
                ballistic_coefficient=ballistic_coefficient,
                sun_moon=third_body,
                covariance=covariance,
                progress=update,
            )
            progress.update(task, description="writing files")
            files = result.write(out)
        summary = {**result.to_json(), "files": files}
        if as_json:
            print_json(summary)
            return
        osc = summary["osculating"]
        console.print(
            f"epoch {summary['epoch_utc']}  perigee {osc['perigee_km']:.1f} km  apogee "
            f"{osc['apogee_km']:.1f} km  i {osc['inclination_deg']:.3f} deg  "
            f"period {osc['period_min']:.2f} min"
        )
        t = summary["tle"]
        console.print(t["line1"], highlight=False)
        console.print(t["line2"], highlight=False)
        console.print(
            f"TLE fit over {t['fit_span_s'] / 3600:g} h: RMS {t['fit_rms_km']:.3f} km, "
            f"max {t['fit_max_km']:.3f} km (B* fixed at {t['bstar_per_earth_radius']:g})"
        )
        table = Table(title="Passes")
        for col in ("station", "AOS (UTC)", "LOS (UTC)", "max el (deg)", "duration (s)"):
            table.add_column(col)
        edge = False
        for p in summary["passes"]["passes"]:
            edge = edge or p["aos_at_start"] or p["los_at_end"]
            table.add_row(
                p["station_id"],
                p["aos_utc"] + (" *" if p["aos_at_start"] else ""),
                p["los_utc"] + (" *" if p["los_at_end"] else ""),
                f"{p['max_elevation_deg']:.1f}",
                f"{p['duration_s']:.0f}",
            )
        console.print(table)
        if edge:
            console.print(
                "* the object is already (or still) in view at the epoch (or the end of the span): "
                "not a rise or a set (aos_at_start / los_at_end in passes.csv)",
                highlight=False,
            )
        for miss in summary["stations_without_pass"]:
            err_console.print(
                f"[yellow]note:[/] {miss['station_id']} never sees the object above its "
                f"{miss['min_elevation_deg']:g} deg mask in these {orbits:g} orbits (highest "
                f"elevation {miss['highest_elevation_deg']:.1f} deg)",
                highlight=False,
            )
        console.print(f"files written to {out}:")
        for rec in files.values():
            console.print(f"  {rec['path']}", highlight=False)
        console.print(f"  {out / 'summary.json'}", highlight=False)
        console.print(f"  {out / 'manifest.json'}", highlight=False)

    run_command(body, as_json, FLAGS, out=out)
