"""``baiterek sites`` (and ``vehicles``): print the catalog as tables or JSON."""

from __future__ import annotations

import typer
from rich.table import Table

from baiterek import catalog
from baiterek.cli import app
from baiterek.cli._common import console, print_json, run_command


@app.command("sites")
def sites_command(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """List the launch sites, their coordinates and allowed corridors."""

    def body() -> None:
        items = catalog.sites()
        if as_json:
            print_json(
                {
                    "sites": [
                        {
                            "id": s.id,
                            "name": s.name,
                            "latitude_deg": s.latitude_deg,
                            "longitude_deg": s.longitude_deg,
                            "altitude_m": s.altitude_m,
                            "corridors": [c.model_dump() for c in s.corridors],
                            "source": s.source,
                        }
                        for s in items
                    ]
                }
            )
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
        for s in items:
            corr = "\n".join(
                f"{c.inclination_min_deg:g}-{c.inclination_max_deg:g} {c.heading}"
                for c in s.corridors
            )
            table.add_row(
                s.id,
                s.name,
                f"{s.latitude_deg:.5f}",
                f"{s.longitude_deg:.5f}",
                f"{s.altitude_m:g}",
                corr,
            )
        console.print(table)

    run_command(body, as_json)
