"""Schemathesis against the in-process app (``schemathesis.openapi.from_asgi``): at least 1,000
generated requests across every endpoint of the OpenAPI document, valid (positive) and
invalid (negative) ones, each checked by schemathesis' default checks (no 500, status code
documented, body matching its schema: every error body is ``ErrorBody``). The check that
every schema-valid request is accepted is left out: some rules span fields or need the
catalog (an SSO needs ``altitude_km``; an inclination must be reachable from the site), and
those are 422s by design. Derandomised so the budget is the same on every run; the solver
endpoints get fewer examples (each distinct input is a solve, ~0.2 s; repeats are cached), and
no worker runs, so jobs are queued, never executed."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

sys.path.insert(0, str(Path(__file__).parent))
from inproc import make_app, tokens  # noqa: E402

MIN_REQUESTS = 1000
SOLVER_PATHS = {"/feasibility": 10, "/opportunities": 5}  # examples for each (the solver's)
DEFAULT_EXAMPLES = 36


def test_fuzz_every_endpoint(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    auth = {"Authorization": f"Bearer {tokens(app)['analyst']}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    assert str(schema.raw_schema["openapi"]).startswith("3.1")
    count = 0
    per_path: dict[str, int] = {}
    took: dict[str, float] = {}
    plan = [(r.ok(), mode) for r in schema.get_all_operations()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]  # fmt: skip
    for op, mode in plan:
        n = SOLVER_PATHS.get(op.path, DEFAULT_EXAMPLES)

        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=n, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: Any) -> None:
            nonlocal count
            case.call_and_validate(headers=auth, excluded_checks=[positive_data_acceptance])
            count += 1
            key = f"{case.method.upper()} {case.path}"
            per_path[key] = per_path.get(key, 0) + 1

        t0 = time.perf_counter()
        try:
            run()
        except Unsatisfiable:  # nothing to make invalid: an operation without parameters
            assert mode is GenerationMode.NEGATIVE, op.path
        took[f"{mode.value} {op.method.upper()} {op.path}"] = round(time.perf_counter() - t0, 2)
    print(f"{count} requests over {len(per_path)} operations (positive and negative): {per_path}")
    print("seconds per operation:", sorted(took.items(), key=lambda kv: -kv[1])[:8])
    assert len(per_path) >= 25
    assert count >= MIN_REQUESTS
