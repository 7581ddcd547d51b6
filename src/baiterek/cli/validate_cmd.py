"""``baiterek validate``: maximum payloads against published figures (a report, exit code 0)."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import console, flags, print_json, progress_bar, run_command


@app.command("validate")
def validate_command(
    workers: int = typer.Option(
        None, "--workers", help="Processes (default: the machine's cores)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """Compare baiterek's maximum payloads with published figures (vehicles.md sec. 10).

    Misses are reported, not hidden; the exit code is 0 whatever the verdicts (it is a report).
    """

    def body() -> None:
        bar, update = progress_bar("validation cases")
        with bar:
            result = api.validate(workers=workers, progress=update)
        doc = result.to_json()
        if as_json:
            print_json(doc)
            return
        _print(doc)

    run_command(body, as_json, flags("workers"))


def _print(doc: dict[str, Any]) -> None:
    for kind in ("calibration", "prediction"):
        rows = [r for r in doc["rows"] if r["kind"] == kind]
        if not rows:
            continue
        t = Table(title=f"{kind}: maximum payload against published figures")
        for col in ("vehicle", "site", "orbit", "published kg", "tolerance", "baiterek kg"):
            t.add_column(col, justify="right" if "kg" in col or col == "tolerance" else "left")
        t.add_column("difference", justify="right")
        t.add_column("result")
        t.add_column("source")
        for r in rows:
            verdict = {
                "MISS": "[bold red]MISS[/]",
                "failed": "[bold red]not computed[/]",
                "pass": "[green]pass[/]",
            }.get(r["verdict"], r["verdict"])
            diff = (
                "-"
                if r["difference_kg"] is None
                else f"{r['difference_kg']:+,.0f} kg ({r['difference_pct']:+.1f} %)"
            )
            t.add_row(
                r["vehicle"],
                r["site"],
                r["orbit"],
                "-"
                if r["published_kg"] is None
                else f"{r['published_kg']:,.0f}"
                + (f"-{r['published_max_kg']:,.0f}" if r["published_max_kg"] else ""),
                "-" if r["tolerance_pct"] is None else f"±{r['tolerance_pct']:g} %",
                "n/a" if r["predicted_kg"] is None else f"{r['predicted_kg']:,.0f}",
                diff,
                verdict,
                r["source"],
            )
        console.print(t)
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
