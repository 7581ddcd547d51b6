"""A bounded load test on loopback: 50 feasibility requests at once (five distinct orbits, ten
clients each) against uvicorn on 127.0.0.1. Every one is answered 200 with the same document
per input (one solve each, the rest from the cache), and the whole run stops by itself within
its deadline. The p50/p95 latency it prints is informative (benchmarks/service.py measures)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from inproc import make_app  # noqa: E402
from live_server import threaded_service  # noqa: E402

CONCURRENT = 50
DEADLINE_S = 120.0
ORBITS = [{"orbit": "sso", "altitude_km": a} for a in (400, 500, 600)] + [
    {"orbit": "circular", "altitude_km": 400, "inclination_deg": 51.6},
    {"orbit": "circular", "altitude_km": 800, "inclination_deg": 70.0},
]


def test_fifty_concurrent_feasibility_requests(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    bodies = [{"payload_kg": 3000, **ORBITS[i % len(ORBITS)]} for i in range(CONCURRENT)]

    async def one(
        c: httpx.AsyncClient, body: dict[str, object]
    ) -> tuple[int, float, dict[str, object]]:
        t0 = time.perf_counter()
        r = await c.post("/feasibility", json=body)
        return r.status_code, time.perf_counter() - t0, r.json()

    async def run(base: str) -> list[tuple[int, float, dict[str, object]]]:
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=DEADLINE_S) as c:
            return await asyncio.wait_for(
                asyncio.gather(*(one(c, b) for b in bodies)), timeout=DEADLINE_S
            )

    with threaded_service(app) as base:
        t0 = time.perf_counter()
        results = asyncio.run(run(base))
        wall = time.perf_counter() - t0
    lat = sorted(r[1] for r in results)
    p50, p95 = statistics.median(lat), lat[int(0.95 * (len(lat) - 1))]
    print(f"{CONCURRENT} concurrent: wall {wall:.2f} s, p50 {p50:.2f} s, p95 {p95:.2f} s")
    assert [r[0] for r in results] == [200] * CONCURRENT
    by_input: dict[str, set[float]] = {}
    for body, (_, _, doc) in zip(bodies, results, strict=True):
        by_input.setdefault(str(sorted(body.items())), set()).add(float(doc["margin_kg"]))  # type: ignore[arg-type]
    assert len(by_input) == len(ORBITS) and all(len(v) == 1 for v in by_input.values())
    st = app.state.baiterek
    assert st.feasibility.misses == len(ORBITS)  # solved once per input, 45 from the cache
