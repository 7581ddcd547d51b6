"""A flown configuration still reaches its orbit; `baiterek compare` and `api.compare`.

References: the mission files' own targets and configured times (examples/falcon-9-crs16.toml:
MECO T+145 s, second-stage ignition T+156 s, 199.3 x 363.9 km at 51.6 deg), the guidance
tolerances of the examples (1 km, 0.02 deg: test_examples_reach_orbit.py), and the catalog's
stage 1 (falcon-9.toml): what it drops at separation is its dry mass plus the propellant left
by the early MECO and the file's throttle profile (loaded minus flow x the integral of the
throttle ratio to the catalog's 0.94 up to 145 s).
"""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from baiterek import api, catalog

ROOT = Path(__file__).parents[2]
CRS16 = ROOT / "examples" / "falcon-9-crs16.toml"
TEL = ROOT / "examples" / "telemetry" / "f9-crs16-telemetry.csv"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "baiterek.cli", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture(scope="module")
def result():
    return api.compare(CRS16, TEL, events={"stage2_cutoff": 535.0})


def test_configured_flight_is_guided_to_its_orbit(result):
    tr = result.trajectory
    ins = tr.insertion
    assert tr.status == "inserted"
    assert ins.perigee_altitude / 1e3 == pytest.approx(199.3, abs=1.0)
    assert ins.apogee_altitude / 1e3 == pytest.approx(363.9, abs=1.0)
    assert np.degrees(ins.inclination) == pytest.approx(51.6, abs=0.02)
    t = {e.name: e.time for e in tr.events}
    assert t["stage1_cutoff"] == pytest.approx(145.0, abs=1e-6)
    assert t["stage2_ignition"] == pytest.approx(156.0, abs=1e-6)
    assert "fairing_jettison" not in t  # Dragon: no fairing
    s1 = catalog.vehicle("falcon-9").stage("stage1")
    rows = tomllib.loads(CRS16.read_text())["configuration"]["throttle_profile"]["stage1"]
    edges = [t for t, _ in rows] + [145.0]  # each row holds until the next; MECO at 145 s
    burn_s = sum(k / s1.throttle * (b - a) for (a, k), b in zip(rows, edges[1:], strict=True))
    dropped = s1.dry_mass_kg + s1.propellant_mass_kg - s1.mass_flow * burn_s
    # coasting from MECO (145 s) to second-stage ignition (156 s): the mass steps only there
    t_sep = t["stage1_separation"]
    m_before = float(tr.mass[tr.time < t_sep - 0.5][-1])
    m_after = float(tr.mass[tr.time > t_sep + 0.5][0])
    assert m_before - m_after == pytest.approx(dropped, abs=1e-6)


def test_api_result_and_document(result):
    doc = result.to_json()
    names = [e["name"] for e in doc["at_events"]]
    assert names == ["stage1_cutoff", "stage2_ignition", "stage2_cutoff"]
    seco = doc["at_events"][-1]
    assert seco["basis"] == "event" and seco["telemetry_time_s"] == 535.0
    for key in ("name", "time_s", "altitude_error_km", "speed_error_m_s", "altitude_error_pct",
                "speed_error_pct"):  # fmt: skip
        assert all(key in e for e in doc["at_events"])
    rows = len(TEL.read_text().splitlines()) - 1  # CSV rows (57: 10 s marks, MECO, SES-1, last)
    assert rows == 57
    assert len(doc["samples"]) + doc["samples_outside_flight"] == rows
    assert result.to_frame().shape[0] == len(doc["samples"])
    assert "stage1_cutoff" in repr(result)
    with pytest.raises(AttributeError):
        result.mission_name = "x"  # frozen


def test_cli_json_and_files(tmp_path):
    out = tmp_path / "cmp"
    r = run("compare", str(CRS16), "--telemetry", str(TEL), "--event", "stage2_cutoff=535",
            "--out", str(out), "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc["files"]) == {"compare_html", "compare_csv", "compare_json"}
    html = (out / "compare.html").read_text()
    assert "plotly" in html and "https://cdn" not in html[:5000]  # inlined, offline
    assert (out / "compare.csv").read_text().startswith("time_s,altitude_km,")
    assert json.loads((out / "compare.json").read_text())["at_events"] == doc["at_events"]
    # written through the staged output like every command: the manifest lists every file
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["provenance"]["command"] == "compare"
    assert {f["name"] for f in manifest["files"]} >= {"compare.html", "compare.csv", "compare.json"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--event", "meco=145"], "--event"),
        (["--event", "stage2_cutoff"], "NAME=SECONDS"),
        (["--speed-column", "speed_mph"], "--speed-column"),
    ],
)
def test_cli_mistakes_exit_2_without_files(tmp_path, args, needle):
    out = tmp_path / "cmp"
    r = run("compare", str(CRS16), "--telemetry", str(TEL), "--out", str(out), *args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_bad_configuration_key_exits_2(tmp_path):
    bad = tmp_path / "m.toml"
    bad.write_text(CRS16.read_text().replace("cutoff_s = { stage1 = 145.0 }",
                                             "cutoff_s = { stage1 = 400.0 }"))  # fmt: skip
    r = run("compare", str(bad), "--telemetry", str(TEL), "--out", str(tmp_path / "o"))
    assert r.returncode == 2
    assert "configuration.cutoff_s.stage1" in r.stderr and "runs out" in r.stderr


def test_an_event_between_rows_is_flagged(tmp_path):
    """Without its own row an event's telemetry value is interpolated across its kink: CRS-16's
    MECO (T+145 s) between the 140 s and 150 s rows reads 1,556 m/s where the overlay showed
    1,624 m/s (examples/telemetry/README.md); the document says so and names the event."""
    rows = [r for r in TEL.read_text().splitlines() if not r.startswith(("145,", "156,"))]
    thin = tmp_path / "thin.csv"
    thin.write_text("\n".join(rows) + "\n")
    doc = api.compare(CRS16, thin, events={"stage2_cutoff": 535.0}).to_json()
    by = {e["name"]: e for e in doc["at_events"]}
    assert by["stage1_cutoff"]["telemetry_sample_offset_s"] == 5.0
    assert by["stage1_cutoff"]["telemetry_speed_m_s"] == pytest.approx(
        0.5 * (1516.4 + 1595.3), abs=0.01
    )
    assert any(n.startswith("stage1_cutoff: no telemetry row within 1 s") for n in doc["notes"])
    full = api.compare(CRS16, TEL, events={"stage2_cutoff": 535.0}).to_json()
    assert not any(n.startswith(("stage1_cutoff", "stage2_ignition")) for n in full["notes"])
