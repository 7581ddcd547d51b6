"""The public API's surface without a flight or a command run: cheap import, names, layers.

The rules checked come from ARCHITECTURE-REVIEW.md (a facade, a thin CLI importing only
``baiterek.api``, core errors naming API fields that the CLI maps to flags).
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import baiterek
from baiterek import api
from baiterek.cli._common import as_flags, flags
from baiterek.errors import InputError

CLI_DIR = Path(baiterek.__file__).parent / "cli"


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


def test_source_date_epoch_makes_provenance_reproducible(monkeypatch):
    from baiterek.provenance import provenance

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    # 1,780,000,000 s after 1970-01-01T00:00:00Z (datetime.fromtimestamp(1780000000, UTC))
    assert provenance({"a": 1})["created_utc"] == "2026-05-28T20:26:40Z"


def test_cli_prints_its_version():
    from typer.testing import CliRunner

    from baiterek._version import __version__
    from baiterek.cli import app

    r = CliRunner().invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"baiterek {__version__}"
