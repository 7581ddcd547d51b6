"""``baiterek mars``, ``baiterek moon`` and ``baiterek performance --c3 --dla``: JSON, files, pages,
and the three user mistakes of issue 16 (C3 beyond the vehicle, DLA beyond the site, dates
outside DE421), each one message and exit code 2."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baiterek.cli import app

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, [*args, "--json"])
    return r, json.loads(r.stdout)


def test_mars_json_files_and_pages(tmp_path):
    r, doc = _json(["mars", "--vehicle", "soyuz-2.1b", "--site", "baikonur-31-6",
                    "--opportunity", "2028", "--payload-kg", "1500", "--out", str(tmp_path)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert [m["type"] for m in doc["minimum_c3"]] == ["I", "II"]
    for m in doc["minimum_c3"]:
        for key in ("departure_utc", "arrival_utc", "c3_km2_s2", "dla_deg", "vinf_arrival_km_s"):
            assert m[key] is not None
        assert m["payload_kg"] > 1500
    assert doc["launch_period"]["type_II"]["days"] > 0
    for key in ("porkchop_html", "payload_html", "grid_csv", "curve_csv", "curve_html", "json"):
        assert Path(doc["files"][key]).stat().st_size > 0
    page = Path(doc["files"]["payload_html"]).read_text()
    assert not re.search(r"<script[^>]*\bsrc=", page)  # offline: plotly.js inline, no fetch
    assert "Plotly.newPlot" in page
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no headless Chromium on this machine")
    for key in ("porkchop_html", "payload_html"):
        png = tmp_path / f"{key}.png"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={tempfile.mkdtemp()}", f"--screenshot={png}",
             "--window-size=1400,900", Path(doc["files"][key]).as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        assert png.stat().st_size > 30_000  # a drawn page, not a blank one (~5 kB)


def test_escape_payload_falls_with_c3_and_respects_the_dla():
    base = ["performance", "--vehicle", "soyuz-2.1b", "--site", "baikonur-31-6", "--dla", "30"]
    r5, d5 = _json([*base, "--c3", "5"])
    r10, d10 = _json([*base, "--c3", "10"])
    assert r5.exit_code == 0 and r10.exit_code == 0, r10.output
    assert d10["payload_kg"] < d5["payload_kg"]
    assert d10["parking_inclination_deg"] >= 30.0
    assert d10["burns"][-1]["c3_km2_s2_after"] == pytest.approx(10.0)


def test_moon_json_and_files(tmp_path):
    r, doc = _json(["moon", "--vehicle", "soyuz-2.1b", "--site", "baikonur-45-1", "--from",
                    "2026-06-01", "--days", "2", "--no-payload", "--out", str(tmp_path)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert len(doc["windows"]) == 4  # two planes through the Moon's direction each day
    w = doc["windows"][0]
    for key in ("launch_time_utc", "coast_s", "tli_time_utc", "c3_km2_s2", "arrival_utc"):
        assert w[key] is not None
    ics = Path(doc["files"]["ics"]).read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and ics.count(b"BEGIN:VEVENT") == 4


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["performance", "--vehicle", "soyuz-2.1b", "--site", "baikonur-31-6", "--c3", "10",
          "--dla", "88"], "--dla"),
        (["moon", "--vehicle", "soyuz-2.1b", "--site", "baikonur-45-1", "--from", "2060-01-01",
          "--days", "3"], "--from"),
        (["mars", "--vehicle", "soyuz-2.1b", "--site", "baikonur-45-1", "--opportunity",
          "2060"], "--opportunity"),
    ],
)  # fmt: skip
def test_input_mistakes_exit_2_with_one_message(args, field):
    r, doc = _json(args)
    assert r.exit_code == 2
    assert doc["error"]["kind"] == "InputError" and doc["error"]["field"] == field


def test_c3_beyond_the_vehicle_names_the_highest():
    r, doc = _json(["performance", "--vehicle", "soyuz-2.1b", "--site", "baikonur-31-6",
                    "--c3", "100"])  # fmt: skip
    assert r.exit_code == 2
    assert doc["error"]["kind"] == "InfeasibleError"
    assert 20.0 < doc["error"]["limit"]["max_c3_km2_s2"] < 100.0
    assert "highest C3" in doc["error"]["message"]
