"""``baiterek performance``: the maximum payload to an orbit, with the margin and the trajectory."""

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
    flags,
    print_json,
    run_command,
    with_status,
)

FLAGS = flags(
    "vehicle", "site", "altitude_km", "perigee_km", "apogee_km", "inclination_deg",
    "argument_of_perigee_deg", "sso", "gto", "heading", "payload_kg", "dogleg", "upper_stage",
    mission="MISSION", target="target",
)  # fmt: skip


@app.command("performance")
def performance_command(
    mission_file: Path = typer.Argument(
        None, help="Mission TOML (its payload is the requested one)."
    ),
    vehicle: str = typer.Option(None, "--vehicle", help="Vehicle id, e.g. soyuz-2.1b."),
    site: str = typer.Option(None, "--site", help="Site id, e.g. baikonur-31-6."),
    altitude_km: float = typer.Option(None, "--altitude-km", help="Circular (or SSO) altitude."),
    perigee_km: float = typer.Option(
        None, "--perigee-km", help="Perigee altitude (elliptical, GTO)."
    ),
    apogee_km: float = typer.Option(None, "--apogee-km", help="Apogee altitude (elliptical, GTO)."),
    inclination_deg: float = typer.Option(None, "--inclination-deg", help="Inclination."),
    argument_of_perigee_deg: float = typer.Option(
        None,
        "--argument-of-perigee-deg",
        help="Argument of perigee (elliptical, direct ascent); default: insertion at perigee.",
    ),
    sso: bool = typer.Option(False, "--sso", help="Sun-synchronous at --altitude-km."),
    gto: bool = typer.Option(
        False, "--gto", help="GTO: perigee 200 km, apogee 35,786 km unless given."
    ),
    heading: str = typer.Option(
        None, "--heading", help="north or south (default: the site's corridor)."
    ),
    payload_kg: float = typer.Option(
        None, "--payload-kg", help="Requested payload: the margin is reported."
    ),
    dogleg: bool = typer.Option(
        False, "--dogleg", help="Fly the nearest corridor and yaw to the target plane."
    ),
    upper_stage: str = typer.Option(
        None, "--upper-stage", help="Restartable upper stage (fregat, breeze-m) for GTO and higher."
    ),
    out: Path = typer.Option(None, "--out", help="Also write the optimal trajectory files here."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
    c3_km2_s2: float = typer.Option(None, "--c3", help="Escape: departure C3, km2/s2."),
    dla_deg: float = typer.Option(None, "--dla", help="Escape: asymptote declination, deg."),
) -> None:
    """Maximum payload to an orbit: optimal trajectory, margin and active constraints."""
    if dla_deg is not None and c3_km2_s2 is None:
        from baiterek.errors import InputError

        def no_c3() -> None:
            raise InputError("--dla", dla_deg, "only with --c3 (escape performance)")

        run_command(no_c3, as_json)
    if c3_km2_s2 is not None:  # escape performance (--altitude-km: the parking orbit)
        from baiterek.cli.mars_cmd import run_escape
        from baiterek.errors import refuse_unused

        unused = {
            "MISSION": None if mission_file is None else str(mission_file), "--perigee-km": perigee_km, "--apogee-km": apogee_km,
            "--inclination-deg": inclination_deg, "--argument-of-perigee-deg":
            argument_of_perigee_deg, "--sso": sso or None, "--gto": gto or None,
            "--heading": heading, "--dogleg": dogleg or None, "--out": None if out is None else str(out),
        }  # fmt: skip
        run_command(
            lambda: refuse_unused(
                {k: v for k, v in unused.items() if v is not None},
                "with --c3 (escape performance: --vehicle, --site, --dla, --altitude-km of the "
                "parking orbit, --upper-stage, --payload-kg)",
            ),
            as_json,
        )

        return run_escape(vehicle, site, c3_km2_s2, dla_deg, altitude_km, upper_stage,
                          payload_kg, as_json)  # fmt: skip

    def body() -> None:
        announce_compile()

        def run() -> api.Payload:
            return api.max_payload(
                mission_file,
                vehicle=vehicle,
                site=site,
                altitude_km=altitude_km,
                perigee_km=perigee_km,
                apogee_km=apogee_km,
                inclination_deg=inclination_deg,
                argument_of_perigee_deg=argument_of_perigee_deg,
                sso=sso,
                gto=gto,
                heading=heading,
                payload_kg=payload_kg,
                dogleg=dogleg,
                upper_stage=upper_stage,
            )

        res = with_status("optimising the trajectory for the maximum payload", run, as_json)
        doc = res.to_json()
        if out is not None:
            doc["files"] = res.write(out)
        if as_json:
            print_json(doc)
            return
        _print(doc)

    run_command(body, as_json, FLAGS, out=out)


def _print(doc: dict[str, Any]) -> None:
    console.print(
        f"[bold]{doc['vehicle']}[/] from {doc['site']} to {api.orbit_text(doc['target'])}: "
        f"maximum payload [bold]{doc['payload_kg']:,.0f} kg[/] "
        f"({doc['ascent_profile'].replace('_', ' ')})"
    )
    if doc.get("limits_verdict"):
        style = "bold red" if doc.get("hard_violations") else "yellow"
        console.print(f"[{style}]{doc['limits_verdict']}[/]", highlight=False)
    if doc["margin_kg"] is not None:
        verdict = "fits" if doc["margin_kg"] >= 0 else "does NOT fit"
        if doc["margin_kg"] >= 0 and doc.get("hard_violations"):
            verdict = "reaches the orbit but breaks a hard limit"
        console.print(
            f"requested {doc['requested_payload_kg']:.0f} kg {verdict}: margin {doc['margin_kg']:+.0f} kg"
        )
    table = Table(title="Constraints")
    for col in ("constraint", "value", "limit", "unit", "active", "note"):
        table.add_column(col)
    for c in doc["constraints"]:
        table.add_row(
            c["name"],
            f"{c['value']:.2f}",
            f"{c['limit']:.2f}",
            c["unit"],
            "yes" if c["active"] else "",
            c["note"],
        )
    console.print(table)
    for note in doc["notes"]:
        console.print(note, highlight=False, markup=False)
    for b in doc.get("transfer_burns") or []:
        console.print(
            f"transfer burn at T+{b['start_s']:.0f} s for {b['duration_s']:.0f} s: "
            f"{b['delta_v_m_s']:.0f} m/s, apogee {b['apogee_km_after']:.0f} km"
        )
    ins = doc["trajectory"]["insertion"]
    label = "parking orbit" if doc.get("transfer_burns") else "insertion"
    console.print(
        f"{label} T+{ins['time_s']:.1f} s: {ins['perigee_km']:.1f} x {ins['apogee_km']:.1f} km, "
        f"{ins['inclination_deg']:.3f} deg"
    )
