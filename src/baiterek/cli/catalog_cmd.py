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


@app.command("vehicles")
def vehicles_command(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """List the launch vehicles: stages, engines, masses and what was calibrated."""
    from baiterek.flight.sequence import stage_times

    def body() -> None:
        items = catalog.vehicles()
        if as_json:
            out = []
            for v in items:
                times = stage_times(v)
                out.append(
                    {
                        "id": v.id,
                        "name": v.name,
                        "summary": v.summary,
                        "liftoff_mass_without_payload_kg": v.dry_liftoff_mass,
                        "reference_diameter_m": v.aerodynamics.reference_diameter_m,
                        "fairing_mass_kg": v.fairing.mass_kg,
                        "fairing_jettison": v.fairing.jettison,
                        "calibration": v.calibration,
                        "stages": [
                            {
                                "name": s.name,
                                "count": s.count,
                                "engine": s.engine.name,
                                "dry_mass_kg": s.dry_mass_kg * s.count,
                                "propellant_mass_kg": s.propellant_mass_kg * s.count,
                                "thrust_vac_kn": s.thrust_vac / 1e3,
                                "isp_vac_s": s.engine.isp_vac_s,
                                "ignition_s": times[s.name][0],
                                "cutoff_s": times[s.name][1],
                                "separation_s": times[s.name][2],
                                "source": s.source,
                            }
                            for s in v.stages
                        ],
                        "source": v.source,
                    }
                )
            print_json({"vehicles": out})
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
        for v in items:
            times = stage_times(v)
            stages = "\n".join(
                f"{s.name}: {s.count}x {s.engine.name}, {times[s.name][0]:.0f}-{times[s.name][1]:.0f}"
                for s in v.stages
            )
            table.add_row(v.id, v.name, stages, f"{v.dry_liftoff_mass / 1e3:.1f}", v.calibration)
        console.print(table)

    run_command(body, as_json)
