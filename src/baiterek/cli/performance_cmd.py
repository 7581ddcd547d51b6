"""``baiterek performance``: the maximum payload to an orbit, with the margin and the trajectory."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from baiterek.cli import app
from baiterek.cli._common import console, err_console, print_json, run_command, to_jsonable

GTO_APOGEE_KM = 35786.0
"""Geostationary altitude above the equatorial radius, km (42,164 km radius - 6,378 km)."""


def mission_from_options(
    mission_file,
    vehicle,
    site,
    altitude_km,
    perigee_km,
    apogee_km,
    inclination_deg,
    sso,
    gto,
    heading,
    payload_kg,
    dogleg=False,
    upper_stage=None,
    argument_of_perigee_deg=None,
):
    """A validated Mission from a file or from command-line options (same rules, same messages)."""
    from baiterek.errors import InputError
    from baiterek.mission import load_mission, mission_from_dict

    if mission_file is not None:
        return load_mission(mission_file)
    if vehicle is None or site is None:
        raise InputError("--vehicle/--site", None, "both, or a MISSION file")
    if gto:
        target = {
            "kind": "elliptical",
            "perigee_km": perigee_km or 200.0,
            "apogee_km": apogee_km or GTO_APOGEE_KM,
        }
        target["inclination_deg"] = inclination_deg
    elif sso:
        target = {"kind": "sso", "altitude_km": altitude_km}
    elif perigee_km is not None or apogee_km is not None:
        target = {
            "kind": "elliptical",
            "perigee_km": perigee_km,
            "apogee_km": apogee_km,
            "inclination_deg": inclination_deg,
        }
    else:
        target = {
            "kind": "circular",
            "altitude_km": altitude_km,
            "inclination_deg": inclination_deg,
        }
    if heading:
        target["heading"] = heading
    if dogleg:
        target["dogleg"] = True
    if argument_of_perigee_deg is not None:
        target["argument_of_perigee_deg"] = argument_of_perigee_deg
    raw = {
        "mission": {
            "name": "performance",
            "vehicle": vehicle,
            "site": site,
            "payload_kg": payload_kg or 0.0,
            "upper_stage": upper_stage,
        },
        "target": {k: v for k, v in target.items() if v is not None},
    }
    return mission_from_dict(raw)


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
    if c3_km2_s2 is not None:  # escape performance (--altitude-km: the parking orbit)
        from baiterek.cli.mars_cmd import run_escape

        return run_escape(vehicle, site, c3_km2_s2, dla_deg, altitude_km, upper_stage,
                          payload_kg, as_json)  # fmt: skip

    def body() -> None:
        from baiterek.export.ascent_files import write_ascent_files
        from baiterek.performance.payload import max_payload_for_mission

        m = mission_from_options(
            mission_file,
            vehicle,
            site,
            altitude_km,
            perigee_km,
            apogee_km,
            inclination_deg,
            sso,
            gto,
            heading,
            payload_kg,
            dogleg,
            upper_stage,
            argument_of_perigee_deg,
        )
        if as_json:
            res = max_payload_for_mission(m)
        else:
            with err_console.status("optimising the trajectory for the maximum payload"):
                res = max_payload_for_mission(m)
        doc = to_jsonable(res.to_json())
        if out is not None:
            doc["files"] = write_ascent_files(res.trajectory, out, doc)
        if as_json:
            print_json(doc)
            return
        _print(doc)

    run_command(body, as_json)


def _print(doc) -> None:
    console.print(
        f"[bold]{doc['vehicle']}[/] from {doc['site']} to {_orbit_text(doc['target'])}: "
        f"maximum payload [bold]{doc['payload_kg']:,.0f} kg[/] "
        f"({doc['ascent_profile'].replace('_', ' ')})"
    )
    if doc["margin_kg"] is not None:
        verdict = "fits" if doc["margin_kg"] >= 0 else "does NOT fit"
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
        console.print(note)
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


def _orbit_text(t: dict) -> str:
    """A target as a reader writes it: '200 km circular, 51.60 deg' or '185 x 35,786 km, ...'."""
    if "perigee_km" in t and "apogee_km" in t:
        orbit = f"{t['perigee_km']:,.0f} x {t['apogee_km']:,.0f} km"
    else:
        orbit = f"{t.get('altitude_km', float('nan')):,.0f} km {t.get('kind', 'circular')}"
    text = f"{orbit}, {t.get('inclination_deg', float('nan')):.2f} deg"
    if t.get("upper_stage"):
        text += f" with {t['upper_stage']}"
    return text
