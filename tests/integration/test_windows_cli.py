"""``baiterek window``: mission files and options in, one JSON document / table and files out."""

import json
from pathlib import Path

from typer.testing import CliRunner

from baiterek.cli import app

ISS = """ISS (ZARYA)
1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995
2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097
"""
runner = CliRunner()


def _mission(tmp_path, window: str, target: str) -> str:
    (tmp_path / "iss.tle").write_text(ISS)
    m = tmp_path / "m.toml"
    m.write_text(
        '[mission]\nname = "Test mission"\nvehicle = "soyuz-2.1a"\nsite = "baikonur-31-6"\n'
        f"payload_kg = 7000\n[target]\n{target}\n[window]\n{window}\n"
    )
    return str(m)


def test_mission_tle_json(tmp_path):
    m = _mission(tmp_path, 'tle_file = "iss.tle"', 'kind = "circular"\naltitude_km = 200\n')
    out = tmp_path / "out"
    r = runner.invoke(app, ["window", m, "--from", "2023-05-24", "--days", "3", "--json",
                            "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert len(doc["windows"]) == 3
    w = doc["windows"][0]
    for key in ("launch_time_utc", "open_utc", "close_utc", "branch", "azimuth_deg", "phase_deg",
                "scheme", "inclination_deg"):  # fmt: skip
        assert key in w
    assert w["scheme"] == "2-orbit" and w["branch"] == "north-east"
    assert 0.0 < w["plane_lead_deg"] < 0.05  # J2 lead of the 2-orbit scheme (phasing.plane_lead)
    assert doc["provenance"]["input_sha256"]
    assert doc["earth_orientation"]["table"]
    assert sorted(p.name for p in out.iterdir()) == [
        "Test-mission.csv",
        "Test-mission.ics",
        "Test-mission.json",
        "manifest.json",
    ]
    csv = (out / "Test-mission.csv").read_text().splitlines()
    assert csv[0].startswith("launch_time_utc,open_utc,close_utc,branch") and len(csv) == 4


def test_ics_is_rfc5545(tmp_path):
    m = _mission(
        tmp_path,
        'tle_file = "iss.tle"\nyaw_allowance_deg = 0.1',
        'kind = "circular"\naltitude_km = 200',
    )
    out = tmp_path / "out"
    r = runner.invoke(app, ["window", m, "--from", "2023-05-24", "--days", "2", "--out", str(out)])
    assert r.exit_code == 0, r.output
    raw = (out / "Test-mission.ics").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF only
    lines = raw.decode().split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert all(len(ln.encode()) <= 75 for ln in lines)
    assert raw.count(b"BEGIN:VEVENT") == raw.count(b"END:VEVENT") == 2
    starts = [ln for ln in lines if ln.startswith("DTSTART:")]
    # the events span each window: open = launch - half width (0.1 deg allowance), close = + half
    rows = (out / "Test-mission.csv").read_text().splitlines()
    head = rows[0].split(",")
    first = dict(zip(head, rows[1].split(","), strict=True))

    def ics(iso):
        return iso[:19].replace("-", "").replace(":", "") + "Z"

    assert starts[0] == "DTSTART:" + ics(first["open_utc"])
    assert any(ln == "DTEND:" + ics(first["close_utc"]) for ln in lines)
    assert first["open_utc"] < first["launch_time_utc"] < first["close_utc"]
    assert sum(ln.startswith("UID:") for ln in lines) == 2


def test_sso_and_plane_from_options(tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["window", "--site", "baikonur-31-6", "--vehicle", "soyuz-2.1b",
                            "--altitude-km", "600", "--local-time", "10:30", "--from",
                            "2026-06-01", "--days", "2", "--json", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert [w["branch"] for w in doc["windows"]] == ["north-west", "north-west"]
    assert abs(doc["target"]["inclination_deg"] - 97.79) < 0.01
    r = runner.invoke(app, ["window", "--site", "baikonur-45-1", "--vehicle", "sunkar",
                            "--raan-deg", "100", "--epoch", "2026-06-01T00:00:00Z",
                            "--inclination-deg", "51.7", "--altitude-km", "400", "--from",
                            "2026-06-01", "--days", "5", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "launch windows" in r.output


def test_mission_sso_table(tmp_path):
    m = _mission(tmp_path, 'local_time_node = "10:30"\nnode = "descending"',
                 'kind = "sso"\naltitude_km = 600')  # fmt: skip
    r = runner.invoke(app, ["window", m, "--from", "2026-06-01", "--days", "1", "--json",
                            "--out", str(tmp_path / "o")])  # fmt: skip
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert abs(doc["windows"][0]["ltan_h"] - 22.5) < 1e-3


def test_unknown_table_is_refused_by_name(tmp_path):
    """One strict mission schema: a misspelt table is an error that names it, not ignored."""
    m = _mission(tmp_path, 'tle_file = "iss.tle"', 'kind = "circular"\naltitude_km = 200\n')
    Path(m).write_text(Path(m).read_text() + "[windd]\nx = 1\n")
    r = runner.invoke(app, ["window", m, "--from", "2023-05-24", "--days", "1"])
    assert r.exit_code == 2
    assert "windd" in r.output
