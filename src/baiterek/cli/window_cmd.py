"""``baiterek window``: launch windows from a mission file or from command-line options.

    baiterek window MISSION.toml --from 2023-05-24 --days 3 [--json] [--out out]
    baiterek window --site baikonur-31-6 --vehicle soyuz-2.1a --tle iss.tle --from 2023-05-24 --days 3
    baiterek window --site baikonur-31-6 --vehicle soyuz-2.1b --sso-altitude-km 600 --local-time 10:30

Prints a table (or one JSON document with ``--json``) and writes ``<stem>.csv``, ``.ics`` and
``.json`` into ``--out``. A year of windows takes well under a second, and ``--days`` is capped
at ten years, so no command here runs long enough to need a progress bar.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from baiterek import catalog
from baiterek.cli import app
from baiterek.cli._common import console, err_console, print_json, run_command, to_jsonable
from baiterek.constants import WGS84_A
from baiterek.errors import InputError
from baiterek.provenance import provenance

if TYPE_CHECKING:
    from baiterek.windows.search import WindowTable

MAX_DAYS = 3660.0


def _table(doc: dict, title: str) -> Table:
    recs = doc["windows"]
    has_width = any(r["open_utc"] != r["close_utc"] for r in recs)
    has_phase = any(r["phase_deg"] is not None for r in recs)
    is_sso = doc["target"].get("kind") == "sso"
    t = Table(title=title)
    cols = ["launch (UTC)"] + (["open-close"] if has_width else []) + ["branch", "az deg"]
    cols += (["phase deg", "scheme"] if has_phase else []) + (["LTAN h"] if is_sso else [])
    for col in cols + ["Sun el deg"]:
        t.add_column(col, no_wrap=True)
    for r in recs:
        row = [r["launch_time_utc"][:19].replace("T", " ")]
        if has_width:
            row.append(f"{r['open_utc'][11:19]}-{r['close_utc'][11:19]}")
        row += [r["branch"], f"{r['azimuth_deg']:.2f}"]
        if has_phase:
            row += [f"{r['phase_deg']:.1f}", r["scheme"] or ""]
        if is_sso:
            row.append(f"{r['ltan_h']:.3f}")
        row.append(f"{r['sun_elevation_deg']:.1f}")
        t.add_row(*row)
    return t


def _stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "windows"


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
) -> None:
    """Launch windows: to the plane of a TLE target (with phasing), a fixed plane, or an SSO."""

    # the window machinery (skyfield, pandas) loads only when this command runs
    from baiterek.export.windows import write_window_files
    from baiterek.mission import read_mission_file
    from baiterek.windows.geometry import geometry_provider
    from baiterek.windows.mission_input import mission_windows, parse_local_time
    from baiterek.windows.search import plane_from_orbit, plane_windows, sso_windows, tle_windows
    from baiterek.windows.tle import read_tle

    def body() -> None:
        if not (0 < days <= MAX_DAYS):
            raise InputError("--days", days, f"0 < days <= {MAX_DAYS:g}")
        if mission is not None:
            m = read_mission_file(mission)
            g = geometry_provider(m.data.mission.vehicle, m.data.mission.site)  # the simulator's
            table = mission_windows(m, start, days, force_tle=force_tle, geometry=g)
            name = m.data.mission.name
            input_obj = {"mission": m.raw, "from": start, "days": days}
        else:
            table, name, input_obj = _from_options()
        table = table.constrained(sun_min_deg, sun_max_deg, sunlit)
        input_obj["constraints"] = [sun_min_deg, sun_max_deg, sunlit]
        prov = provenance(input_obj, seed=None)
        doc = to_jsonable(table.to_json(prov))
        files = write_window_files(doc, out, _stem(name), name)
        for w in table.warnings:  # stderr, so stdout stays one JSON document
            err_console.print(f"[yellow]warning:[/] {w}", highlight=False)
        if as_json:
            print_json({**doc, "files": files})
            return
        console.print(_table(doc, f"{name}: {len(table)} launch windows from {table.site_id}"))
        console.print("files: " + ", ".join(files.values()), highlight=False)

    def _from_options() -> tuple[WindowTable, str, dict]:
        if site is None or vehicle is None:
            raise InputError("--site/--vehicle", None, "both, or a mission file")
        s = catalog.site(site)
        opts = {
            "site": site, "vehicle": vehicle, "from": start, "days": days, "heading": heading,
            "yaw_allowance_deg": yaw_allowance_deg,
        }  # fmt: skip
        g = geometry_provider(vehicle, site)  # the simulator's ascent geometry
        common = dict(heading=heading, yaw_allowance_deg=yaw_allowance_deg, geometry=g)
        if tle is not None:
            target = read_tle(tle)
            opts["tle"] = [target.line1, target.line2]
            t = tle_windows(s, vehicle, target, start, days, force_tle=force_tle, **common)
            return t, target.name or "target", opts
        if local_time is not None:
            if altitude_km is None:
                raise InputError("--altitude-km", None, "the SSO altitude with --local-time")
            opts.update(local_time=local_time, altitude_km=altitude_km, node=node, sun=sun)
            t = sso_windows(
                s, vehicle, altitude_km * 1e3, parse_local_time(local_time), start, days,
                node=node, sun=sun, **common,
            )  # fmt: skip
            return t, f"SSO {local_time} {node}", opts
        if raan_deg is not None and epoch is not None and inclination_deg is not None:
            if altitude_km is None:
                raise InputError("--altitude-km", None, "the target altitude (for the J2 drift)")
            opts.update(raan_deg=raan_deg, epoch=epoch, inclination_deg=inclination_deg)
            plane = plane_from_orbit(raan_deg, inclination_deg, epoch, WGS84_A + altitude_km * 1e3)
            return plane_windows(s, vehicle, plane, start, days, **common), "plane", opts
        raise InputError(
            "target",
            None,
            "--tle FILE, or --local-time with --altitude-km (SSO), "
            "or --raan-deg, --epoch, --inclination-deg and --altitude-km",
        )

    run_command(body, as_json)
