"""``baiterek curve``: maximum payload against altitude (circular, sun-synchronous) or apogee."""

from __future__ import annotations

import math
from pathlib import Path

import typer
from rich.table import Table

from baiterek.cli import app
from baiterek.cli._common import console, err_console, print_json, run_command, to_jsonable


def progress_bar(description: str):
    """A rich progress bar on stderr (hidden when stderr is not a terminal).

    Returns (context manager, callback ``progress(done, total)``).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
    )
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update


@app.command("curve")
def curve_command(
    vehicle: str = typer.Option(..., "--vehicle", help="Vehicle id, e.g. sunkar."),
    site: str = typer.Option(..., "--site", help="Site id, e.g. baikonur-45-1."),
    inclinations: str = typer.Option(
        None, "--inclinations", help="Inclinations, deg, comma list: 51.6,64.8,70."
    ),
    altitudes: str = typer.Option(
        "200:2000:100",
        "--altitudes",
        help="Circular (or SSO) altitudes, km: start:stop:step (stop included) or a comma list.",
    ),
    sso: bool = typer.Option(
        False, "--sso", help="Sun-synchronous: the inclination follows the altitude."
    ),
    apogee: str = typer.Option(
        None,
        "--apogee",
        help="Apogee altitudes, km (start:stop:step or list): payload against apogee at "
        "--perigee-km (e.g. GTO, with --upper-stage).",
    ),
    upper_stage: str = typer.Option(
        None, "--upper-stage", help="Upper stage flying from a parking orbit (fregat, breeze-m)."
    ),
    perigee_km: float = typer.Option(200.0, "--perigee-km", help="Perigee for --apogee, km."),
    heading: str = typer.Option(
        None, "--heading", help="north or south (default: the site's corridor)."
    ),
    workers: int = typer.Option(
        None, "--workers", help="Processes (default: the machine's cores)."
    ),
    out: Path = typer.Option(None, "--out", help="Write CSV, HTML chart and JSON here."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Payload curves: maximum payload over a grid of orbits, one line per inclination."""

    def body() -> None:
        from baiterek.cli._grid import parse_grid
        from baiterek.errors import InputError
        from baiterek.export.curve_files import write_curve_files
        from baiterek.performance import curves as C

        if heading not in (None, "north", "south"):
            raise InputError("--heading", heading, "north or south")
        if sso and apogee is not None:
            raise InputError("--apogee", apogee, "not with --sso (one kind of curve at a time)")
        if sso and inclinations is not None:
            raise InputError(
                "--inclinations", inclinations, "none with --sso (computed per altitude)"
            )
        incs = None
        if not sso:
            if inclinations is None:
                from baiterek import catalog

                raise InputError(
                    "--inclinations",
                    None,
                    "a comma list of inclinations in deg, e.g. 51.6,64.8,70; "
                    f"{site} allows: {catalog.site(site).allowed_text()}",
                )
            incs = parse_grid(inclinations, "--inclinations")
        bar, update = progress_bar(f"{vehicle} from {site}")
        with bar:
            if sso:
                curve = C.sso_curve(
                    vehicle,
                    site,
                    parse_grid(altitudes, "--altitudes"),
                    heading=heading,
                    upper_stage=upper_stage,
                    workers=workers,
                    progress=update,
                )
            elif apogee is not None:
                curve = C.apogee_curve(
                    vehicle,
                    site,
                    parse_grid(apogee, "--apogee"),
                    incs,
                    perigee_km,
                    heading=heading,
                    upper_stage=upper_stage,
                    workers=workers,
                    progress=update,
                )
            else:
                curve = C.circular_curve(
                    vehicle,
                    site,
                    incs,
                    parse_grid(altitudes, "--altitudes"),
                    heading=heading,
                    upper_stage=upper_stage,
                    workers=workers,
                    progress=update,
                )
        doc = to_jsonable(curve.to_json())
        if out is not None:
            doc["files"] = write_curve_files(curve, out)
        if as_json:
            print_json(doc)
            return
        _print(curve, doc)

    run_command(body, as_json)


def _print(curve, doc) -> None:
    from baiterek.export.curve_files import payload_table

    xs, lines, tab = payload_table(curve)
    x_name = "apogee (km)" if curve.kind == "elliptical" else "altitude (km)"
    title = f"{curve.vehicle_id} from {curve.site_id}: maximum payload (kg), {curve.kind}"
    if curve.kind == "elliptical" and curve.points:
        title += f", perigee {curve.points[0].perigee_km:g} km"
    table = Table(title=title)
    table.add_column(x_name, justify="right")
    for label in lines:
        table.add_column(label, justify="right")
    for k, x in enumerate(xs):
        cells = ["-" if math.isnan(v) else f"{v:,.0f}" for v in tab[k]]
        table.add_row(f"{x:g}", *cells)
    console.print(table)
    if curve.kind == "sso":
        incs = [p.inclination_deg for p in curve.points if not math.isnan(p.inclination_deg)]
        if incs:
            console.print(f"sun-synchronous inclinations {min(incs):.2f} to {max(incs):.2f} deg")
    for p in curve.failed:
        x = p.apogee_km if curve.kind == "elliptical" else p.perigee_km
        console.print(
            f"[yellow]not computed[/] {p.line} at {x:g} km: {p.status}: {p.reason}",
            highlight=False,
        )
    console.print(
        f"{len(curve.points)} points in {curve.elapsed_s:.1f} s on {curve.workers} processes"
    )
    for kind, path in doc.get("files", {}).items():
        console.print(f"{kind}: {path}")
