"""A real service on 127.0.0.1 for the browser and load tests: ``python -m baiterek.service serve``
in a subprocess (with its worker), on a free port, in a temporary data folder; stopped after."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "service" / "artifacts"


def env() -> dict[str, str]:
    """The environment of a child process: this checkout's sources first on the path."""
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), e.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    e.pop("BAITEREK_DATABASE_URL", None)
    return e


def sqlite_url(data_dir: Path) -> str:
    """The service's default database in a data folder (explicit: $BAITEREK_DATABASE_URL, if
    set for other work, must not be used by these tests)."""
    return f"sqlite:///{(data_dir / 'baiterek.sqlite3').resolve()}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, timeout_s: float = 90.0) -> None:
    t_end = time.monotonic() + timeout_s
    while time.monotonic() < t_end:
        try:
            with urllib.request.urlopen(base + "/ready", timeout=2) as r:
                if json.load(r)["status"] == "ready":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"service at {base} not ready after {timeout_s} s")


@contextmanager
def live_service(data_dir: Path, *, worker: bool = True) -> Iterator[str]:
    """Start the service; yields its base URL (http://127.0.0.1:<port>)."""
    port = free_port()
    cmd = [sys.executable, "-m", "baiterek.service", "serve", "--port", str(port), "--json",
           "--data-dir", str(data_dir)] + ([] if worker else ["--no-worker"])  # fmt: skip
    log = open(data_dir / "service.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, env=env(), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        _stop_worker(data_dir / "service.log")


def _stop_worker(log_path: Path) -> None:
    """Make sure the worker ``serve`` started is gone (it exits with its parent; belt and braces)."""
    import signal

    for line in log_path.read_text(errors="replace").splitlines():
        if '"worker_pid"' in line:
            pid = json.loads(line).get("worker_pid")
            break
    else:
        return
    if not pid:
        return
    t_end = time.monotonic() + 15
    while time.monotonic() < t_end:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def token(data_dir: Path, role: str, name: str, customer_id: int | None = None) -> str:
    """A new API token for a new user of ``role`` in the service's database."""
    cmd = [sys.executable, "-m", "baiterek.service", "token", "--data-dir", str(data_dir),
           "--role", role, "--name", name, "--json"]  # fmt: skip
    if customer_id is not None:
        cmd += ["--customer-id", str(customer_id)]
    out = subprocess.run(cmd, env=env(), capture_output=True, text=True, check=True, timeout=120)
    return str(json.loads(out.stdout.strip().splitlines()[-1])["token"])


@contextmanager
def threaded_service(app: object, *, timeout_s: float = 30.0) -> Iterator[str]:
    """The app under uvicorn in a thread of this process, on 127.0.0.1 (no worker)."""
    import threading

    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False, lifespan="off")  # type: ignore[arg-type]  # fmt: skip
    server = uvicorn.Server(config)
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, timeout_s)
        yield base
    finally:
        server.should_exit = True
        t.join(timeout=timeout_s)
