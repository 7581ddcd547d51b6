"""``baiterek analyze`` (issue 13): the report renders offline with every section and plot drawn,
the PDF has a table of contents and a page per section, the handover files carry the mission id,
and the CLI's JSON is the API's ``to_json()``.

One analysis of the bundled customer example (20 Monte Carlo samples) through the API, one
through the CLI in the same process; the browser checks read the CLI's folder.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import baiterek
from baiterek.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "sunkar-customer-sso.toml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = Path(CHROMIUM).exists()
SAMPLES = 20
SECTIONS = {
    "summary": "Summary",
    "contents": "Contents",
    "performance": "Performance and margin",
    "trajectory": "Reference trajectory and flight sequence",
    "accuracy": "Injection accuracy",
    "separation": "Separation and collision avoidance",
    "windows": "Launch window",
    "safety": "Fall zones",
    "coverage": "Ground-station visibility",
    "orbit": "Orbit products and handover files",
    "vehicle-data": "Vehicle data: sources and grades",
    "calibration": "Calibration versus prediction",
    "provenance": "Provenance",
}
PLOTS = ("plot-performance-curve", "plot-trajectory", "plot-dispersion", "plot-separation",
         "plot-windows", "plot-safety-map", "plot-coverage")  # fmt: skip
TIMES = ("stage_times_s",)  # wall times differ between two runs; everything else must not


def _analyse_once(shared: Path) -> None:
    """The API run, the CLI run and a rerun into a copy of the CLI's folder, done once."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the same created_utc in both runs
    try:
        api = baiterek.analyze(EXAMPLE, samples=SAMPLES)
        res = CliRunner().invoke(
            app, ["analyze", str(EXAMPLE), "--samples", str(SAMPLES), "--out",
                  str(shared / "out"), "--json"],
        )  # fmt: skip
    finally:
        mp.undo()
    assert res.exit_code == 0, res.output
    again = shared / "again"
    shutil.copytree(shared / "out", again)
    (again / "steppe-eo-1.tle").unlink()  # a file of the previous run, gone missing
    (again / "notes-of-the-customer.txt").write_text("not ours")
    api.write(again, pdf=False)  # the same analysis, this time without the PDF
    (shared / "api.json").write_text(json.dumps(api.to_json()))
    (shared / "cli.json").write_text(res.stdout)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """(API document, CLI document, CLI folder, rerun folder). Under pytest-xdist the workers
    share one run (a file lock in the session's common temporary folder), so the analysis is
    computed once whichever worker gets which test."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "analyze-run"
    shared.mkdir(exist_ok=True)
    with open(shared.parent / "analyze-run.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "cli.json").is_file():
            _analyse_once(shared)
    api = json.loads((shared / "api.json").read_text())
    cli = json.loads((shared / "cli.json").read_text())
    return api, cli, shared / "out", shared / "again"


def test_cli_json_is_the_api_document(runs):
    api, shared, _, _ = runs
    cli = copy.deepcopy(shared)
    files = cli.pop("files")
    assert cli.pop("report_pdf")["made"] is HAS_CHROMIUM
    doc = copy.deepcopy(api)
    for k in TIMES:
        assert set(doc[k]) == set(cli.pop(k)) == set(baiterek.api.ANALYSIS_STAGES)
        doc.pop(k)
    assert cli == doc
    assert doc["feasible"] is True and doc["why_not"] is None
    assert doc["summary"]["margin_kg"] > 0 and doc["summary"]["samples"] == SAMPLES
    assert "report.html" in files and "manifest.json" in files


def test_handover_files_with_the_mission_id_and_manifest(runs):
    _, cli, out, _ = runs
    mid = cli["mission_id"]
    assert mid == "steppe-eo-1"
    for suffix in ("-opm.txt", ".oem", ".tle", ".kml", ".czml", "-passes.csv",
                   "-separation.csv", "-windows.ics", "-impacts.csv", "-trajectory.csv"):  # fmt: skip
        assert (out / f"{mid}{suffix}").is_file(), suffix
    manifest = json.loads((out / "manifest.json").read_text())
    names = {e["name"]: e for e in manifest["files"]}
    assert set(names) | {"manifest.json"} == {p.name for p in out.iterdir()}
    assert all(e["what"] and len(e["sha256"]) == 64 for e in names.values())
    assert "OPM" in names[f"{mid}-opm.txt"]["what"]
    opm = (out / f"{mid}-opm.txt").read_text()
    assert "OBJECT_NAME" in opm and "STEPPE-EO-1" in opm and "COVARIANCE" in opm.upper()
    assert manifest["provenance"]["command"] == "analyze"
    assert manifest["provenance"]["seed"] == 1  # the example's [analysis] seed


def test_rerun_replaces_the_files_and_leaves_no_stale_one(runs):
    _, _, _, again = runs
    manifest = json.loads((again / "manifest.json").read_text())
    names = {e["name"] for e in manifest["files"]}
    assert "report.pdf" not in names and not (again / "report.pdf").exists()  # stale: removed
    assert (again / "steppe-eo-1.tle").is_file()
    assert (again / "notes-of-the-customer.txt").read_text() == "not ours"  # never ours to delete


@pytest.mark.skipif(not HAS_CHROMIUM, reason="no headless Chromium on this machine")
def test_report_renders_offline_every_section_and_plot_drawn(runs):
    from playwright.sync_api import sync_playwright

    _, _, out, _ = runs
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: requests.append(r.url))
        page.goto((out / "report.html").as_uri())
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".every(d => d.querySelector('.main-svg'))", timeout=60_000)  # fmt: skip
        titles = page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('section')]"
            ".map(s => [s.id, s.querySelector('h1').textContent]))")  # fmt: skip
        drawn = page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')].map(d =>"
            " [d.id, d.querySelectorAll('.scatterlayer path, .geolayer path, .bars path').length]))"
        )  # fmt: skip
        land = page.locator(
            "#plot-safety-map .geo .layer.land path, #plot-safety-map .geo path.land"
        ).count()
        skipped = page.locator(".skipped").count()
        browser.close()
    assert not errors, errors
    assert all(u.startswith(("file://", "data:", "about:")) for u in requests), requests
    assert titles == SECTIONS
    assert skipped == 0
    assert set(PLOTS) <= set(drawn) and all(drawn[k] > 0 for k in PLOTS), drawn
    assert land > 0  # the basemap was drawn, from the inlined Natural Earth data


@pytest.mark.skipif(not HAS_CHROMIUM, reason="no headless Chromium on this machine")
def test_pdf_has_a_table_of_contents_and_a_page_per_section(runs):
    from pypdf import PdfReader

    _, cli, out, _ = runs
    assert "report.pdf" in cli["files"]
    reader = PdfReader(out / "report.pdf")
    top = [o for o in reader.outline if not isinstance(o, list)]
    pages = {o.title: reader.get_destination_page_number(o) for o in top}
    assert list(pages) == list(SECTIONS.values())  # the outline (bookmarks) is the contents
    starts = list(pages.values())
    assert starts == sorted(set(starts)) and len(reader.pages) >= len(SECTIONS)  # a page each
    assert "page 1 of" in reader.pages[0].extract_text()  # page numbers in the footer
    text = reader.pages[starts[1]].extract_text()  # the contents page, with the page numbers
    for title, page in list(pages.items())[2:]:
        assert f"{title} {page + 1}" in text, (title, page + 1, text)
