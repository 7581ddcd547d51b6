"""``baiterek db upgrade|downgrade|current``: the service database's schema (Alembic migrations).

Like ``serve``, it hands the process to the service layer (``python -m
baiterek.service.migrate``) instead of importing it: the CLI and the service are siblings."""

from __future__ import annotations

import os
import sys

import typer

from baiterek.cli import app
from baiterek.cli._common import run_command
from baiterek.errors import InputError

ACTIONS = ("upgrade", "downgrade", "current")


@app.command("db")
def db_command(
    action: str = typer.Argument(..., help="upgrade, downgrade or current."),
    database: str = typer.Option(
        None,
        "--database",
        help="Database URL (default: $BAITEREK_DATABASE_URL, else SQLite in the data folder).",
    ),
    data_dir: str = typer.Option(None, "--data-dir", help="Data folder of the SQLite default."),
    revision: str = typer.Option(
        None, "--revision", help="Target revision (upgrade: default head; downgrade: e.g. base)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Create or migrate the service's database (upgrade), go back (downgrade), or show it."""

    def check() -> None:
        if action not in ACTIONS:
            raise InputError("action", action, ", ".join(ACTIONS))

    run_command(check, as_json)
    args = [action]
    args += ["--database", database] if database else []
    args += ["--data-dir", data_dir] if data_dir else []
    args += ["--revision", revision] if revision else []
    args += ["--json"] if as_json else []
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "baiterek.service.migrate", *args])
