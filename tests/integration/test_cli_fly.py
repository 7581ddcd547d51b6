"""`baiterek fly`: outputs, --json, and bad input (exit 2, one message, no traceback, no files)."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "baiterek.cli", *args], capture_output=True, text=True, cwd=cwd
    )


def test_fly_json_and_files(tmp_path):
    out = tmp_path / "out"
    # --payload-kg and --launch-time override the mission's (7,000 kg, 2027-03-01T06:00:00Z)
    r = run(
        "fly", str(EXAMPLES / "soyuz-2.1b-progress-iss.toml"), "--out", str(out), "--json",
        "--payload-kg", "6800", "--launch-time", "2027-03-02T06:00:00Z",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["payload_kg"] == 6800.0 and doc["launch_time_utc"] == "2027-03-02T06:00:00Z"
    assert doc["insertion"]["epoch_utc"].startswith("2027-03-02T06:0")
    assert doc["insertion"]["perigee_km"] == pytest.approx(200.0, abs=2.0)
    assert doc["insertion"]["inclination_deg"] == pytest.approx(51.67, abs=0.02)
    assert all("time_s" in e for e in doc["events"])
    assert doc["provenance"]["baiterek_version"]
    assert len(doc["provenance"]["input_sha256"]) == 64
    # the limits decide feasibility in fly as in performance: Soyuz's 4.3 g is exceeded before
    # booster cutoff, and the vehicle file declares it soft (reported, feasible)
    assert doc["violations"] == ["max_axial_load"] and doc["hard_violations"] == []
    assert doc["feasible"] is True and doc["limits_verdict"].startswith("soft limit exceeded")
    assert {c["name"] for c in doc["constraints"]} >= {"max_dynamic_pressure", "max_axial_load"}
    for name in (
        "trajectory.csv",
        "trajectory.parquet",
        "events.csv",
        "ascent.html",
        "ground_track.geojson",
    ):
        assert (out / name).stat().st_size > 0
    frame = pd.read_parquet(out / "trajectory.parquet")
    assert {
        "time_s",
        "altitude_km",
        "dynamic_pressure_kpa",
        "axial_load_g",
        "free_molecular_heat_flux_w_m2",
    } <= set(frame)
    # output details (issue 10): the separation does not copy the cutoff's axial load (engines
    # off, vacuum: 0 g); the flight-path angle starts at 90 deg (vertical rise), not 0; the
    # heat flux and the two altitude references say what they are
    ev = {e["name"]: e for e in doc["events"]}
    assert (
        ev["stage3_cutoff"]["axial_load_g"] > 2.0 and ev["payload_separation"]["axial_load_g"] == 0
    )
    assert frame["flight_path_angle_deg"].iloc[0] == 90.0
    assert frame["flight_path_angle_deg"].iloc[:5].min() > 85.0  # no jump from 0 at T+0
    assert "free-molecular" in doc["summary"]["heat_flux_note"]
    assert "geodetic" in doc["altitude_note"] and "equatorial radius" in doc["altitude_note"]
    geo = json.loads((out / "ground_track.geojson").read_text())
    assert geo["geometry"]["type"] == "MultiLineString"


def _mission(tmp_path, body):
    p = tmp_path / "m.toml"
    p.write_text(body)
    return p


GOOD = """
[mission]
vehicle = "{vehicle}"
site = "{site}"
payload_kg = {payload}
[target]
kind = "circular"
altitude_km = 200
inclination_deg = {inc}
"""


@pytest.mark.parametrize(
    "fields, expect",
    [
        (dict(vehicle="sunkr", site="baikonur-45-1", payload=1000, inc=51.6), "mission.vehicle"),
        (dict(vehicle="sunkar", site="baikonur-99", payload=1000, inc=51.6), "mission.site"),
        (
            dict(vehicle="sunkar", site="baikonur-45-1", payload=1000, inc=30.0),
            "target.inclination_deg",
        ),
        (dict(vehicle="sunkar", site="baikonur-45-1", payload=1000, inc=58.0), "corridors"),
        (dict(vehicle="sunkar", site="baikonur-45-1", payload=60000, inc=51.6), "too heavy"),
        (dict(vehicle="sunkar", site="baikonur-45-1", payload=-5, inc=51.6), "mission.payload_kg"),
    ],
)
def test_bad_input_exit_2_no_traceback_no_files(tmp_path, fields, expect):
    out = tmp_path / "out"
    r = run("fly", str(_mission(tmp_path, GOOD.format(**fields))), "--out", str(out))
    assert r.returncode == 2
    assert expect in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert not out.exists()


def test_malformed_toml(tmp_path):
    r = run(
        "fly", str(_mission(tmp_path, "[mission\nvehicle=")), "--out", str(tmp_path / "o"), "--json"
    )
    assert r.returncode == 2
    assert json.loads(r.stdout)["error"]["field"] == "MISSION"  # the argument the user typed
    assert "Traceback" not in r.stderr


def test_missing_field_named(tmp_path):
    body = '[mission]\nvehicle = "sunkar"\nsite = "baikonur-45-1"\npayload_kg = 1\n[target]\nkind = "elliptical"\nperigee_km = 200\ninclination_deg = 51.6\n'
    r = run("fly", str(_mission(tmp_path, body)), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "apogee_km" in r.stderr


def test_catalog_commands():
    r = run("vehicles", "--json")
    assert r.returncode == 0
    ids = {v["id"] for v in json.loads(r.stdout)["vehicles"]}
    assert {"sunkar", "soyuz-2.1a", "soyuz-2.1b", "zenit-2", "proton-m", "falcon-9"} <= ids
    r = run("sites")
    assert r.returncode == 0 and "baikonur-45-1" in r.stdout


def test_atomic_writes_have_ordinary_permissions(tmp_path):
    """Files are readable by others as any file the user writes (umask), not 0600 temp files."""
    import os

    from baiterek.export.files import write_text_atomic

    p = write_text_atomic(tmp_path / "x.txt", "hello")
    mask = os.umask(0)
    os.umask(mask)
    assert (p.stat().st_mode & 0o777) == (0o666 & ~mask)
    assert not list(tmp_path.glob(".x.txt.*"))  # no temporary left behind


@pytest.mark.parametrize(
    ("flag", "value"), [("--payload-kg", "-5"), ("--launch-time", "yesterday")]
)
def test_fly_overrides_are_checked_like_the_mission_keys(tmp_path, flag, value):
    out = tmp_path / "out"
    r = run(
        "fly", str(EXAMPLES / "sunkar-leo-200km.toml"), flag, value, "--out", str(out), "--json"
    )
    assert r.returncode == 2
    assert json.loads(r.stdout)["error"]["field"] == flag
    assert not out.exists()
