"""REST service speed on loopback: p50/p95 latency and requests per second of ``GET /vehicles``
and ``POST /feasibility`` (cached answer: the same Sunkar 5,000 kg to 500 km SSO; and solved:
a new payload mass each request), with ``CONCURRENCY`` clients at once against one uvicorn
process on 127.0.0.1 (no worker). Prints JSON.

Run: .venv/bin/python benchmarks/service.py
"""

import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from baiterek.service.app import create_app

CONCURRENCY = 16
REQUESTS = 400
SOLVED = 20  # distinct feasibility inputs (each a solve, ~0.2 s warm)
SSO = {"vehicle": "sunkar", "site": "baikonur-45-1", "orbit": "sso", "altitude_km": 500}


async def measure(base, method, path, bodies, concurrency):
    lat = []
    sem = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=300) as c:

        async def one(body):
            async with sem:
                t0 = time.perf_counter()
                r = await c.request(method, path, json=body)
                lat.append(time.perf_counter() - t0)
                assert r.status_code == 200, r.text

        t0 = time.perf_counter()
        await asyncio.gather(*(one(b) for b in bodies))
        wall = time.perf_counter() - t0
    lat.sort()
    return {
        "requests": len(bodies),
        "concurrency": concurrency,
        "p50_ms": round(1e3 * statistics.median(lat), 2),
        "p95_ms": round(1e3 * lat[int(0.95 * (len(lat) - 1))], 2),
        "requests_per_s": round(len(bodies) / wall, 1),
    }


def main():
    data = Path(tempfile.mkdtemp(prefix="baiterek-bench-"))
    app = create_app(data_dir=data)
    sock_port = 0
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        sock_port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=sock_port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{sock_port}"
    while not server.started:
        time.sleep(0.05)
    import logging

    logging.getLogger("baiterek.service").setLevel(logging.WARNING)  # no access log lines
    warm = httpx.post(base + "/feasibility", json={**SSO, "payload_kg": 5000}, timeout=300)
    assert warm.status_code == 200
    out = {
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "vehicles": asyncio.run(measure(base, "GET", "/vehicles", [None] * REQUESTS, CONCURRENCY)),
        "feasibility_cached": asyncio.run(measure(
            base, "POST", "/feasibility", [{**SSO, "payload_kg": 5000}] * REQUESTS, CONCURRENCY)),
        "feasibility_solved": asyncio.run(measure(
            base, "POST", "/feasibility",
            [{**SSO, "payload_kg": 4000 + i} for i in range(SOLVED)], 4)),
    }  # fmt: skip
    server.should_exit = True
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
