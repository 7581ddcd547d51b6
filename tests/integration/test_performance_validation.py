"""The validation table: verdicts, Markdown, the CLI report (no solving here: synthetic rows)."""

import json
import math

import pytest
from typer.testing import CliRunner

from baiterek.cli import app
from baiterek.performance import validation as V
from baiterek.performance.curves import CurvePoint


def row(case_id, payload_kg, status="ok"):
    case = next(c for c in V.CASES if c.id == case_id)
    pt = CurvePoint(case_id, 200.0, 200.0, 51.6, "north", payload_kg, status, "")
    return V.ValidationRow(case, pt)


def test_cases_name_their_source_and_tolerance():
    assert V.CASES == V.BASE_CASES + V.UPPER_STAGE_CASES
    assert len({c.id for c in V.CASES}) == len(V.CASES)
    for c in V.CASES:
        assert c.source and c.kind in ("calibration", "prediction")
        assert (c.published_kg is None) == (c.tolerance_pct is None)
    assert [c.id for c in V.CASES if c.kind == "calibration"] == ["sunkar-leo"]


def test_verdicts():
    assert row("soyuz-2.1a-leo", 7430 * 1.029).verdict == "pass"
    assert row("soyuz-2.1a-leo", 7430 * 0.971).verdict == "pass"
    r = row("soyuz-2.1b-leo", 9033.0)
    assert r.verdict == "MISS"
    assert r.difference_kg == pytest.approx(363.0)
    assert r.difference_pct == pytest.approx(4.187, abs=1e-3)
    assert row("sunkar-sso-500", 10788.0).verdict == "-"
    failed = row("proton-m-leo", math.nan, "infeasible")
    assert failed.verdict == "failed"
    z = row(
        "zenit-2-leo", 14319.0
    )  # published as a range, 12,000 to 13,700 kg (docs/reference/vehicles.md sec. 10)
    assert z.verdict == "pass" and z.difference_pct == pytest.approx(4.518, abs=1e-3)
    assert row("zenit-2-leo", 12500.0).difference_kg == 0.0  # inside the range
    assert row("zenit-2-leo", 10000.0).difference_pct == pytest.approx(-16.667, abs=1e-3)


def table():
    rows = (
        row("sunkar-leo", 16999.0),
        row("soyuz-2.1b-leo", 9033.0),
        row("sunkar-sso-500", 10788.0),
    )
    return V.ValidationTable(rows, 1.0, {"baiterek_version": "x", "created_utc": "t"})


def test_markdown_lists_calibration_apart():
    md = V.to_markdown(table())
    cal, pred = md.index("**Calibration"), md.index("**Predictions")
    assert cal < md.index("| sunkar | baikonur-45-1 | 200 km") < pred
    assert "**MISS**" in md and "+363 kg (+4.2 %)" in md


def test_cli_validate_reports_misses_with_exit_0(monkeypatch):
    monkeypatch.setattr(V, "run_validation", lambda **kw: table())
    r = CliRunner().invoke(app, ["validate", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["misses"] == ["soyuz-2.1b-leo"]
    assert [x["verdict"] for x in doc["rows"]] == ["pass", "MISS", "-"]
    r = CliRunner().invoke(app, ["validate"])
    assert r.exit_code == 0 and "MISS soyuz-2.1b" in r.stdout
