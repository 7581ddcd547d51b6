"""``baiterek mars``: a Mars opportunity's porkchop and payload porkchop for a vehicle and site;
and the printout of ``baiterek performance --c3 ... --dla ...`` (escape performance)."""

from __future__ import annotations

from pathlib import Path

import typer
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
    with_status,
)

FLAGS = flags("vehicle", "site", "opportunity", "payload_kg", "parking_altitude_km", "upper_stage")
ESCAPE_FLAGS = flags(
    "vehicle", "site", "payload_kg", "upper_stage",
    dla_deg="--dla", c3_km2_s2="--c3", parking_altitude_km="--altitude-km",
)  # fmt: skip


@app.command("mars")
def mars_command(
    vehicle: str = typer.Option(..., "--vehicle", help="Vehicle id, e.g. soyuz-2.1b."),
    site: str = typer.Option(..., "--site", help="Site id, e.g. baikonur-45-1."),
    opportunity: int = typer.Option(..., "--opportunity", help="Year: 2026, 2028, 2031, ..."),
    payload_kg: float = typer.Option(
        None, "--payload-kg", help="Payload: the launch period that still carries it."
    ),
    parking_altitude_km: float = typer.Option(200.0, "--parking-altitude-km"),
    upper_stage: str = typer.Option(None, "--upper-stage", help="Default: the vehicle's own."),
    out: Path = typer.Option(None, "--out", help="Write the pages, CSV and JSON here."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Earth-Mars porkchop (C3, DLA, arrival v_inf; Types I and II) and payload porkchop."""

    def body() -> None:
        announce_compile()

        def run() -> api.Mars:
            return api.mars(vehicle=vehicle, site=site, opportunity=opportunity,
                            payload_kg=payload_kg, parking_altitude_km=parking_altitude_km,
                            upper_stage=upper_stage)  # fmt: skip

        res = with_status("porkchop and payload curves", run, as_json)
        doc = res.to_json()
        if out is not None:
            doc["files"] = res.write(out)
        if as_json:
            print_json(doc)
            return
        _print_mars(doc)

    run_command(body, as_json, FLAGS, out=out)


def _print_mars(doc) -> None:
    console.print(
        f"[bold]Mars {doc['opportunity']}[/] for {doc['vehicle']} from {doc['site']} "
        f"(DE421; |DLA| reachable <= {doc['reachable_abs_dla_deg']:g} deg)"
    )
    t = Table(title="Minimum C3 per transfer type")
    for col in ("type", "departure", "arrival", "C3 km2/s2", "DLA deg", "v_inf arr km/s", "kg"):
        t.add_column(col)
    for m in doc["minimum_c3"]:
        t.add_row(
            m["type"], m["departure_utc"][:16], m["arrival_utc"][:16], f"{m['c3_km2_s2']:.3f}",
            f"{m['dla_deg']:.1f}", f"{m['vinf_arrival_km_s']:.3f}",
            "-" if m["payload_kg"] is None else f"{m['payload_kg']:,.0f}",
        )  # fmt: skip
    console.print(t)
    lp = doc.get("launch_period")
    if lp:
        for k in ("type_I", "type_II"):
            p = lp[k]
            span = (
                f"{p['first_departure_utc']} .. {p['last_departure_utc']}" if p["days"] else "none"
            )
            console.print(
                f"launch period for {lp['payload_kg']:,.0f} kg, {k}: {span} ({p['days']} d)"
            )
    for n in doc["notes"]:
        console.print(n, highlight=False, markup=False)
    for k, v in (doc.get("files") or {}).items():
        console.print(f"{k}: {v}")


def run_escape(vehicle, site, c3_km2_s2, dla_deg, altitude_km, upper_stage, payload_kg,
               as_json) -> None:  # fmt: skip
    """``baiterek performance --c3 --dla``: the escape payload, printed or as one JSON document."""
    from baiterek.errors import InputError

    def body() -> None:
        if vehicle is None or site is None:
            raise InputError("--vehicle/--site", None, "both, with --c3")

        def run() -> api.Escape:
            return api.escape_payload(
                vehicle=vehicle, site=site, c3_km2_s2=c3_km2_s2, dla_deg=dla_deg or 0.0,
                parking_altitude_km=200.0 if altitude_km is None else altitude_km, upper_stage=upper_stage,
                payload_kg=payload_kg,
            )  # fmt: skip

        if as_json:
            print_json(run().to_json())
            return
        with err_console.status("optimising the escape for the maximum payload"):
            doc = run().to_json()
        console.print(
            f"[bold]{doc['vehicle']}[/] from {doc['site']} to C3 {doc['c3_km2_s2']:g} km2/s2, "
            f"DLA {doc['dla_deg']:g} deg: maximum payload [bold]{doc['payload_kg']:,.0f} kg[/]"
        )
        console.print(
            f"parking orbit {doc['parking_altitude_km']:g} km, {doc['parking_inclination_deg']:.2f}"
            f" deg ({doc['corridor']}); transfer stage {doc['transfer_stage']}; "
            f"|DLA| reachable from {doc['site']} <= {doc['reachable_abs_dla_deg']:g} deg"
        )
        if doc["margin_kg"] is not None:
            verdict = "fits" if doc["margin_kg"] >= 0 else "does NOT fit"
            console.print(f"requested {doc['requested_payload_kg']:,.0f} kg {verdict}: "
                          f"margin {doc['margin_kg']:+,.0f} kg")  # fmt: skip
        for b in doc["burns"]:
            console.print(
                f"burn at T+{b['start_s']:.0f} s for {b['duration_s']:.0f} s: "
                f"{b['delta_v_m_s']:.0f} m/s, C3 after {b['c3_km2_s2_after']:.2f} km2/s2"
            )
        for n in doc["notes"]:
            console.print(n, highlight=False, markup=False)

    run_command(body, as_json, ESCAPE_FLAGS)
