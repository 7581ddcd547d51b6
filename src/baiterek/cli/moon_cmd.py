"""``baiterek moon``: daily lunar launch windows (plane through the Moon's arrival direction)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import (
    announce_compile,
    console,
    flags,
    print_json,
    run_command,
    with_status,
)

FLAGS = flags(
    "vehicle", "site", "days", "tof_days", "parking_altitude_km", from_utc="--from", start="--from"
)


@app.command("moon")
def moon_command(
    vehicle: str = typer.Option(..., "--vehicle", help="Vehicle id, e.g. soyuz-2.1b."),
    site: str = typer.Option(..., "--site", help="Site id, e.g. baikonur-45-1."),
    from_utc: str = typer.Option(..., "--from", help="First day (UTC), e.g. 2026-06-01."),
    days: float = typer.Option(..., "--days", help="Number of days searched."),
    tof_days: float = typer.Option(5.0, "--tof-days", help="Time of flight to the Moon, days."),
    parking_altitude_km: float = typer.Option(200.0, "--parking-altitude-km"),
    no_payload: bool = typer.Option(False, "--no-payload", help="Skip the payload (faster)."),
    out: Path = typer.Option(None, "--out", help="Write CSV, .ics and JSON here."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Lunar launch windows: launch time, coast, TLI point and C3, arrival, payload."""

    def body() -> None:
        announce_compile()

        def run() -> api.Moon:
            return api.moon(vehicle=vehicle, site=site, start=from_utc, days=days,
                            tof_days=tof_days, parking_altitude_km=parking_altitude_km,
                            with_payload=not no_payload)  # fmt: skip

        res = with_status("lunar windows", run, as_json)
        doc = res.to_json()
        if out is not None:
            doc["files"] = res.write(out)
        if as_json:
            print_json(doc)
            return
        t = Table(title=f"Lunar windows: {vehicle} from {site}, {tof_days:g}-day transfer")
        for col in ("launch UTC", "plane", "coast s", "TLI UTC", "TLI lat/lon deg", "C3 km2/s2",
                    "arrival UTC", "payload kg"):  # fmt: skip
            t.add_column(col)
        for r in doc["windows"]:
            t.add_row(
                r["launch_time_utc"][:19], r["branch"], f"{r['coast_s']:.0f}",
                r["tli_time_utc"][11:19],
                f"{r['tli_latitude_deg']:.1f} / {r['tli_longitude_deg']:.1f}",
                f"{r['c3_km2_s2']:.3f}", r["arrival_utc"][:16],
                "-" if r["payload_kg"] is None else f"{r['payload_kg']:,.0f}",
            )  # fmt: skip
        console.print(t)
        for n in doc["notes"]:
            console.print(n, highlight=False, markup=False)
        for k, v in (doc.get("files") or {}).items():
            console.print(f"{k}: {v}")

    run_command(body, as_json, FLAGS, out=out)
