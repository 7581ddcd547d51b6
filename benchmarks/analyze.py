"""Wall time of a full mission analysis of the Sunkar customer example with 1,000 Monte Carlo
samples (goal: under 60 s on 2 cores), and the share of each stage.

Prints one JSON document: a warm-up run first (numba kernels compiled or loaded from the cache,
imports), then one measured run of ``baiterek.analyze`` and of writing its folder (report.html,
report.pdf through headless Chromium, the handover files), with the wall time of each stage.
Run: .venv/bin/python benchmarks/analyze.py [--samples N] [--workers N]
"""

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import baiterek

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sunkar-customer-sso.toml"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        baiterek.analyze(EXAMPLE, samples=20, workers=args.workers)  # warm-up
        t0 = time.perf_counter()
        r = baiterek.analyze(EXAMPLE, samples=args.samples, workers=args.workers)
        t1 = time.perf_counter()
        files = r.write(Path(tmp) / "out")
        t2 = time.perf_counter()
    stages = {**r.to_json()["stage_times_s"], "report and files": round(t2 - t1, 3)}
    total = t2 - t0
    print(json.dumps({
        "benchmark": "analyze",
        "mission": EXAMPLE.name,
        "samples": args.samples,
        "workers": args.workers,
        "wall_time_s": round(total, 2),
        "goal_s": 60.0,
        "within_goal": total < 60.0,
        "stage_wall_time_s": stages,
        "stage_share": {k: round(v / total, 3) for k, v in stages.items()},
        "pdf_made": "report.pdf" in files,
        "files": len(files),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
