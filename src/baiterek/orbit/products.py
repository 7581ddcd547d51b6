"""Orbit handover products from an insertion state: OPM, OEM, TLE, passes and map files.

``orbit_products`` propagates the first orbits, fits a TLE, finds the station passes (and, when
the ascent is given, the passes during the ascent) and writes every file atomically into a folder;
it returns the summary that ``baiterek orbit --json`` prints. The CLI is a shell over it.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from rich.progress import Progress

from baiterek import catalog
from baiterek.constants import MU_EARTH
from baiterek.earth import frames
from baiterek.earth.time import offset_time, to_time, utc_iso
from baiterek.errors import InfeasibleError, InputError
from baiterek.provenance import provenance
from baiterek.serialize import to_jsonable


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
    ascent=None,
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
    el_teme = state_to_elements(*frames.gcrs_to_teme(to_time(epoch_utc), r0, v0))
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

    ascent_passes = None
    if ascent is not None:  # passes during the ascent, from the simulated Earth-fixed track
        ascent_times = offset_time(to_time(ascent.launch_time_utc), ascent.time)
        ascent_passes = find_passes(
            ascent_times, ascent.position_ecef, stations, v_itrs_m_s=ascent.velocity_ecef
        )

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
    if ascent_passes is not None:
        files["ascent_passes_csv"] = write_text_atomic(
            out_dir / "ascent_passes.csv", prov_line + ascent_passes.to_csv()
        )
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
            "frame": "TEME of the epoch (true equator, as TLEs and fly's insertion orbit)",
            "perigee_km": float(el.perigee_altitude()) / 1000.0,
            "apogee_km": float(el.apogee_altitude()) / 1000.0,
            "inclination_deg": float(np.degrees(el_teme.i)),
            "raan_deg": float(np.degrees(el_teme.raan)),
            "period_min": period_s / 60.0,
        },
        "orbits": orbits,
        "propagation": prop.to_json(),
        "tle": fit.to_json(),
        "passes": passes.to_json(),
        "ascent_passes": None if ascent_passes is None else ascent_passes.to_json(),
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
