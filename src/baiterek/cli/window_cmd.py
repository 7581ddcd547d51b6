"""``baiterek window``: launch windows from a mission file or from command-line options.

    baiterek window MISSION.toml --from 2023-05-24 --days 3 [--json] [--out out]
    baiterek window --site baikonur-31-6 --vehicle soyuz-2.1a --tle iss.tle --from 2023-05-24 --days 3
    baiterek window --site baikonur-31-6 --vehicle soyuz-2.1b --sso-altitude-km 600 --local-time 10:30

Prints a table (or one JSON document with ``--json``) and writes ``<stem>.csv``, ``.ics`` and
``.json`` into ``--out``. A year of windows takes well under a second, and ``--days`` is capped
at ten years, so no command here runs long enough to need a progress bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
    warn,
)

FLAGS = flags(
    "days", "site", "vehicle", "tle", "raan_deg", "epoch", "inclination_deg", "altitude_km",
    "local_time", "node", "sun", "heading", "yaw_allowance_deg", "sun_elevation_min_deg",
    "sun_elevation_max_deg", "force_tle", "ascent_geometry", start="--from",
    insertion_sunlit="--insertion-sunlit", mission="MISSION", target="target",
    epoch_utc="--epoch", local_time_node="--local-time",
)  # fmt: skip


def _table(doc: dict[str, Any], title: str) -> Table:
    recs = doc["windows"]
    has_width = any(r["open_utc"] != r["close_utc"] for r in recs)
    has_phase = any(r["phase_deg"] is not None for r in recs)
    is_sso = doc["target"].get("kind") == "sso"
    t = Table(title=title)
    cols = ["launch (UTC)"] + (["open-close"] if has_width else []) + ["branch", "az deg"]
    cols += ["phase deg", "scheme", "plane lead deg"] if has_phase else []
    cols += ["LTAN h"] if is_sso else []
    for col in cols + ["Sun el deg"]:
        t.add_column(col, no_wrap=True)
    for r in recs:
        row = [r["launch_time_utc"][:19].replace("T", " ")]
        if has_width:
            row.append(f"{r['open_utc'][11:19]}-{r['close_utc'][11:19]}")
        row += [r["branch"], f"{r['azimuth_deg']:.2f}"]
        if has_phase:
            lead = r.get("plane_lead_deg")
            row += [f"{r['phase_deg']:.1f}", r["scheme"] or ""]
            row.append("" if lead is None else f"{lead:.3f}")
        if is_sso:
            row.append(f"{r['ltan_h']:.3f}")
        row.append(f"{r['sun_elevation_deg']:.1f}")
        t.add_row(*row)
    return t


@app.command("window")
def window_command(
    mission: Annotated[
        Path | None, typer.Argument(help="Mission TOML file (tables mission, target, window).")
    ] = None,
    start: Annotated[
        str, typer.Option("--from", help="First day (UTC), e.g. 2023-05-24 or 2023-05-24T06:00Z.")
    ] = ...,  # type: ignore[assignment]
    days: Annotated[float, typer.Option("--days", help="Number of days to scan.")] = 1.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document on stdout.")
    ] = False,
    out: Annotated[
        Path, typer.Option("--out", help="Directory for the CSV, ICS, JSON files.")
    ] = Path("out"),
    site: Annotated[str | None, typer.Option("--site", help="Site id (no mission file).")] = None,
    vehicle: Annotated[
        str | None, typer.Option("--vehicle", help="Vehicle id (no mission file).")
    ] = None,
    tle: Annotated[
        Path | None, typer.Option("--tle", help="TLE file of the target (ISS...).")
    ] = None,
    raan_deg: Annotated[
        float | None, typer.Option("--raan-deg", help="Target node (TEME, of date) at --epoch.")
    ] = None,
    epoch: Annotated[str | None, typer.Option("--epoch", help="Epoch (UTC) of --raan-deg.")] = None,
    inclination_deg: Annotated[
        float | None, typer.Option("--inclination-deg", help="Target inclination, deg.")
    ] = None,
    altitude_km: Annotated[
        float | None, typer.Option("--altitude-km", help="Target circular altitude (drift, SSO).")
    ] = None,
    local_time: Annotated[
        str | None, typer.Option("--local-time", help="SSO node local time, e.g. 10:30.")
    ] = None,
    node: Annotated[
        str, typer.Option("--node", help="SSO node: ascending or descending.")
    ] = "descending",
    sun: Annotated[str, typer.Option("--sun", help="SSO local time: mean or true Sun.")] = "mean",
    heading: Annotated[
        str | None, typer.Option("--heading", help="north or south (default: every allowed).")
    ] = None,
    yaw_allowance_deg: Annotated[
        float, typer.Option("--yaw-allowance-deg", help="Out-of-plane allowance, deg.")
    ] = 0.0,
    sun_min_deg: Annotated[
        float | None,
        typer.Option(
            "--sun-elevation-min-deg", help="Keep launches with the Sun at least this high."
        ),
    ] = None,
    sun_max_deg: Annotated[
        float | None,
        typer.Option(
            "--sun-elevation-max-deg", help="Keep launches with the Sun at most this high."
        ),
    ] = None,
    sunlit: Annotated[
        bool | None,
        typer.Option(
            "--insertion-sunlit/--insertion-shadow", help="Keep sunlit (or shadowed) insertions."
        ),
    ] = None,
    force_tle: Annotated[
        bool, typer.Option("--force-tle", help="Accept a TLE more than 30 days away.")
    ] = False,
    ascent_geometry: Annotated[
        str,
        typer.Option(
            "--ascent-geometry",
            help="Pad offset from the plane at insertion: analytic (calibrated, validated) or "
            "simulator (the guided ascent, no calibrated coefficient: about 60 s early at the ISS).",
        ),
    ] = "analytic",
) -> None:
    """Launch windows: to the plane of a TLE target (with phasing), a fixed plane, or an SSO."""

    def body() -> None:
        announce_compile()
        result = api.launch_windows(
            mission,
            start=start,
            days=days,
            site=site,
            vehicle=vehicle,
            tle=tle,
            raan_deg=raan_deg,
            epoch=epoch,
            inclination_deg=inclination_deg,
            altitude_km=altitude_km,
            local_time=local_time,
            node=node,
            sun=sun,
            heading=heading,
            yaw_allowance_deg=yaw_allowance_deg,
            sun_elevation_min_deg=sun_min_deg,
            sun_elevation_max_deg=sun_max_deg,
            insertion_sunlit=sunlit,
            force_tle=force_tle,
            ascent_geometry=ascent_geometry,
        )
        doc = result.to_json()
        files = result.write(out)
        for w in result.warnings:  # stderr, so stdout stays one JSON document
            warn(w)
        if as_json:
            print_json({**doc, "files": files})
            return
        console.print(
            _table(doc, f"{escape(result.name)}: {len(result)} launch windows from {doc['site']}")
        )
        console.print("files: " + escape(", ".join(files.values())), highlight=False)

    run_command(body, as_json, FLAGS, out=out)
