"""``baiterek fly`` draws the map: ground track, impact-point track, the route's zones, impacts."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from baiterek.cli import app

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_fly_writes_the_map_of_a_baikonur_route(tmp_path: Path):
    r = CliRunner().invoke(
        app,
        ["fly", str(EXAMPLES / "soyuz-2.1b-progress-iss.toml"), "--out", str(tmp_path), "--json"],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    page = Path(doc["files"]["map_html"]).read_text(encoding="utf-8")
    for text in ("ground track", "IIP track", "ulytau-soyuz-boosters", "ust-kan-altai", "impacts"):
        assert text in page, text
    assert "PlotlyGeoAssets" in page  # the basemap is inlined: the page draws offline
    names = {e["name"] for e in doc["events"]}
    assert "iip_leaves_kazakhstan" in names
