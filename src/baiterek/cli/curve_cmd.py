"""``baiterek curve``: maximum payload against altitude (circular, sun-synchronous) or apogee."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import (
    announce_compile,
    console,
    flags,
    print_json,
    progress_bar,
    run_command,
)

FLAGS = flags(
    "vehicle", "site", "inclinations", "altitudes", "sso", "apogee", "upper_stage", "perigee_km",
    "heading", "workers", apogees_km="--apogee",
)  # fmt: skip


@app.command("curve")
def curve_command(
    vehicle: str = typer.Option(..., "--vehicle", help="Vehicle id, e.g. sunkar."),
    site: str = typer.Option(..., "--site", help="Site id, e.g. baikonur-45-1."),
    inclinations: str = typer.Option(
        None, "--inclinations", help="Inclinations, deg, comma list: 51.6,64.8,70."
    ),
    altitudes: str | None = typer.Option(
        None,
        "--altitudes",
        help="Circular (or SSO) altitudes, km: start:stop:step (stop included) or a comma list "
        "(default 200:2000:100).",
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
    perigee_km: float = typer.Option(
        None, "--perigee-km", help="Perigee for --apogee, km (default 200)."
    ),
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
        announce_compile()
        bar, update = progress_bar(f"{vehicle} from {site}")
        with bar:
            curve = api.performance_curve(
                vehicle,
                site,
                inclinations=inclinations,
                altitudes=altitudes,
                sso=sso,
                apogee=apogee,
                perigee_km=perigee_km,
                upper_stage=upper_stage,
                heading=heading,
                workers=workers,
                progress=update,
            )
        doc = curve.to_json()
        if out is not None:
            doc["files"] = curve.write(out)
        if as_json:
            print_json(doc)
            return
        _print(curve, doc)

    run_command(body, as_json, FLAGS, out=out)


def _print(curve: api.Curve, doc: dict[str, Any]) -> None:
    frame = curve.to_frame()
    elliptical = doc["kind"] == "elliptical"
    x_col = "apogee_km" if elliptical else "altitude_km"
    xs = sorted(set(frame[x_col]))
    lines = doc["lines"]
    title = f"{doc['vehicle']} from {doc['site']}: maximum payload (kg), {doc['kind']}"
    if elliptical and doc["points"]:
        title += f", perigee {doc['points'][0]['perigee_km']:g} km"
    table = Table(title=title)
    table.add_column("apogee (km)" if elliptical else "altitude (km)", justify="right")
    for label in lines:
        table.add_column(label, justify="right")
    cell = {(r["line"], r[x_col]): r["payload_kg"] for r in frame.to_dict("records")}
    for x in xs:
        vals = [cell.get((label, x), math.nan) for label in lines]
        table.add_row(f"{x:g}", *["-" if math.isnan(v) else f"{v:,.0f}" for v in vals])
    console.print(table)
    if doc["kind"] == "sso":
        incs = [p["inclination_deg"] for p in doc["points"] if p["inclination_deg"] is not None]
        if incs:
            console.print(f"sun-synchronous inclinations {min(incs):.2f} to {max(incs):.2f} deg")
    for p in doc["points"]:
        if p["status"] != "ok":
            x = p["apogee_km"] if elliptical else p["perigee_km"]
            console.print(
                f"[yellow]not computed[/] {p['line']} at {x:g} km: {p['status']}: {p['reason']}",
                highlight=False,
            )
    console.print(
        f"{len(doc['points'])} points in {doc['elapsed_s']:.1f} s on {doc['workers']} processes"
    )
    for kind, path in doc.get("files", {}).items():
        console.print(f"{kind}: {path}")
