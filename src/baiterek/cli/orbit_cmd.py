"""``baiterek orbit``: orbit products from an insertion state; ``baiterek stations``: the stations.

The orbit command starts from one of: a mission file (the insertion state of the simulated
ascent), a GCRS state vector with its epoch, or a TLE; propagates the first N orbits; and writes
the OPM, the OEM (KVN and XML), a fitted TLE, the station passes (CSV) and map files (GeoJSON,
KML, CZML), with a summary JSON that records the provenance and the SHA-256 of every file.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from baiterek import catalog
from baiterek.cli import app
from baiterek.cli._common import console, err_console, print_json, run_command
from baiterek.constants import WGS84_A
from baiterek.earth.time import parse_utc
from baiterek.errors import InfeasibleError, InputError


def _insertion_from_mission(path: Path):
    """(epoch UTC, r GCRS m, v GCRS m/s, trajectory) at insertion, from the ascent simulator."""
    from baiterek.flight import fly
    from baiterek.mission import load_mission

    trajectory = fly(load_mission(path))
    if trajectory.insertion is None:
        raise InfeasibleError(f"the ascent did not reach orbit ({trajectory.status})", {})
    r, v = trajectory.insertion_state_gcrs()
    return trajectory.insertion_epoch_utc, np.asarray(r, float), np.asarray(v, float), trajectory


def _parse_state(text: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        vals = [float(x) for x in text.replace(" ", "").split(",")]
    except ValueError:
        vals = []
    if len(vals) != 6 or not all(math.isfinite(x) for x in vals):
        raise InputError("--state-gcrs", text, "six numbers 'x,y,z,vx,vy,vz' in km and km/s")
    r = np.array(vals[:3]) * 1000.0
    v = np.array(vals[3:]) * 1000.0
    if np.linalg.norm(r) < WGS84_A:
        raise InputError(
            "--state-gcrs", text, "a position above the Earth's surface (|r| > 6378 km)"
        )
    return r, v


def _read_covariance(path: Path) -> np.ndarray:
    """A 6x6 covariance from CSV in km^2, km^2/s, km^2/s^2, returned in m^2, m^2/s, m^2/s^2."""
    try:
        c = np.loadtxt(path, delimiter=",", ndmin=2)
    except (OSError, ValueError) as exc:
        raise InputError(
            "--covariance", str(path), "a CSV file of 6 rows of 6 numbers", str(exc)
        ) from None
    if c.shape != (6, 6):
        raise InputError("--covariance", f"shape {c.shape}", "6 rows of 6 numbers")
    return c * 1e6


_DEFAULT_OUT = Path("out/orbit")
_DEFAULT_NAME = "BAITEREK OBJECT"


@app.command("orbit")
def orbit_command(
    mission: Annotated[
        Path | None, typer.Argument(help="Mission TOML: start at its insertion.")
    ] = None,
    state_gcrs: str | None = typer.Option(
        None, "--state-gcrs", help="GCRS state 'x,y,z,vx,vy,vz' in km and km/s (with --epoch)."
    ),
    epoch: str | None = typer.Option(None, "--epoch", help="UTC of --state-gcrs, ISO 8601 'Z'."),
    tle: Annotated[
        Path | None, typer.Option("--tle", help="Start from the TLE in this file.")
    ] = None,
    orbits: float = typer.Option(3.0, "--orbits", help="Number of orbits to propagate."),
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = _DEFAULT_OUT,
    step_s: float = typer.Option(30.0, "--step", help="Ephemeris step, s."),
    stations: Annotated[
        str | None,
        typer.Option(
            "--stations", help="Comma-separated station ids (default: all in the catalog)."
        ),
    ] = None,
    name: str = typer.Option(_DEFAULT_NAME, "--name", help="OBJECT_NAME and TLE name."),
    object_id: str = typer.Option("2026-001A", "--object-id", help="International designator."),
    norad_id: int = typer.Option(99999, "--norad-id", help="Catalogue number for the TLE."),
    ref_frame: str = typer.Option("EME2000", "--ref-frame", help="EME2000 or GCRF."),
    ballistic_coefficient: float | None = typer.Option(
        None, "--ballistic-coefficient", help="m/(Cd A), kg/m^2; enables drag."
    ),
    third_body: bool = typer.Option(False, "--sun-moon", help="Add Sun and Moon gravity."),
    covariance: Annotated[
        Path | None,
        typer.Option(
            "--covariance",
            help="6x6 covariance of the initial state for the OPM (CSV, km^2, km^2/s, km^2/s^2, GCRS).",
        ),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Orbit products (OPM, OEM, TLE, passes, maps) from a mission, a state vector or a TLE."""

    def body() -> None:
        nonlocal name
        sources = [x is not None for x in (mission, state_gcrs, tle)]
        if sum(sources) != 1:
            raise InputError(
                "input",
                "none" if not any(sources) else "several",
                "exactly one of MISSION, --state-gcrs, --tle",
            )
        record: dict[str, Any] = {"orbits": orbits, "step_s": step_s, "ref_frame": ref_frame}
        ascent = None
        if mission is not None:
            if not mission.is_file():
                raise InputError("MISSION", str(mission), "an existing mission TOML file")
            epoch_dt, r0, v0, ascent = _insertion_from_mission(mission)
            record["mission"] = mission.read_text(encoding="utf-8")
        elif state_gcrs is not None:
            if epoch is None:
                raise InputError("--epoch", None, "the UTC of the state, e.g. 2026-11-21T05:45:04Z")
            epoch_dt = parse_utc(epoch, "--epoch")
            r0, v0 = _parse_state(state_gcrs)
            record.update(state_gcrs_km=state_gcrs, epoch_utc=epoch)
        else:
            from baiterek.orbit.tle import parse_tle, read_tle_file, tle_epoch, tle_state_gcrs

            tle_name, l1, l2 = read_tle_file(tle)
            sat = parse_tle(l1, l2, field="--tle")
            t_ep = tle_epoch(sat)
            r0, v0 = tle_state_gcrs(sat, t_ep)
            epoch_dt = t_ep
            record.update(tle=[tle_name, l1, l2])
            if name == _DEFAULT_NAME:
                name = tle_name
        ids = [s.strip() for s in stations.split(",") if s.strip()] if stations else None
        cov_si = _read_covariance(covariance) if covariance is not None else None
        if cov_si is not None:
            record["covariance_km"] = (cov_si / 1e6).tolist()
        if ref_frame not in ("EME2000", "GCRF"):
            raise InputError("--ref-frame", ref_frame, "EME2000 or GCRF")
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=not err_console.is_terminal,
        ) as progress:
            from baiterek.orbit.products import orbit_products  # numba propagator: loaded here

            summary = orbit_products(
                epoch_dt,
                r0,
                v0,
                out_dir=out,
                orbits=orbits,
                step_s=step_s,
                object_name=name,
                object_id=object_id,
                norad_id=norad_id,
                ref_frame=ref_frame,
                station_ids=ids,
                ballistic_coefficient_kg_m2=ballistic_coefficient,
                third_body=third_body,
                covariance_si=cov_si,
                input_record=record,
                progress=progress,
                ascent=ascent,
            )
        if as_json:
            summary = dict(summary)
            summary.pop("input", None)
            print_json(summary)
            return
        osc = summary["osculating"]
        console.print(
            f"epoch {summary['epoch_utc']}  perigee {osc['perigee_km']:.1f} km  apogee "
            f"{osc['apogee_km']:.1f} km  i {osc['inclination_deg']:.3f} deg  "
            f"period {osc['period_min']:.2f} min"
        )
        t = summary["tle"]
        console.print(t["line1"], highlight=False)
        console.print(t["line2"], highlight=False)
        console.print(
            f"TLE fit over {t['fit_span_s'] / 3600:g} h: RMS {t['fit_rms_km']:.3f} km, "
            f"max {t['fit_max_km']:.3f} km (B* fixed at {t['bstar_per_earth_radius']:g})"
        )
        table = Table(title="Passes")
        for col in ("station", "AOS (UTC)", "LOS (UTC)", "max el (deg)", "duration (s)"):
            table.add_column(col)
        for p in summary["passes"]["passes"]:
            table.add_row(
                p["station_id"],
                p["aos_utc"],
                p["los_utc"],
                f"{p['max_elevation_deg']:.1f}",
                f"{p['duration_s']:.0f}",
            )
        console.print(table)
        for miss in summary["stations_without_pass"]:
            err_console.print(
                f"[yellow]note:[/] {miss['station_id']} never sees the object above its "
                f"{miss['min_elevation_deg']:g} deg mask in these {orbits:g} orbits (highest "
                f"elevation {miss['highest_elevation_deg']:.1f} deg)",
                highlight=False,
            )
        console.print(f"files written to {out}")

    run_command(body, as_json)


@app.command("stations")
def stations_command(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """List the ground stations, their coordinates, masks and sources."""

    def body() -> None:
        items = catalog.stations()
        if as_json:
            print_json(
                {
                    "stations": [
                        {
                            "id": s.id,
                            "name": s.name,
                            "network": s.network,
                            "latitude_deg": s.latitude_deg,
                            "longitude_deg": s.longitude_deg,
                            "altitude_m": s.altitude_m,
                            "approximate": s.approximate,
                            "min_elevation_deg": s.min_elevation_deg,
                            "mask_deg": [list(m) for m in s.mask],
                            "source": s.source,
                        }
                        for s in items
                    ]
                }
            )
            return
        table = Table(title="Ground stations")
        for col in ("id", "name", "lat (deg)", "lon (deg)", "alt (m)", "mask (deg)", "approx."):
            table.add_column(col)
        for s in items:
            table.add_row(
                s.id,
                s.name,
                f"{s.latitude_deg:.5f}",
                f"{s.longitude_deg:.5f}",
                f"{s.altitude_m:g}",
                f"{s.min_elevation_deg:g}" + (" + table" if s.mask else ""),
                "yes" if s.approximate else "",
            )
        console.print(table)

    run_command(body, as_json)
