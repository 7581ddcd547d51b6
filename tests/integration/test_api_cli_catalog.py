"""Catalog and validation results against their commands (``to_json`` is what ``--json``
prints), results as frozen values, and API errors that the CLI reports with the flag.

No flight here (tests/integration/test_api.py flies); the reference is the CLI's own output.
"""

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from baiterek import api
from baiterek.cli import app
from baiterek.errors import InputError
from baiterek.performance.curves import CurvePoint

runner = CliRunner()


@pytest.mark.parametrize("command", ["vehicles", "sites", "stations"])
def test_catalog_to_json_is_the_cli_json_and_repr_is_short(command):
    result = getattr(api, command)()
    r = runner.invoke(app, [command, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == result.to_json()
    text = repr(result)
    assert len(text.splitlines()) <= 15 and command in text.splitlines()[1]
    assert len(result.to_frame()) == len(result) == len(result.to_json()[command])
    assert result.summary().startswith(result.headline()[0])


def test_results_are_frozen_and_to_json_returns_a_copy():
    result = api.sites()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.kind = "x"  # type: ignore[misc]
    doc = result.to_json()
    doc["sites"].clear()
    assert result.to_json()["sites"]


def test_api_errors_name_the_keyword_and_the_cli_the_flag():
    with pytest.raises(InputError) as e:
        api.launch_windows(start="2026-06-01", days=0, site="baikonur-31-6", vehicle="sunkar")
    assert e.value.field == "days"
    r = runner.invoke(
        app, ["window", "--from", "2026-06-01", "--days", "0", "--site", "x", "--json"]
    )
    assert r.exit_code == 2
    assert json.loads(r.stdout)["error"]["field"] == "--days"


def test_validate_to_json_is_the_cli_json(monkeypatch):
    from baiterek.performance import validation as V

    rows = tuple(
        V.ValidationRow(
            c,
            CurvePoint("l", 200.0, 200.0, 51.6, "north", 8000.0, "ok"),
        )
        for c in V.CASES[:3]
    )
    table = V.ValidationTable(rows, 1.0, {"baiterek_version": "x", "created_utc": "t"})
    monkeypatch.setattr(V, "run_validation", lambda **kw: table)
    result = api.validate()
    r = runner.invoke(app, ["validate", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == result.to_json()
    assert len(repr(result).splitlines()) <= 15
    assert list(result.to_frame()["id"]) == [c.id for c in V.CASES[:3]]
    with pytest.raises(InputError) as e:
        api.validate(["no-such-case"])
    assert e.value.field == "cases"
