"""What every CLI command shares: error reporting, JSON output, console."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import typer
from rich.console import Console

from baiterek.errors import BaiterekError

# wide enough for the tables when piped (rich would assume 80 columns and cut ids)
console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True)


def to_jsonable(obj: Any) -> Any:
    """Plain JSON types from numpy scalars/arrays, NaN as null."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


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
