"""``baiterek serve`` and ``baiterek worker``: the REST service and its job worker.

The CLI sits beside the service (import layers: ``cli | service``), so these commands hand the
process over to ``python -m baiterek.service`` (exec, same pid, same signals) instead of
importing it; the options are passed through unchanged."""

from __future__ import annotations

import os
import sys

import typer

from baiterek.cli import app


def _exec(args: list[str]) -> None:
    argv = [sys.executable, "-m", "baiterek.service", *args]
    sys.stdout.flush()
    os.execv(sys.executable, argv)


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    database: str = typer.Option(
        None,
        "--database",
        help="Database URL (default: $BAITEREK_DATABASE_URL, else SQLite in the data folder).",
    ),
    data_dir: str = typer.Option(
        None,
        "--data-dir",
        help="Data folder (default: $BAITEREK_DATA_DIR or ~/.local/share/baiterek).",
    ),
    no_worker: bool = typer.Option(False, "--no-worker", help="Do not start a worker process."),
    as_json: bool = typer.Option(False, "--json", help="Print the start-up document as JSON."),
) -> None:
    """Serve the REST API and the web pages (starts one job worker unless --no-worker)."""
    args = ["serve", "--host", host, "--port", str(port)]
    args += ["--database", database] if database else []
    args += ["--data-dir", data_dir] if data_dir else []
    args += ["--no-worker"] if no_worker else []
    args += ["--json"] if as_json else []
    _exec(args)


@app.command("worker")
def worker_command(
    database: str = typer.Option(None, "--database", help="Database URL (as for serve)."),
    data_dir: str = typer.Option(None, "--data-dir", help="Data folder (as for serve)."),
    once: bool = typer.Option(False, "--once", help="Stop when the queue is empty."),
    as_json: bool = typer.Option(False, "--json", help="Errors as JSON (logs are JSON lines)."),
) -> None:
    """Claim queued jobs from the service's database and run them."""
    args = ["worker"]
    args += ["--database", database] if database else []
    args += ["--data-dir", data_dir] if data_dir else []
    args += ["--once"] if once else []
    args += ["--json"] if as_json else []
    _exec(args)
