"""``python -m baiterek.service serve|worker|token``: what ``baiterek serve`` and ``baiterek
worker`` run (the CLI hands over to this process so that it imports nothing of the service).

- ``serve [--host] [--port] [--database URL] [--data-dir DIR] [--no-worker]``: migrate the
  database, start one worker process (unless ``--no-worker``) and serve the app with uvicorn.
- ``worker [--database URL] [--data-dir DIR] [--once]``: claim and run jobs.
- ``token --role ROLE --name NAME [--customer-id N]``: create a user and print a new API token
  (stored hashed; shown once).
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
from pathlib import Path

from baiterek.errors import BaiterekError, InputError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="baiterek-service")
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("serve", "worker", "token"):
        s = sub.add_parser(name)
        s.add_argument("--database", default=None)
        s.add_argument("--data-dir", default=None)
        s.add_argument("--json", action="store_true")
        if name == "serve":
            s.add_argument("--host", default="127.0.0.1")
            s.add_argument("--port", type=int, default=8000)
            s.add_argument("--no-worker", action="store_true")
        if name == "worker":
            s.add_argument("--once", action="store_true")
            s.add_argument("--exit-with-parent", action="store_true", help=argparse.SUPPRESS)
            s.add_argument("--stale-after-s", type=float, default=None)
            s.add_argument("--heartbeat-s", type=float, default=None)
        if name == "token":
            s.add_argument("--role", required=True)
            s.add_argument("--name", required=True)
            s.add_argument("--customer-id", type=int, default=None)
    return p


def serve(host: str, port: int, database: str | None, data_dir: str | None, worker: bool,
          as_json: bool) -> None:  # fmt: skip
    import uvicorn

    from baiterek.service.app import create_app
    from baiterek.service.db import database_url, default_data_dir

    if not 0 < port < 65536:
        raise InputError("--port", port, "1 to 65535")
    folder = Path(data_dir) if data_dir else default_data_dir()
    url = database_url(database, folder)
    app = create_app(url, folder)  # migrates before the worker starts
    proc = None
    if worker:
        cmd = [sys.executable, "-m", "baiterek.service", "worker", "--database", url,
               "--data-dir", str(folder), "--exit-with-parent"]  # fmt: skip
        proc = subprocess.Popen(cmd)
    # uvicorn re-raises the SIGTERM it caught once it has shut down: make that an exception,
    # so the finally below stops the worker instead of the process dying around it
    signal.signal(signal.SIGTERM, _exit_on_signal)
    info = {"url": f"http://{host}:{port}/", "data_dir": str(folder), "worker_pid":
            proc.pid if proc else None}  # fmt: skip
    print(json.dumps(info) if as_json else f"baiterek service on {info['url']} "
          f"(data in {folder}; worker pid {info['worker_pid']})", flush=True)  # fmt: skip
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def exit_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (prctl PR_SET_PDEATHSIG),
    so a worker started by ``serve`` never outlives it; elsewhere a no-op."""
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def token(database: str | None, data_dir: str | None, role: str, name: str,
          customer_id: int | None) -> dict[str, object]:  # fmt: skip
    from baiterek.service.book import SYSTEM, create_user, issue_token
    from baiterek.service.db import IMMEDIATE, database_url, engine_for, session_factory
    from baiterek.service.migrate import upgrade

    url = database_url(database, Path(data_dir) if data_dir else None)
    upgrade(url)
    engine = engine_for(url).execution_options(**IMMEDIATE)  # see ServiceState.writes
    with session_factory(engine).begin() as s:
        user = create_user(s, SYSTEM, name=name, role=role, customer_id=customer_id)
        tok = issue_token(s, SYSTEM, user.id, label="baiterek.service token")
        user_id = user.id
    return {"user_id": user_id, "role": role, "name": name, "token": tok}


def main(argv: list[str] | None = None) -> int:
    a = _parser().parse_args(argv)
    try:
        if a.command == "serve":
            serve(a.host, a.port, a.database, a.data_dir, not a.no_worker, a.json)
        elif a.command == "worker":
            from baiterek.service.worker import serve_forever

            if a.exit_with_parent:
                exit_with_parent()

            kw = {k: v for k, v in (("stale_after_s", a.stale_after_s),
                                    ("heartbeat_s", a.heartbeat_s)) if v is not None}  # fmt: skip
            ran = serve_forever(a.database, a.data_dir, once=a.once, **kw)
            doc: dict[str, object] = {"worker_stopped": True, "jobs_run": ran}
            print(json.dumps(doc) if a.json else f"worker stopped after {ran} jobs")
        else:
            doc = token(a.database, a.data_dir, a.role, a.name, a.customer_id)
            print(json.dumps(doc) if a.json else f"token for {a.name} ({a.role}): {doc['token']}")
    except BaiterekError as e:  # as the CLI: the JSON document on stdout, the message on stderr
        if a.json:
            print(json.dumps({"error": e.to_dict()}))
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
