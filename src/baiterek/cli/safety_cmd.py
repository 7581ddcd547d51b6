"""``baiterek safety MISSION.toml``: where each jettisoned body falls, in which zone; the files."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import (
    announce_compile,
    console,
    escape,
    flags,
    print_json,
    run_command,
    with_status,
)
from baiterek.errors import InputError

FLAGS = flags("backup_days", zones_file="--zones", mission="MISSION")


@app.command("safety")
def safety_command(
    mission_file: Path = typer.Argument(
        None, help="Mission TOML file (default: the bundled Sunkar mission to 200 km, 51.6 deg)."
    ),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the output files."),
    zones_file: Path = typer.Option(
        None, "--zones", help="Zones GeoJSON file (default: the bundled Baikonur fall areas)."
    ),
    backup_days: int = typer.Option(2, "--backup-days", help="Backup days in the notices (0-14)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Range safety: every jettisoned body flown to the ground, checked against its fall area."""

    def body() -> None:
        announce_compile()
        if not 0 <= backup_days <= api.MAX_BACKUP_DAYS:
            raise InputError("--backup-days", backup_days, "an integer from 0 to 14")
        path = mission_file or api.bundled_mission_path()
        r = with_status(
            f"flying {path.name} and its jettisoned bodies",
            lambda: api.safety(path, zones_file=zones_file),
            as_json,
        )
        files = r.write(out, backup_days=backup_days)
        doc = {**r.to_json(), "mission_file": str(path), "files": files}
        if as_json:
            print_json(doc)
            return
        _print_table(r.result)
        for kind, p in files.items():
            console.print(f"  {kind:24s} {p}")

    run_command(body, as_json, FLAGS, out=out)


def _f(x, fmt: str) -> str:
    return "-" if x is None else format(x, fmt)


def _p(p) -> str:
    """Containment probability (the JSON has its Clopper-Pearson bounds)."""
    if not p:
        return "-"
    return f"{p['probability']:.4f}"


def _print_table(result) -> None:
    t = Table(title=f"{escape(result.mission_name)}: jettisoned bodies ({result.vehicle_id}, "
                    f"{result.site_id}, {result.inclination_deg:.1f} deg)")  # fmt: skip
    cols = ("body", "kind", "status", "sep. T+ (s)", "impact T+ (s)", "lat (deg)", "lon (deg)",
            "downrange (km)", "zone", "inside", "margin (km)", "P(inside)")  # fmt: skip
    for c in cols:
        t.add_column(c, justify="left" if c in ("body", "kind", "status", "zone") else "right")
    for b in result.to_json()["bodies"]:
        inside = "-" if b["inside"] is None else ("yes" if b["inside"] else "NO")
        t.add_row(
            b["name"], b["kind"], b["status"], _f(b["separation_time_s"], ".1f"),
            _f(b["impact_time_s"], ".1f"), _f(b["impact_latitude_deg"], ".4f"),
            _f(b["impact_longitude_deg"], ".4f"), _f(b["downrange_km"], ".1f"),
            b["zone"] or "none", inside, _f(b["margin_km"], ".1f"),
            _p(b["probability_inside"]),
        )  # fmt: skip
    console.print(t)
    console.print("  P(inside): the linear-covariance footprint integrated over the zone "
                  "(20,000 seeded draws; bounds in --json)")  # fmt: skip
    for b in result.bodies:
        if b.status == "impact" and b.containment.zone is None:
            console.print(f"  {b.name}: {b.containment.statement}")
        if b.status == "orbital" and b.orbit:
            console.print(f"  {b.name}: orbital, perigee {b.orbit.get('perigee_km')} km, "
                          f"apogee {b.orbit.get('apogee_km')} km, drag lifetime {b.orbit.get('decay_days')} days")  # fmt: skip
    if result.candidates:
        console.print(f"  candidate zones: {', '.join(c['id'] for c in result.candidates)}")
