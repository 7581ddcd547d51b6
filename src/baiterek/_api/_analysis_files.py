"""The files of a mission analysis: the report, its document and the handover files.

Every file goes through :func:`baiterek.export.output.staged_output` (one staging folder, moved
into place with ``manifest.json`` saying what each file is; a rerun removes its stale files).
Each section's own writer (``export``) writes into a scratch folder inside the staging folder;
the files the customer receives are then renamed to ``<mission-id>-...`` (``<id>-opm.txt``,
``<id>.oem``, ``<id>.tle``, ``<id>.kml``, ``<id>.czml``, ...) and the scratch folder removed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

AnalysisResult = Any
"""``baiterek._api.analyze.AnalysisResult`` (not imported: analyze imports this module)."""

# (section, file name its writer uses) -> (name after the mission id, what it is)
HANDOVER_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("orbit", "insertion.opm"): ("-opm.txt", "CCSDS OPM (KVN): state at separation, elements, covariance"),
    ("orbit", "insertion.opm.xml"): ("-opm.xml", "CCSDS OPM (XML), same content as the KVN one"),
    ("orbit", "orbit.oem"): (".oem", "CCSDS OEM (KVN): ephemeris over the first orbits"),
    ("orbit", "orbit.oem.xml"): ("-oem.xml", "CCSDS OEM (XML), same content as the KVN one"),
    ("orbit", "object.tle"): (".tle", "two-line elements fitted to the numerical orbit (SGP4)"),
    ("orbit", "passes.csv"): ("-passes.csv", "ground-station passes over the first orbits (AOS, LOS, max elevation)"),
    ("orbit", "ascent_passes.csv"): ("-ascent-passes.csv", "ground-station visibility during the ascent"),
    ("orbit", "track.geojson"): ("-track.geojson", "ground track of the first orbits (GeoJSON)"),
    ("orbit", "track.kml"): (".kml", "ground track and 3D orbit (KML, Google Earth)"),
    ("orbit", "track.czml"): (".czml", "orbit for Cesium (CZML)"),
    ("flight", "trajectory.csv"): ("-trajectory.csv", "nominal ascent: time series, SI and km/deg (CSV)"),
    ("flight", "trajectory.parquet"): ("-trajectory.parquet", "nominal ascent: time series (Parquet)"),
    ("flight", "events.csv"): ("-events.csv", "flight sequence: events with time, altitude, speed, loads"),
    ("flight", "ground_track.geojson"): ("-ascent-track.geojson", "ascent ground track and IIP (GeoJSON)"),
    ("safety", "impacts.csv"): ("-impacts.csv", "impact points of the jettisoned bodies and their zones"),
    ("safety", "safety.geojson"): ("-fall-zones.geojson", "fall zones, impacts, footprints (GeoJSON)"),
    ("safety", "safety.kml"): ("-fall-zones.kml", "fall zones, impacts, footprints (KML)"),
    ("safety", "safety.czml"): ("-fall-zones.czml", "fall zones, impacts, footprints (CZML)"),
    ("safety", "notices.txt"): ("-notices.txt", "notices for air and maritime traffic (draft)"),
    ("windows", "windows.csv"): ("-windows.csv", "launch windows, one row per day (CSV)"),
    ("windows", "windows.ics"): ("-windows.ics", "launch windows as calendar events (RFC 5545)"),
    ("dispersion", "samples.parquet"): ("-monte-carlo.parquet", "Monte Carlo samples: drawn inputs and outputs"),
}  # fmt: skip

REPORT_FILES = {
    "report.html": "the mission analysis report (one self-contained offline HTML file)",
    "report.pdf": "the mission analysis report printed to PDF (headless Chromium)",
    "analysis.json": "the analysis document (baiterek analyze --json) with the files written",
}


def _section_files(r: AnalysisResult, part: Path) -> None:
    """Each section's writer into ``part/<section>``."""
    from baiterek.export.ascent_files import write_ascent_files
    from baiterek.export.dispersion_files import write_dispersion_files
    from baiterek.export.handover import write_handover
    from baiterek.export.safety_files import write_safety_files
    from baiterek.export.windows import write_window_files

    if r.orbit is not None:
        write_handover(r.orbit.handover, part / "orbit")
    if r.flight is not None:
        write_ascent_files(r.flight.trajectory, part / "flight", r.flight.to_json())
    if r.safety is not None:
        write_safety_files(r.safety.result, part / "safety")
    if r.windows is not None:
        write_window_files(r.windows.to_json(), part / "windows", "windows", r.windows.name)
    if r.dispersion is not None:
        write_dispersion_files(r.dispersion.analysis, part / "dispersion")


def write_analysis(r: AnalysisResult, out_dir: Path, *, pdf: bool = True) -> dict[str, str]:
    """Write the analysis into ``out_dir`` (module doc); {file name: final path}."""
    from baiterek.export.output import check_out_dir, staged_output
    from baiterek.report import pdf as report_pdf
    from baiterek.report.assemble import report_html
    from baiterek.serialize import to_jsonable

    out = check_out_dir(out_dir, "out")
    doc = r.to_json()
    mid = doc["mission_id"]
    describe: dict[str, str] = {}
    # the manifest's provenance; whether the PDF was made is added to it before the move
    prov: dict[str, Any] = dict(doc["provenance"])
    with staged_output(out, prov, describe, flag="out") as stage:
        part = stage / ".parts"
        _section_files(r, part)
        for (section, name), (suffix, what) in HANDOVER_NAMES.items():
            src = part / section / name
            if src.is_file():
                final = f"{mid}{suffix}"
                src.replace(stage / final)
                describe[final] = what
        if r.separation is not None:
            final = f"{mid}-separation.csv"
            r.separation.to_frame().to_csv(stage / final, index=False)
            describe[final] = (
                "upper stage relative to the payload after separation (t, distance, radial, along, cross; m)"
            )
        shutil.rmtree(part, ignore_errors=True)
        listing = {
            **describe,
            **REPORT_FILES,
            "manifest.json": "each file's SHA-256 and what it is",
        }
        if not pdf:
            listing.pop("report.pdf")
        html = report_html(r, listing)
        (stage / "report.html").write_text(html, encoding="utf-8")
        describe["report.html"] = REPORT_FILES["report.html"]
        pdf_note = "not requested"
        if pdf:
            made, pdf_note = report_pdf.print_pdf(stage / "report.html", stage / "report.pdf")
            if made:
                describe["report.pdf"] = REPORT_FILES["report.pdf"]
        files = sorted([*describe, "analysis.json"])
        pdf_status = {"made": (stage / "report.pdf").is_file(), "note": pdf_note}
        prov["report_pdf"] = pdf_status
        full: dict[str, Any] = {
            **doc,
            "report_pdf": pdf_status,
            "files": [*files, "manifest.json"],
        }
        (stage / "analysis.json").write_text(
            json.dumps(to_jsonable(full), indent=2) + "\n", encoding="utf-8"
        )
        describe["analysis.json"] = REPORT_FILES["analysis.json"]
    return {name: str(out / name) for name in [*files, "manifest.json"]}  # {name: final path}
