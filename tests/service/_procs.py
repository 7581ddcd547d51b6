"""Run Python snippets in child processes that start work together (a ready/go barrier)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

BARRIER = "import sys\nprint('ready', flush=True)\nsys.stdin.readline()\n"


def run_together(scripts: list[tuple[str, list[str]]], timeout_s: float = 120.0) -> list[Any]:
    """Start each ``(code, argv)``; ``code`` must run ``BARRIER`` once set up and print one JSON
    document at the end. All are released at once; returns the documents (fails on an error)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for code, argv in scripts
    ]
    results = []
    try:
        for p in procs:
            assert p.stdout is not None
            line = p.stdout.readline()
            if line.strip() != "ready":
                _, err = p.communicate(timeout=timeout_s)
                raise AssertionError(f"child did not start: {line!r}\n{err[-3000:]}")
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in procs:
            out, err = p.communicate(timeout=timeout_s)
            assert p.returncode == 0, err[-3000:]
            results.append(json.loads(out))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    return results
