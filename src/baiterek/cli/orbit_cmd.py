"""``baiterek orbit``: orbit products from an insertion state; ``baiterek stations``: the stations.

The orbit command starts from one of: a mission file (the insertion state of the simulated
ascent), a GCRS state vector with its epoch, or a TLE; propagates the first N orbits; and writes
the OPM, the OEM (KVN and XML), a fitted TLE, the station passes (CSV) and map files (GeoJSON,
KML, CZML), with a summary JSON that records the provenance and the SHA-256 of every file.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from baiterek import catalog
from baiterek.cli import app
from baiterek.cli._common import console, err_console, print_json, run_command, to_jsonable
from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.earth import frames
from baiterek.earth.time import parse_utc, to_time, utc_iso
from baiterek.errors import InfeasibleError, InputError
from baiterek.provenance import provenance

__all__ = ["orbit_products"]


def _insertion_from_mission(path: Path) -> tuple[datetime, np.ndarray, np.ndarray]:
    """(epoch UTC, r GCRS m, v GCRS m/s) at insertion, from the ascent simulator."""
    try:
        from baiterek.flight import fly
        from baiterek.mission import load_mission
    except ImportError:
        raise InputError(
            "MISSION",
            str(path),
            "use --state-gcrs/--epoch or --tle",
            "the ascent simulator (baiterek.mission, baiterek.flight) is not in this build",
        ) from None
    mission = load_mission(path)
    trajectory = fly(mission)
    r, v = trajectory.insertion_state_gcrs()
    return trajectory.insertion_epoch_utc, np.asarray(r, float), np.asarray(v, float)


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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def orbit_products(
    epoch_utc: datetime | str,
    r_gcrs_m,
    v_gcrs_m_s,
    *,
    out_dir: Path,
    orbits: float = 3.0,
    step_s: float = 30.0,
    object_name: str = "BAITEREK OBJECT",
    object_id: str = "2026-001A",
    norad_id: int = 99999,
    ref_frame: str = "EME2000",
    station_ids: list[str] | None = None,
    ballistic_coefficient_kg_m2: float | None = None,
    third_body: bool = False,
    covariance_si=None,
    input_record: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Propagate, fit, find passes and write every product into ``out_dir``; return the summary."""
    from baiterek.export import ccsds, maps
    from baiterek.export.files import write_text_atomic
    from baiterek.orbit.elements import state_to_elements
    from baiterek.orbit.propagate import DECAYED, FAILED, propagate
    from baiterek.orbit.tle import bstar_from_ballistic_coefficient, tle_from_state
    from baiterek.tracking.passes import find_passes

    if not (0 < orbits <= 100):
        raise InputError("--orbits", orbits, "a number of orbits in (0, 100]")
    if not (1.0 <= step_s <= 600.0):
        raise InputError("--step", step_s, "1 to 600 s")
    r0 = np.asarray(r_gcrs_m, float)
    v0 = np.asarray(v_gcrs_m_s, float)
    el = state_to_elements(r0, v0)
    if not (float(el.e) < 1.0 and float(el.a) > 0):
        raise InfeasibleError(
            "the state is not on a closed orbit (escape trajectory); nothing to propagate",
            {"eccentricity": float(el.e)},
        )
    period_s = 2 * math.pi * math.sqrt(float(el.a) ** 3 / MU_EARTH)
    stations = catalog.stations() if not station_ids else [catalog.station(s) for s in station_ids]
    t0 = to_time(epoch_utc)
    span = orbits * period_s
    t_s = np.arange(0.0, span + 1e-9, step_s)
    if t_s[-1] < span:
        t_s = np.append(t_s, span)
    prov = provenance(input_record)
    force = {"ballistic_coefficient_kg_m2": ballistic_coefficient_kg_m2, "third_body": third_body}

    def stage(text: str):
        if progress is not None:
            progress.update(task, description=text)
            progress.advance(task)

    task = progress.add_task("propagating", total=5) if progress is not None else None
    prop = propagate(t0, r0, v0, t_s, **force)
    if prop.status[0] == DECAYED:
        raise InfeasibleError(
            f"the orbit decays (altitude below {prop.force_model['floor_altitude_km']:g} km) at "
            f"{utc_iso(prop.decay_utc(0))}, {prop.decay_t_s[0] / 60:.1f} min after the epoch, "
            f"within the {orbits:g} orbits asked",
            {"decay_utc": utc_iso(prop.decay_utc(0)), "decay_after_s": float(prop.decay_t_s[0])},
        )
    if prop.status[0] == FAILED:
        raise InfeasibleError("the propagation failed (step size underflow)", {})
    times = prop.times
    r, v = prop.r_m[0], prop.v_m_s[0]

    stage("fitting TLE")
    bstar = (
        bstar_from_ballistic_coefficient(ballistic_coefficient_kg_m2)
        if ballistic_coefficient_kg_m2
        else 0.0
    )
    fit = tle_from_state(
        t0,
        r0,
        v0,
        propagation=force,
        norad_id=norad_id,
        international_designator=object_id,
        name=object_name,
        bstar=bstar,
    )

    stage("finding passes")
    r_i, v_i = frames.gcrs_to_itrs(times, r, v)
    passes = find_passes(times, r_i, stations, v_itrs_m_s=v_i)

    stage("writing files")
    out_dir = Path(out_dir)
    common = dict(
        object_name=object_name, object_id=object_id, ref_frame=ref_frame, provenance=prov
    )
    files: dict[str, Path] = {}
    files["opm_kvn"] = write_text_atomic(
        out_dir / "insertion.opm", ccsds.opm_kvn(t0, r0, v0, covariance=covariance_si, **common)
    )
    files["opm_xml"] = write_text_atomic(
        out_dir / "insertion.opm.xml",
        ccsds.opm_xml(t0, r0, v0, covariance=covariance_si, **common),
    )
    files["oem_kvn"] = write_text_atomic(
        out_dir / "orbit.oem", ccsds.oem_kvn(times, r, v, **common)
    )
    files["oem_xml"] = write_text_atomic(
        out_dir / "orbit.oem.xml", ccsds.oem_xml(times, r, v, **common)
    )
    files["tle"] = write_text_atomic(out_dir / "object.tle", fit.text())
    prov_line = "# baiterek provenance: " + json.dumps(prov, sort_keys=True) + "\n"
    files["passes_csv"] = write_text_atomic(out_dir / "passes.csv", prov_line + passes.to_csv())
    files["geojson"] = write_text_atomic(
        out_dir / "track.geojson",
        json.dumps(
            maps.geojson_track(times, r_i, name=object_name, stations=stations, provenance=prov)
        )
        + "\n",
    )
    files["kml"] = write_text_atomic(
        out_dir / "track.kml",
        maps.kml_track(times, r_i, name=object_name, stations=stations, provenance=prov),
    )
    files["czml"] = write_text_atomic(
        out_dir / "track.czml",
        json.dumps(maps.czml_track(times, r_i, name=object_name, provenance=prov)) + "\n",
    )
    stage("done")
    summary = {
        "provenance": prov,
        "input": input_record,
        "epoch_utc": utc_iso(t0, 6),
        "osculating": {
            "perigee_km": float(el.perigee_altitude()) / 1000.0,
            "apogee_km": float(el.apogee_altitude()) / 1000.0,
            "inclination_deg": float(np.degrees(el.i)),
            "period_min": period_s / 60.0,
        },
        "orbits": orbits,
        "propagation": prop.to_json(),
        "tle": fit.to_json(),
        "passes": passes.to_json(),
        "stations_without_pass": [
            {
                "station_id": st.id,
                "min_elevation_deg": st.min_elevation_deg,
                "highest_elevation_deg": passes.highest_elevation_deg[st.id],
            }
            for st in stations
            if not passes.for_station(st.id)
        ],
        "ref_frame": ref_frame,
        "files": {k: {"path": str(p), "sha256": _sha256(p)} for k, p in files.items()},
    }
    write_text_atomic(out_dir / "summary.json", json.dumps(to_jsonable(summary), indent=2) + "\n")
    return summary


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
        if mission is not None:
            if not mission.is_file():
                raise InputError("MISSION", str(mission), "an existing mission TOML file")
            epoch_dt, r0, v0 = _insertion_from_mission(mission)
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
