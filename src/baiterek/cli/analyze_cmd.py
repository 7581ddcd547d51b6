"""``baiterek analyze``: the mission analysis of a customer's request, the report and the files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import console, err_console, escape, flags, print_json, run_command

FLAGS = flags("kind", "samples", "out", mission="MISSION")
_DEFAULT_OUT = Path("out/analysis")


@app.command("analyze")
def analyze_command(
    mission: Annotated[
        Path,
        typer.Argument(
            help="Mission TOML (optional tables: customer, spacecraft, separation, analysis)."
        ),
    ],
    kind: str = typer.Option("preliminary", "--kind", help="preliminary or final."),
    samples: int | None = typer.Option(
        None,
        "--samples",
        help="Monte Carlo samples (default: analysis.samples of the mission, else 200; 1,000 for --kind final).",
    ),
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = _DEFAULT_OUT,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:
    """The mission analysis report (HTML, PDF) and the handover files, from one mission file.

    Performance, flight, windows, fall zones, injection accuracy, separation, visibility, orbit products.

    Writes report.html and report.pdf; manifest.json lists every file written."""

    def body() -> None:
        with Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err_console, transient=True,
            disable=as_json or not err_console.is_terminal,
        ) as bar:  # fmt: skip
            task = bar.add_task("reading the mission", total=len(api.ANALYSIS_STAGES) + 1)

            def update(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=total + 1)

            result = api.analyze(mission, kind=kind, samples=samples, progress=update)
            bar.update(task, description="writing the report and the files",
                       completed=len(api.ANALYSIS_STAGES))  # fmt: skip
            files = result.write(out)
        # the document written as analysis.json: to_json() with the files and the PDF's status
        doc = json.loads(Path(files["analysis.json"]).read_text(encoding="utf-8"))
        if as_json:
            print_json(doc)
            return
        for line in result.headline():
            console.print(escape(line), highlight=False)
        console.print(f"report: {escape(str(out / 'report.html'))}"
                      + (f" and {escape(str(out / 'report.pdf'))}" if "report.pdf" in files else
                         f" (no PDF: {escape(doc['report_pdf']['note'])})"), highlight=False)  # fmt: skip
        console.print(f"{len(files)} files in {escape(str(out))} (manifest.json says what each is)",
                      highlight=False)  # fmt: skip

    run_command(body, as_json, FLAGS, out=out)
