"""What every CLI command shares: error reporting, JSON output, console."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console

from baiterek.errors import BaiterekError
from baiterek.serialize import to_jsonable

# wide enough for the tables when piped (rich would assume 80 columns and cut ids)
console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True)


def print_json(obj: Any) -> None:
    """Print one JSON document on stdout."""
    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2) + "\n")
    sys.stdout.flush()


def run_command(body: Callable[[], Any], as_json: bool) -> Any:
    """Run a command body; turn a user error into one message and exit code 2."""
    try:
        return body()
    except BaiterekError as exc:
        if as_json:
            print_json({"error": exc.to_dict()})
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(code=2) from None
