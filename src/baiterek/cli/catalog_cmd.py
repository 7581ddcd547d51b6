"""``baiterek sites`` (and ``vehicles``): print the catalog as tables or JSON."""

from __future__ import annotations

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import console, print_json, run_command


@app.command("sites")
def sites_command(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """List the launch sites, their coordinates and allowed corridors."""

    def body() -> None:
        doc = api.sites().to_json()
        if as_json:
            print_json(doc)
            return
        table = Table(title="Launch sites")
        for col in (
            "id",
            "name",
            "lat (deg)",
            "lon (deg)",
            "alt (m)",
            "corridors (inclination, heading)",
        ):
            table.add_column(col)
        for s in doc["sites"]:
            corr = "\n".join(
                f"{c['inclination_min_deg']:g}-{c['inclination_max_deg']:g} {c['heading']}"
                for c in s["corridors"]
            )
            table.add_row(
                s["id"],
                s["name"],
                f"{s['latitude_deg']:.5f}",
                f"{s['longitude_deg']:.5f}",
                f"{s['altitude_m']:g}",
                corr,
            )
        console.print(table)

    run_command(body, as_json)


@app.command("vehicles")
def vehicles_command(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """List the launch vehicles: stages, engines, masses and what was calibrated."""

    def body() -> None:
        doc = api.vehicles().to_json()
        if as_json:
            print_json(doc)
            return
        table = Table(title="Launch vehicles")
        for col in (
            "id",
            "name",
            "stages (ignition-cutoff s)",
            "liftoff w/o payload (t)",
            "calibration",
        ):
            table.add_column(col)
        for v in doc["vehicles"]:
            stages = "\n".join(
                f"{s['name']}: {s['count']}x {s['engine']}, "
                f"{s['ignition_s']:.0f}-{s['cutoff_s']:.0f}"
                for s in v["stages"]
            )
            table.add_row(
                v["id"],
                v["name"],
                stages,
                f"{v['liftoff_mass_without_payload_kg'] / 1e3:.1f}",
                v["calibration"],
            )
        console.print(table)

    run_command(body, as_json)


@app.command("stations")
def stations_command(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """List the ground stations, their coordinates, masks and sources."""

    def body() -> None:
        doc = api.stations().to_json()
        if as_json:
            print_json(doc)
            return
        table = Table(title="Ground stations")
        for col in ("id", "name", "lat (deg)", "lon (deg)", "alt (m)", "mask (deg)", "approx."):
            table.add_column(col)
        for s in doc["stations"]:
            table.add_row(
                s["id"],
                s["name"],
                f"{s['latitude_deg']:.5f}",
                f"{s['longitude_deg']:.5f}",
                f"{s['altitude_m']:g}",
                f"{s['min_elevation_deg']:g}" + (" + table" if s["mask_deg"] else ""),
                "yes" if s["approximate"] else "",
            )
        console.print(table)

    run_command(body, as_json)
