"""``baiterek safety``: the JSON document, the files, and bad input (exit 2, no files)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from baiterek.catalog.zones import zones

SOYUZ = """
[mission]
name = "Soyuz-2.1b to 200 km, 51.6 deg"
vehicle = "soyuz-2.1b"
site = "baikonur-31-6"
payload_kg = 7000
launch_time_utc = "2027-03-01T06:00:00Z"
[target]
kind = "circular"
altitude_km = 200
inclination_deg = 51.6
"""


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "baiterek.cli", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture(scope="module")
def soyuz_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("safety")
    mission = d / "soyuz.toml"
    mission.write_text(SOYUZ)
    p = run_cli("safety", str(mission), "--out", str(d / "out"), "--json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout), d / "out"


def test_json_document_has_the_issue_keys(soyuz_run):
    doc, _ = soyuz_run
    keys = {"name", "kind", "status", "separation_time_s", "impact_time_s", "impact_latitude_deg",
            "impact_longitude_deg", "downrange_km", "zone", "inside", "margin_km"}  # fmt: skip
    names = [b["name"] for b in doc["bodies"]]
    assert names[:5] == ["booster-b", "booster-v", "booster-g", "booster-d", "core"]
    for b in doc["bodies"]:
        assert keys <= set(b)
        assert b["kind"] in ("booster", "stage", "fairing", "other")
        assert b["status"] in ("impact", "orbital")
    stage3 = next(b for b in doc["bodies"] if b["name"] == "stage3")
    assert stage3["status"] == "orbital" and stage3["orbit"]["perigee_km"] > 100


def test_files_written_and_read_back(soyuz_run):
    gpd = pytest.importorskip("geopandas")
    doc, out = soyuz_run
    for k in ("impacts_csv", "safety_geojson", "safety_kml", "safety_czml", "notices_txt",
              "safety_html"):  # fmt: skip
        assert Path(doc["files"][k]).is_file(), k
    g = gpd.read_file(doc["files"]["safety_geojson"])
    imp = g[g["layer"] == "impact"].set_index("name")
    b = next(x for x in doc["bodies"] if x["name"] == "core")
    assert imp.loc["core"].geometry.y == pytest.approx(b["impact_latitude_deg"], abs=1e-5)
    assert {"ground_track", "iip_track", "zone", "footprint"} <= set(g["layer"])
    assert "NOTICE 1/" in Path(doc["files"]["notices_txt"]).read_text()
    etree = pytest.importorskip("lxml.etree")
    fastkml = pytest.importorskip("fastkml")
    schema = etree.XMLSchema(
        etree.parse(str(Path(fastkml.__file__).parent / "schema" / "ogckml22.xsd"))
    )
    assert schema.validate(etree.parse(doc["files"]["safety_kml"])), schema.error_log


def test_table_output(tmp_path):
    # the bundled Sunkar mission: no zone assigned, the statement and the nearest zones printed
    p = run_cli("safety", "--out", str(tmp_path / "o"))
    assert p.returncode == 0, p.stderr
    assert "stage1" in p.stdout and "no fall area is assigned" in p.stdout
    assert "candidate zones: candidate-sunkar-stage1" in p.stdout


def _bad_zones(tmp_path) -> Path:
    doc = zones().to_geojson()
    doc["features"][0]["geometry"]["coordinates"][0][5] = [66.9, 147.4]  # latitude out of range
    p = tmp_path / "bad.geojson"
    p.write_text(json.dumps(doc))
    return p


def test_malformed_zones_file_exit_2_no_files(tmp_path):
    mission = tmp_path / "soyuz.toml"
    mission.write_text(SOYUZ)
    out = tmp_path / "out"
    p = run_cli("safety", str(mission), "--zones", str(_bad_zones(tmp_path)), "--out", str(out),
                "--json")  # fmt: skip
    assert p.returncode == 2
    err = json.loads(p.stdout)["error"]
    assert err["field"] == "bad.geojson.features[0].geometry.coordinates[0][5]"
    assert "Traceback" not in p.stderr and p.stderr.count("error:") == 1
    assert not out.exists()


def test_route_without_zones_exit_2(tmp_path):
    doc = zones().to_geojson()
    doc["sites"] = ["plesetsk-43-4"]
    z = tmp_path / "plesetsk.geojson"
    z.write_text(json.dumps(doc))
    mission = tmp_path / "soyuz.toml"
    mission.write_text(SOYUZ)
    p = run_cli("safety", str(mission), "--zones", str(z), "--out", str(tmp_path / "out"))
    assert p.returncode == 2 and "mission.site" in p.stderr and "baikonur-31-6" in p.stderr
    assert not (tmp_path / "out").exists()


def test_bad_backup_days_exit_2(tmp_path):
    p = run_cli("safety", "--backup-days", "40", "--out", str(tmp_path / "o"))
    assert p.returncode == 2 and "--backup-days" in p.stderr
