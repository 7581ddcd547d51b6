"""The ``baiterek`` command: a thin shell over the Python API.

Each command lives in its own module and registers itself on ``app``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

COMMAND_ORDER = (
    "analyze", "fly", "performance", "curve", "window", "orbit", "safety", "dispersion", "moon",
    "mars", "compare", "postflight", "validate", "serve", "worker", "db", "vehicles", "sites",
    "stations",
)  # fmt: skip
"""The order ``baiterek --help`` lists the commands in: the whole analysis, a mission's path
step by step, after-flight, the service, then the catalog."""


try:  # typer 0.2x ships its own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - typer on the click package
    from click.exceptions import ClickException  # type: ignore[assignment,no-redef]


class _Group(TyperGroup):
    """The root command: lists the commands in ``COMMAND_ORDER``; under ``--json`` a command-line
    parse error (unknown option, a value of the wrong type, a missing argument) prints one JSON
    error document on stdout, exit 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        empty = _empty_path_flag(argv)
        if empty is not None:  # typer would read "" as "." (the current folder)
            from baiterek.cli._common import err_console, escape, print_json
            from baiterek.errors import InputError

            err = InputError(empty, "", "a path (an empty value would mean the current folder)")
            if "--json" in argv:
                print_json({"error": err.to_dict()})
            err_console.print(f"[bold red]error:[/] {escape(str(err))}", highlight=False)
            if standalone_mode:
                sys.exit(2)
            return 2
        try:
            rv = super().main(argv, prog_name, complete_var, False, **extra)
            code = rv if isinstance(rv, int) else 0
        except ClickException as exc:
            from baiterek.cli._common import plain_usage_message, print_json, usage_error_doc

            exc.message = plain_usage_message(exc.message)
            if "--json" in argv:
                print_json({"error": usage_error_doc(exc)})
            exc.show()  # usage line and the message on stderr
            code = exc.exit_code
        except typer.Abort:
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code

    def list_commands(self, ctx: Any) -> list[str]:  # ctx: typer's vendored click Context
        """The commands in ``COMMAND_ORDER`` (any other after them, alphabetically)."""
        names = super().list_commands(ctx)
        rank = {n: i for i, n in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


PATH_FLAGS = ("--out", "--tle", "--zones", "--covariance")


def _empty_path_flag(argv: list[str]) -> str | None:
    """The first path option given an empty value (``--out ""`` or ``--out=``), else None."""
    for i, word in enumerate(argv):
        flag, eq, value = word.partition("=")
        if flag in PATH_FLAGS:
            given = value if eq else (argv[i + 1] if i + 1 < len(argv) else None)
            if given is not None and given.strip() == "":
                return flag
    return None


app = typer.Typer(
    cls=_Group,
    name="baiterek",
    help="Mission analysis for the Baiterek launch complex: ascent, performance, windows, orbits, range safety, Monte Carlo, the Moon and Mars.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from baiterek.api import __version__

        typer.echo(f"baiterek {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Mission analysis for the Baiterek launch complex."""


# Command modules (each adds its commands to `app`).
import baiterek.cli.analyze_cmd  # noqa: E402,F401
import baiterek.cli.compare_cmd  # noqa: E402,F401
import baiterek.cli.curve_cmd  # noqa: E402,F401
import baiterek.cli.db_cmd  # noqa: E402,F401
import baiterek.cli.dispersion_cmd  # noqa: E402,F401
import baiterek.cli.mars_cmd  # noqa: E402,F401
import baiterek.cli.moon_cmd  # noqa: E402,F401
import baiterek.cli.orbit_cmd  # noqa: E402,F401
import baiterek.cli.postflight_cmd  # noqa: E402,F401
import baiterek.cli.safety_cmd  # noqa: E402,F401
import baiterek.cli.serve_cmd  # noqa: E402,F401
import baiterek.cli.validate_cmd  # noqa: E402,F401
import baiterek.cli.window_cmd  # noqa: E402,F401
from baiterek.cli import catalog_cmd, fly_cmd, performance_cmd  # noqa: E402,F401


def main() -> None:
    app()
