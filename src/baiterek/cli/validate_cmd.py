"""``baiterek validate``: maximum payloads against published figures (a report, exit code 0)."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import (
    announce_compile,
    console,
    flags,
    print_json,
    progress_bar,
    run_command,
)


@app.command("validate")
def validate_command(
    workers: int = typer.Option(
        None, "--workers", help="Processes (default: the machine's cores)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Compare baiterek's maximum payloads with published figures (docs/reference).

    Misses are reported, not hidden; the exit code is 0 whatever the verdicts (it is a report).
    """

    def body() -> None:
        announce_compile()
        bar, update = progress_bar("validation cases")
        with bar:
            result = api.validate(workers=workers, progress=update)
        doc = result.to_json()
        if as_json:
            print_json(doc)
            return
        _print(doc)

    run_command(body, as_json, flags("workers"))


NARROW = 120
"""Below this console width each case is printed as a short block instead of a table row."""

_VERDICT = {
    "MISS": "[bold red]MISS[/]",
    "failed": "[bold red]not computed[/]",
    "pass": "[green]pass[/]",
}


def _cells(r: dict[str, Any]) -> tuple[str, str, str, str]:
    """(published, baiterek, difference, tolerance) as printed."""
    published = (
        "-"
        if r["published_kg"] is None
        else f"{r['published_kg']:,.0f}"
        + (f"-{r['published_max_kg']:,.0f}" if r["published_max_kg"] else "")
    )
    predicted = "n/a" if r["predicted_kg"] is None else f"{r['predicted_kg']:,.0f}"
    diff = (
        "-"
        if r["difference_kg"] is None
        else f"{r['difference_kg']:+,.0f} kg ({r['difference_pct']:+.1f} %)"
    )
    tol = "-" if r["tolerance_pct"] is None else f"±{r['tolerance_pct']:g} %"
    return published, predicted, diff, tol


def _console() -> Console:
    """The shared console, or one of ``COLUMNS`` width when the user set it and stdout is not a
    terminal (the shared console is 160 wide when piped)."""
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) >= 40 and not sys.stdout.isatty():
        return Console(width=int(cols))
    return console


def _print(doc: dict[str, Any]) -> None:
    """One table per kind, the sources as numbered notes under it; on a console narrower than
    ``NARROW`` columns (COLUMNS=80) one short block per case, so that nothing is cut."""
    console = _console()
    narrow = console.width < NARROW
    for kind in ("calibration", "prediction"):
        rows = [r for r in doc["rows"] if r["kind"] == kind]
        if not rows:
            continue
        title = f"{kind}: maximum payload against published figures"
        if narrow:
            console.print(f"[bold]{title}[/]")
            for r in rows:
                published, predicted, diff, tol = _cells(r)
                verdict = _VERDICT.get(r["verdict"], r["verdict"])
                console.print(f"{r['vehicle']} from {r['site']}: {r['orbit']}", highlight=False)
                console.print(
                    f"  published {published} kg, baiterek {predicted} kg, difference {diff}, "
                    f"tolerance {tol}: {verdict}",
                    highlight=False,
                )
                console.print(f"  source: {r['source']}", highlight=False, markup=False)
            continue
        t = Table(title=title)
        t.add_column("#", justify="right")
        for col in ("vehicle", "site"):
            t.add_column(col, no_wrap=True)
        t.add_column("orbit")
        for col in ("published kg", "baiterek kg", "difference", "tolerance"):
            t.add_column(col, justify="right", no_wrap=True)
        t.add_column("result", no_wrap=True)
        notes = []
        for k, r in enumerate(rows, start=1):
            verdict = _VERDICT.get(r["verdict"], r["verdict"])
            t.add_row(str(k), r["vehicle"], r["site"], r["orbit"], *_cells(r), verdict)
            notes.append(f"[{k}] {r['source']}")
        console.print(t)
        for n in notes:
            console.print(n, highlight=False, markup=False)
    for r in doc["rows"]:
        if r["verdict"] in ("MISS", "failed"):
            msg = r["reason"] or (
                f"{r['difference_pct']:+.1f} % against the ±{r['tolerance_pct']:g} % tolerance"
            )
            console.print(
                f"[bold red]{r['verdict']}[/] {r['vehicle']} {r['orbit']}: {msg}", highlight=False
            )
    for r in doc["rows"]:
        if r["other_published_kg"] is not None and r["other_difference_pct"] is not None:
            console.print(
                f"{r['vehicle']} {r['orbit']}: also published {r['other_published_kg']:,.0f} kg "
                f"({r['other_source']}): {r['other_difference_pct']:+.1f} % (no verdict)",
                highlight=False,
            )
    console.print(f"{len(doc['rows'])} cases in {doc['elapsed_s']:.1f} s")
