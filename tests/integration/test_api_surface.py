"""The public API's surface: cheap import, names, thin CLI, results as values, flag mapping.

No flight here (tests/integration/test_api.py flies); the references are the CLI's own JSON
(``to_json`` must be what ``--json`` prints) and the project rules in ARCHITECTURE-REVIEW.md.
"""

import ast
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import baiterek
from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import as_flags, flags
from baiterek.errors import InputError
from baiterek.performance.curves import CurvePoint

CLI_DIR = Path(baiterek.__file__).parent / "cli"
runner = CliRunner()


def test_import_baiterek_loads_no_numerics():
    """`import baiterek` stays cheap: the API and numpy load on first use only."""
    code = (
        "import sys, baiterek; "
        "print(sorted(m for m in ('numpy', 'baiterek.api', 'numba', 'skyfield') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_resolves():
    for name in baiterek.__all__:
        assert getattr(baiterek, name) is not None
    for name in api.__all__:
        assert getattr(api, name) is not None
    assert baiterek.max_payload is api.max_payload
    with pytest.raises(AttributeError):
        baiterek.no_such_name  # noqa: B018


def test_cli_imports_only_the_api_errors_and_presentation():
    allowed = ("baiterek.api", "baiterek.errors", "baiterek.cli")
    allowed_from = {"baiterek": {"api"}}
    for path in CLI_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module in allowed_from:
                    bad = {a.name for a in node.names} - allowed_from[node.module]
                    assert not bad, f"{path.name} imports {bad} from {node.module}"
                    continue
                names = [node.module]
            else:
                continue
            for n in names:
                if n.startswith("baiterek"):
                    assert n.startswith(allowed), f"{path.name} imports {n}"


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


def test_flag_mapping_keeps_value_allowed_and_detail():
    m = flags("altitude_km", "site", step_s="--step", mission="MISSION")
    assert m["altitude_km"] == "--altitude-km" and m["step_s"] == "--step"
    e = as_flags(InputError("vehicle/site", None, "both, or a mission"), flags("vehicle", "site"))
    assert e.field == "--vehicle/--site" and e.allowed == "both, or a mission"
    e = as_flags(
        InputError("input", "none", "exactly one of mission, state_gcrs, tle", "d"),
        flags("state_gcrs", "tle", mission="MISSION", input="input"),
    )
    assert e.field == "input" and e.detail == "d"
    assert e.allowed == "exactly one of MISSION, --state-gcrs, --tle"
    e = as_flags(InputError("target.altitude_km", 1, "x"), m)
    assert e.field == "target.altitude_km"  # a mission key is left as the file spells it
    stale = InputError("tle epoch", "2023-05-24", "within 30 days; or force_tle = true")
    assert as_flags(stale, flags("days", "force_tle")) is stale  # not a keyword: untouched


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


def test_source_date_epoch_makes_provenance_reproducible(monkeypatch):
    from baiterek.provenance import provenance

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    # 1,780,000,000 s after 1970-01-01T00:00:00Z (datetime.fromtimestamp(1780000000, UTC))
    assert provenance({"a": 1})["created_utc"] == "2026-05-28T20:26:40Z"
