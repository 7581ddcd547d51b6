"""Write an orbit handover (``orbit.handover.Handover``) as files a control centre reads.

OPM and OEM (CCSDS, KVN and XML), the fitted TLE, the passes (CSV), the ground track (GeoJSON,
KML, CZML) and ``summary.json`` (the handover document, its input record and the SHA-256 of
every file). Every text is built before the first file is written; each is written atomically.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from baiterek.export import ccsds, maps
from baiterek.export.files import write_text_atomic
from baiterek.orbit.handover import Handover
from baiterek.serialize import to_jsonable


def files_record(files: dict[str, Path], *, names: bool = False) -> dict[str, dict[str, str]]:
    """{kind: {"path", "sha256"}} of written files (what --json lists; ``names``: the file names
    relative to the folder, what summary.json lists)."""
    return {
        k: {
            "path": p.name if names else str(p),
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
        }
        for k, p in files.items()
    }


def write_handover(h: Handover, out_dir: str | Path) -> dict[str, Path]:
    """Write every product of ``h`` into ``out_dir``; return {kind: path} (summary.json aside)."""
    out = Path(out_dir)
    prov = h.provenance
    common: dict[str, Any] = dict(
        object_name=h.object_name, object_id=h.object_id, ref_frame=h.ref_frame, provenance=prov
    )
    t0, r0, v0, cov = h.epoch, h.r0_gcrs_m, h.v0_gcrs_m_s, h.covariance_si
    times, r, v, r_i = h.times, h.r_gcrs_m, h.v_gcrs_m_s, h.r_itrs_m
    stations = list(h.stations)
    texts: dict[str, tuple[str, str]] = {
        "opm_kvn": ("insertion.opm", ccsds.opm_kvn(t0, r0, v0, covariance=cov, **common)),
        "opm_xml": ("insertion.opm.xml", ccsds.opm_xml(t0, r0, v0, covariance=cov, **common)),
        "oem_kvn": ("orbit.oem", ccsds.oem_kvn(times, r, v, **common)),
        "oem_xml": ("orbit.oem.xml", ccsds.oem_xml(times, r, v, **common)),
        "tle": ("object.tle", h.fit.text()),
        "passes_csv": ("passes.csv", h.passes.to_csv()),
    }
    if h.ascent_passes is not None:
        texts["ascent_passes_csv"] = ("ascent_passes.csv", h.ascent_passes.to_csv())
    texts["geojson"] = (
        "track.geojson",
        json.dumps(
            maps.geojson_track(times, r_i, name=h.object_name, stations=stations, provenance=prov)
        )
        + "\n",
    )
    texts["kml"] = (
        "track.kml",
        maps.kml_track(times, r_i, name=h.object_name, stations=stations, provenance=prov),
    )
    texts["czml"] = (
        "track.czml",
        json.dumps(maps.czml_track(times, r_i, name=h.object_name, provenance=prov)) + "\n",
    )
    files = {k: write_text_atomic(out / name, text) for k, (name, text) in texts.items()}
    summary = {**h.to_json(), "input": h.input_record, "files": files_record(files, names=True)}
    write_text_atomic(out / "summary.json", json.dumps(to_jsonable(summary), indent=2) + "\n")
    return files
