"""`baiterek postflight`: the envelope from a dispersion folder, the telemetry section, files,
and mistakes (exit 2, no files).

References: a dispersion folder written here with a known envelope (mean and sigma chosen, so
the deviations are known: (achieved - mean) / sigma), and the CRS-16 example of
test_compare.py for the telemetry part.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
CRS16 = ROOT / "examples" / "falcon-9-crs16.toml"
TEL = ROOT / "examples" / "telemetry" / "f9-crs16-telemetry.csv"


def run(*args):
    return subprocess.run([sys.executable, "-m", "baiterek.cli", *args], capture_output=True,
                          text=True)  # fmt: skip


@pytest.fixture()
def envelope(tmp_path):
    d = tmp_path / "mc"
    d.mkdir()
    inj = {"perigee_km": {"mean": 199.0, "sigma": 2.0}, "apogee_km": {"mean": 360.0, "sigma": 5.0},
           "inclination_deg": {"mean": 51.6, "sigma": 0.01}}  # fmt: skip
    doc = {"mission": "test envelope", "samples": 100, "seed": 1, "evaluator": "test",
           "injection": inj, "provenance": {"input_sha256": "0" * 64}}  # fmt: skip
    (d / "dispersion.json").write_text(json.dumps(doc))
    return d


def test_postflight_json_files_and_telemetry(tmp_path, envelope):
    out = tmp_path / "pf"
    r = run("postflight", str(CRS16), "--achieved", "201x370@51.65", "--dispersion",
            str(envelope), "--telemetry", str(TEL), "--event", "stage2_cutoff=535", "--out",
            str(out), "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    dev = {e["element"]: e["deviation_sigma"] for e in doc["elements"]}
    assert dev["perigee_km"] == pytest.approx((201 - 199) / 2.0, abs=1e-9)
    assert dev["apogee_km"] == pytest.approx((370 - 360) / 5.0, abs=1e-9)
    assert dev["inclination_deg"] == pytest.approx((51.65 - 51.6) / 0.01, abs=1e-6)
    assert doc["outside"] == ["inclination_deg"] and not doc["within_envelope"]
    assert "outside" in doc["verdict"] and "inclination" in doc["verdict"]
    assert [e["name"] for e in doc["telemetry"]["at_events"]][0] == "stage1_cutoff"
    assert set(doc["files"]) >= {"postflight_html", "postflight_json", "compare_html"}
    page = (out / "postflight.html").read_text()
    manifest = json.loads((out / "manifest.json").read_text())  # staged, like every command
    assert {f["name"] for f in manifest["files"]} >= {"postflight.html", "compare.html"}
    # the mission analysis report's format: its title block, contents, sections, inlined figures
    from baiterek.report.assemble import CSS

    assert CSS in page and '<section id="contents"' in page
    for sid in ("summary", "orbit", "telemetry", "provenance"):
        assert f'<section id="{sid}"' in page
    assert "OUTSIDE THE ENVELOPE" in page and "compare.html" in page
    assert 'id="postflight-deviation"' in page and 'id="postflight-telemetry"' in page
    assert "<script src=" not in page and "<link" not in page  # offline: nothing fetched
    from baiterek.report.pdf import chromium_path

    if chromium_path() is not None:  # CI installs Debian's chromium (.ci/run)
        assert (out / "postflight.pdf").read_bytes()[:5] == b"%PDF-"
        assert "postflight.pdf" in {f["name"] for f in manifest["files"]}


def test_postflight_no_pdf_and_no_telemetry(tmp_path, envelope):
    out = tmp_path / "pf"
    r = run("postflight", str(CRS16), "--achieved", "199x360@51.6", "--dispersion",
            str(envelope), "--no-pdf", "--out", str(out), "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["within_envelope"] and doc["telemetry"] is None
    assert not (out / "postflight.pdf").exists()
    page = (out / "postflight.html").read_text()
    assert "WITHIN THE ENVELOPE" in page and "no telemetry table was given" in page
    assert "postflight.pdf" not in page


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--achieved", "200@51.6"], "--achieved"),
        (["--achieved", "200x240@51.6", "--dispersion", "nowhere"], "--dispersion"),
    ],
)
def test_postflight_mistakes(tmp_path, args, needle):
    out = tmp_path / "pf"
    r = run("postflight", str(CRS16), "--out", str(out), *args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_report_says_when_an_event_has_no_telemetry_row(tmp_path, envelope):
    """Without rows at MECO and second-stage ignition their telemetry values are interpolated
    across the kink (compare's notes, test_compare.py): the report's telemetry section says so."""
    from baiterek import api

    rows = [r for r in TEL.read_text().splitlines() if not r.startswith(("145,", "156,"))]
    thin = tmp_path / "thin.csv"
    thin.write_text("\n".join(rows) + "\n")
    pf = api.postflight(CRS16, "199x360@51.6", telemetry=thin, dispersion=envelope)
    pf.write(tmp_path / "pf", pdf=False)
    page = (tmp_path / "pf" / "postflight.html").read_text()
    assert "stage1_cutoff: no telemetry row within 1 s" in page
    assert "stage2_ignition: no telemetry row within 1 s" in page
