"""What every CLI command shares: error reporting (API keywords -> flags), JSON, console, bars."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import typer
from rich.console import Console

from baiterek.errors import BaiterekError, InputError

# wide enough for the tables when piped (rich would assume 80 columns and cut ids); on a
# terminal rich takes its width (``baiterek validate`` lays itself out for 80 columns)
console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True)
T = TypeVar("T")


def print_json(obj: Any) -> None:
    """Print one JSON document on stdout."""
    sys.stdout.write(json.dumps(obj, indent=2) + "\n")
    sys.stdout.flush()


def num(value: float, spec: str) -> str:
    """``format(value, spec)`` without a minus on a value that rounds to zero ('-0.00')."""
    m = re.search(r"\.(\d+)f", spec)
    if m is not None and isinstance(value, float) and value == value:
        value = round(value, int(m.group(1))) + 0.0
    return format(value, spec)


def flags(*names: str, **explicit: str) -> dict[str, str]:
    """{API keyword: flag}: ``altitude_km`` -> ``--altitude-km``, plus explicit pairs."""
    return {**{n: "--" + n.replace("_", "-") for n in names}, **explicit}


def as_flags(exc: InputError, flag_of: Mapping[str, str]) -> InputError:
    """The same error naming the flags the user typed instead of the API keywords.

    Only an error whose field is a keyword of the command (or a field the command lists as
    naming keywords in its text, such as ``input``) is rewritten, field and allowed text; any
    other error (a mission-file key, a TLE epoch) is left as the core wrote it.
    """
    parts = exc.field.split("/")
    if not all(p in flag_of for p in parts):
        return exc
    field = "/".join(flag_of[p] for p in parts)
    allowed = exc.allowed
    for key in sorted(flag_of, key=len, reverse=True):
        allowed = re.sub(rf"(?<![\w.-]){re.escape(key)}(?![\w-])", flag_of[key], allowed)
    if (field, allowed) == (exc.field, exc.allowed):
        return exc
    return InputError(field, exc.value, allowed, exc.detail)


def announce_compile() -> None:
    """On a cold first run (the flight kernels not in numba's cache yet) say on stderr that
    they compile, once, instead of a silent spinner; nothing when they are cached."""
    from baiterek import api

    note = api.compile_notice()
    if note:
        err_console.print(note, highlight=False, markup=False)


def with_status(label: str, fn: Callable[[], T], as_json: bool) -> T:
    """``fn()`` behind a spinner on stderr saying ``label`` (no spinner with ``--json``)."""
    if as_json:
        return fn()
    with err_console.status(label):
        return fn()


def run_command(
    body: Callable[[], Any], as_json: bool, flag_of: Mapping[str, str] | None = None
) -> Any:
    """Run a command body; turn a user error into one message and exit code 2."""
    try:
        return body()
    except BaiterekError as exc:
        err: BaiterekError = exc
        if flag_of and isinstance(exc, InputError):
            err = as_flags(exc, flag_of)
        if as_json:
            print_json({"error": err.to_dict()})
        err_console.print(f"[bold red]error:[/] {err}", highlight=False)
        raise typer.Exit(code=2) from None


def progress_bar(description: str) -> tuple[Any, Callable[[int, int], None]]:
    """A rich progress bar on stderr (hidden when stderr is not a terminal).

    Returns (context manager, callback ``progress(done, total)``).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
    )
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update
