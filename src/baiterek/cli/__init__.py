"""The ``baiterek`` command: a thin shell over the Python API.

Each command lives in its own module and registers itself on ``app``.
"""

from __future__ import annotations

import typer

app = typer.Typer(
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
import baiterek.cli.compare_cmd  # noqa: E402,F401
import baiterek.cli.curve_cmd  # noqa: E402,F401
import baiterek.cli.dispersion_cmd  # noqa: E402,F401
import baiterek.cli.mars_cmd  # noqa: E402,F401
import baiterek.cli.moon_cmd  # noqa: E402,F401
import baiterek.cli.orbit_cmd  # noqa: E402,F401
import baiterek.cli.postflight_cmd  # noqa: E402,F401
import baiterek.cli.safety_cmd  # noqa: E402,F401
import baiterek.cli.validate_cmd  # noqa: E402,F401
import baiterek.cli.window_cmd  # noqa: E402,F401
from baiterek.cli import catalog_cmd, fly_cmd, performance_cmd  # noqa: E402,F401


def main() -> None:
    app()
