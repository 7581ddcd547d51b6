"""The harness of the hypothesis suite over the CLI (``test_fuzz_*.py``).

Each generated input runs in-process through the CLI entry (the click command typer builds from
``baiterek.cli.app``, built once: building it per call costs 100 ms). ``check_run`` asserts the
rules every run must obey:

* the exit code is 0 or 2 (any exception other than the exit is a traceback: the test fails);
* under ``--json`` stdout is exactly one JSON document, with finite numbers only;
* on exit 2 the output folder was not created or changed, and no staging folder is left;
* on exit 0 the answer obeys the physical rules of its command (see ``physical_rules``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from hypothesis import HealthCheck, settings

from baiterek.cli import app

MIN_PERIGEE_KM = 100.0
"""Lowest perigee an orbit ``orbit`` produces from a state or a TLE may have: below ~100 km an
orbit decays within a revolution (the Karman line; FAI, https://www.fai.org/page/icare-boundary).
An inserted orbit must lie above its vehicle's minimum insertion perigee (vehicle data)."""
GUIDANCE_TOLERANCE_KM = 1.0
"""How far below its target perigee a guided insertion may cut off (the README's injection table:
a 1-sigma perigee of 0.3 km about a mean 0.2 km low), for the minimum-perigee rule."""


def _insertion_floor_km(doc: dict[str, Any]) -> float:
    """The vehicle's minimum insertion perigee (its upper stage's parking minimum when one is
    stacked) less the guidance tolerance; 100 km when the document names no vehicle."""
    from baiterek import catalog

    vehicle = doc.get("vehicle") or doc.get("vehicle_id")
    if not isinstance(vehicle, str):
        return MIN_PERIGEE_KM
    limit = catalog.vehicle(vehicle).insertion.min_perigee_km
    upper = doc.get("upper_stage")
    if isinstance(upper, str) and catalog.upper_stage(upper).parking is not None:
        limit = min(limit, catalog.upper_stage(upper).parking.min_perigee_km)
    return limit - GUIDANCE_TOLERANCE_KM


FUZZ = settings(
    deadline=None,
    derandomize=True,  # the same examples in CI on every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.data_too_large],
)  # fmt: skip


def fuzz(max_examples: int) -> settings:
    """The suite's settings with a bounded number of examples."""
    return settings(FUZZ, max_examples=max_examples)


EXAMPLES_RUN: Counter[str] = Counter()
"""Examples run per test (printed by each test at its end)."""
OUTCOMES: Counter[tuple[str, int]] = Counter()

_COMMAND = typer.main.get_command(app)


def call(args: Sequence[str]) -> tuple[int, str, str]:
    """Run ``baiterek *args`` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            _COMMAND.main(args=list(args), prog_name="baiterek", standalone_mode=True)
        except SystemExit as exc:
            code = exc.code or 0
    return int(code), out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under ``folder`` ({} if absent)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _no_constant(name: str) -> Any:
    raise AssertionError(f"JSON output holds {name}: numbers must be finite (or null)")


def check_run(
    test: str, args: list[str], out: Path | None = None, expect_refused: bool = False
) -> tuple[int, Any]:
    """Run ``args`` (``--json`` added) and assert the suite's rules; (exit code, document)."""
    EXAMPLES_RUN[test] += 1
    args = [*args, "--json"] if "--json" not in args else args
    before = snapshot(out) if out is not None else {}
    existed = out is not None and out.exists()
    parent_before = sorted(p.name for p in out.parent.iterdir()) if out is not None else []
    code, stdout, stderr = call(args)
    OUTCOMES[(args[0], code)] += 1
    assert code in (0, 2), (code, args, stdout[-500:], stderr[-500:])
    assert "Traceback" not in stdout + stderr, (args, stderr[-2000:])
    doc = json.loads(stdout, parse_constant=_no_constant)  # exactly one document
    if code == 2:
        assert isinstance(doc, dict) and set(doc) == {"error"}, doc
        assert doc["error"]["message"], doc
        assert "Input should" not in doc["error"]["message"], doc  # the validator's wording
        if out is not None:
            assert out.exists() == existed, ("exit 2 created the output folder", args)
            assert snapshot(out) == before, ("exit 2 changed the output folder", args)
            after = sorted(p.name for p in out.parent.iterdir())
            assert after == parent_before, ("exit 2 left a staging folder", args, after)
    else:
        assert not expect_refused, ("an invalid input was accepted", args, stdout[:500])
        physical_rules(args[0], doc)
    return code, doc


def _finite_numbers(doc: Any) -> None:
    stack = [doc]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, float):
            assert math.isfinite(x), doc


def physical_rules(command: str, doc: Any) -> None:
    """The rules an answer obeys: finite numbers; windows open before they close and contain
    the launch; perigee above the minimum (the vehicle's insertion minimum for an inserted orbit);
    payload >= 0; passes rise before they set."""
    _finite_numbers(doc)
    if command == "window":
        for w in doc["windows"]:
            assert w["open_utc"] <= w["launch_time_utc"] <= w["close_utc"], w
    if command == "orbit":
        assert doc["osculating"]["perigee_km"] > MIN_PERIGEE_KM, doc["osculating"]
        for p in doc["passes"]["passes"]:
            assert p["aos_utc"] <= p["los_utc"] and -90 <= p["max_elevation_deg"] <= 90, p
    for key in ("payload_kg", "max_payload_kg"):
        if isinstance(doc, dict) and isinstance(doc.get(key), (int, float)):
            assert doc[key] >= 0, doc[key]
    if isinstance(doc, dict) and isinstance(doc.get("insertion"), dict):
        assert doc["insertion"]["perigee_km"] > _insertion_floor_km(doc), doc["insertion"]


def report(test: str) -> None:
    """Print how many examples a test ran (shown with ``-s`` or ``-rA``)."""
    print(f"{test}: {EXAMPLES_RUN[test]} examples; outcomes {dict(OUTCOMES)}")
