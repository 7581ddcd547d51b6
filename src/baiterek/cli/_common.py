"""What every CLI command shares: error reporting (API keywords -> flags), JSON, console, bars."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from baiterek.errors import BaiterekError, InputError

# wide enough for the tables when piped (rich would assume 80 columns and cut ids); on a
# terminal rich takes its width (``baiterek validate`` lays itself out for 80 columns)
# emoji off: user text such as "200:100:50" must not become an emoji (":100:")
console = Console(stderr=False, width=None if sys.stdout.isatty() else 160, emoji=False)
err_console = Console(stderr=True, emoji=False)
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
        # a keyword after a number is a unit ("2.5 to 8 days"), not the flag
        allowed = re.sub(rf"(?<![\w.-])(?<!\d\s){re.escape(key)}(?![\w-])", flag_of[key], allowed)
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
    body: Callable[[], Any],
    as_json: bool,
    flag_of: Mapping[str, str] | None = None,
    *,
    out: Path | None = None,
) -> Any:
    """Run a command body; turn a user error into one message and exit code 2.

    ``out`` (the ``--out`` folder) is checked before the body runs, so an unusable folder is
    refused before any computation."""
    from baiterek.api import check_out_dir

    try:
        check_command_line()
        if out is not None:
            check_out_dir(out, "--out")
        return body()
    except BaiterekError as exc:
        err: BaiterekError = exc
        if isinstance(exc, InputError):  # a mission file is the MISSION argument
            err = as_flags(exc, {"mission file": "MISSION", **(flag_of or {})})
        if as_json:
            print_json({"error": err.to_dict()})
        err_console.print(f"[bold red]error:[/] {escape(str(err))}", highlight=False)
        raise typer.Exit(code=2) from None


def warn(text: str, label: str = "warning") -> None:
    """A warning on stderr (stdout stays one JSON document), user text escaped."""
    err_console.print(f"[yellow]{label}:[/] {escape(text)}", highlight=False)


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


def usage_error_doc(exc: Any) -> dict[str, Any]:
    """The JSON error document of a command-line parse error (click's UsageError)."""
    field = None
    param = getattr(exc, "param", None)
    if getattr(exc, "param_hint", None):
        field = str(exc.param_hint)
    elif param is not None:
        opts = getattr(param, "opts", None) or [getattr(param, "name", "")]
        field = str(opts[0]) if param.param_type_name == "option" else str(param.name).upper()
    elif getattr(exc, "option_name", None):
        field = str(exc.option_name)
    return {"kind": "UsageError", "message": exc.format_message(), "field": field}


def check_command_line() -> None:
    """Every number typed on the command line is finite; every text free of NUL characters.

    Runs inside a command, before its body: the click context holds the parsed values of the
    command's options and arguments, so one check covers every flag of every command (NaN, inf,
    or a 5,001-digit number that parses to inf never reach the physics). Ranges are the API's.
    """
    import math

    try:  # typer 0.2x ships its own copy of click
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - typer on the click package
        from click import get_current_context  # type: ignore[no-redef]

    ctx = get_current_context(silent=True)
    if ctx is None:
        return
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        name = _flag_name(param)
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, float) and not math.isfinite(v):
                raise InputError(name, v, "a finite number", "not nan or inf")
            if isinstance(v, (str, Path)) and "\x00" in str(v):
                raise InputError(name, repr(str(v)), "a value without a NUL character")


def _flag_name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    if getattr(param, "param_type_name", "") == "option" and opts:
        return str(opts[0])
    return str(param.name or "").upper()


_VALIDATOR_WORDS = (  # typer's option parsing speaks pydantic; say it in the CLI's words
    (r"Input should be a valid number, unable to parse string as a number", "not a number"),
    (r"Input should be a valid integer, unable to parse string as an integer",
     "not a whole number"),
    (r"Input should be a valid integer, got a number with a fractional part",
     "not a whole number"),
    (r"Input should be a valid boolean.*", "not true or false"),
    (r"Input should be (a valid )?", "expected "),
)  # fmt: skip


def plain_usage_message(message: str) -> str:
    """A command-line parse error without the validation library's wording."""
    for pattern, words in _VALIDATOR_WORDS:
        message = re.sub(pattern, words, message)
    return message
