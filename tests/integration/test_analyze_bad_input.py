"""``baiterek analyze`` on missions it cannot fly (a report, exit 0, ``feasible: false``, what
would work) and on malformed input (exit 2, one message naming the key, no files)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import baiterek
from baiterek.cli import app

HEAVY = """
[mission]
name = "too heavy"
vehicle = "sunkar"
site = "baikonur-45-1"
[target]
kind = "circular"
altitude_km = 400
inclination_deg = 51.6
[customer]
name = "Test customer (fictional)"
[spacecraft]
name = "BIG-SAT"
mass_kg = 30000
"""


def invoke(*args):
    return CliRunner().invoke(app, ["analyze", *map(str, args)])


def test_too_heavy_still_gets_a_report_saying_what_would_work(tmp_path, monkeypatch):
    monkeypatch.setenv("BAITEREK_CHROMIUM", str(tmp_path / "no-chromium"))  # the HTML-only path
    (tmp_path / "heavy.toml").write_text(HEAVY)
    out = tmp_path / "out"
    res = invoke(tmp_path / "heavy.toml", "--samples", 10, "--out", out, "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["feasible"] is False
    heaviest = doc["what_would_work"]["heaviest_payload_kg"]
    assert 0 < heaviest < 30000 and doc["summary"]["margin_kg"] == pytest.approx(
        heaviest - 30000, abs=0.2
    )
    assert "heavier than the maximum" in doc["why_not"]
    assert doc["trajectory"] is None and "not feasible" in doc["skipped"]["flight"]
    html = (out / "report.html").read_text()
    assert "NOT FEASIBLE" in html and "What would work" in html
    assert doc == json.loads((out / "analysis.json").read_text())  # --json prints that file
    assert doc["report_pdf"]["made"] is False and "no Chromium" in doc["report_pdf"]["note"]
    assert "report.pdf" not in doc["files"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["provenance"]["report_pdf"]["made"] is False
    assert not (out / "report.pdf").exists()


def test_orbit_out_of_reach_names_the_reachable_limit(tmp_path):
    """Through the API: the result object's summary, table and repr say the same."""
    text = HEAVY.replace("altitude_km = 400", "altitude_km = 20000").replace("30000", "1000")
    (tmp_path / "far.toml").write_text(text)
    r = baiterek.analyze(tmp_path / "far.toml", samples=10, out=tmp_path / "out", pdf=False)
    doc = r.to_json()
    assert r.feasible is False and doc["feasible"] is False
    assert doc["summary"]["max_payload_kg"] is None
    assert "highest circular orbit" in doc["what_would_work"]["text"]
    assert "NOT FEASIBLE" in repr(r) and "highest circular orbit" in r.summary()
    table = r.to_frame()
    assert list(table.columns) == ["item", "value", "unit"]
    assert table.set_index("item").loc["feasible", "value"] == "no"
    assert r.flight is None and "not feasible" in r.skipped["flight"]
    with pytest.raises(TypeError):
        r.skipped["flight"] = "changed"  # type: ignore[index]
    assert (tmp_path / "out" / "report.html").is_file()
    assert not (tmp_path / "out" / "report.pdf").exists()


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (("[spacecraft]", "[spacecraft]\ncolour = 'red'"), "spacecraft.colour"),
        (("[customer]", "[customer]\nname = ''\n[x]"), "customer.name"),
        (("mass_kg = 30000", "mass_kg = -1"), "spacecraft.mass_kg"),
        (("[customer]", "[analysis]\nstations = ['nowhere']\n[customer]"), "analysis.stations"),
        (
            ("[customer]", "[separation]\ndirection = 'sideways'\n[customer]"),
            "separation.direction",
        ),
        (("[customer]", "[analysis]\nsamples = true\n[customer]"), "analysis.samples"),
    ],
)
def test_malformed_mission_exit_2_no_files(tmp_path, edit, field):
    (tmp_path / "bad.toml").write_text(HEAVY.replace(*edit, 1))
    out = tmp_path / "out"
    res = invoke(tmp_path / "bad.toml", "--out", out, "--json")
    assert res.exit_code == 2, res.output
    err = json.loads(res.stdout)["error"]
    assert err["field"].startswith(field), err
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "bad.toml"]


@pytest.mark.parametrize(
    ("args", "flag"),
    [(["--kind", "draft"], "--kind"), (["--samples", "3"], "--samples")],
)
def test_bad_options_exit_2_no_files(tmp_path, args, flag):
    (tmp_path / "m.toml").write_text(HEAVY)
    res = invoke(tmp_path / "m.toml", *args, "--out", tmp_path / "out", "--json")
    assert res.exit_code == 2, res.output
    assert json.loads(res.stdout)["error"]["field"] == flag
    assert not (tmp_path / "out").exists()
