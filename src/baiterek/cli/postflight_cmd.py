"""``baiterek postflight MISSION.toml --achieved ORBIT``: the post-flight report."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import console, print_json, run_command, with_status
from baiterek.cli.compare_cmd import parse_events

_FLAGS = {
    "mission": "MISSION",
    "achieved": "--achieved",
    "telemetry": "--telemetry",
    "events": "--event",
    "dispersion": "--dispersion",
    "samples": "--samples",
    "limit_sigma": "--limit-sigma",
}


@app.command("postflight")
def postflight_command(
    mission_file: Path = typer.Argument(..., help="Mission TOML file (the target and how it was flown)."),
    achieved: str = typer.Option(..., "--achieved", help="Achieved orbit: a TLE file, an OPM file (.opm, KVN) or PERIGEE_KMxAPOGEE_KM@INCLINATION_DEG (e.g. 197x255@51.67)."),
    telemetry: Path = typer.Option(None, "--telemetry", help="Telemetry CSV to compare the trajectory with (see baiterek compare)."),
    event: list[str] = typer.Option([], "--event", help="A flown event time for the telemetry, NAME=SECONDS (repeatable)."),
    dispersion: Path = typer.Option(None, "--dispersion", help="A `baiterek dispersion` output folder (else a Monte Carlo is run now)."),
    samples: int = typer.Option(200, "--samples", help="Samples of the Monte Carlo run now (without --dispersion)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo run now."),
    limit_sigma: float = typer.Option(3.0, "--limit-sigma", help="Verdict: every element within this many sigma."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for postflight.html, postflight.pdf and postflight.json."),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="Do not print postflight.pdf (headless Chromium)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:  # fmt: skip
    """Achieved orbit against target and Monte Carlo envelope, trajectory against telemetry, verdict."""

    def body() -> None:
        flown = parse_events(event)
        result = with_status(
            "the post-flight report: Monte Carlo envelope, achieved orbit, telemetry",
            lambda: api.postflight(
                mission_file,
                achieved,
                telemetry=telemetry,
                events=flown,
                dispersion=dispersion,
                samples=samples,
                seed=seed,
                limit_sigma=limit_sigma,
            ),  # fmt: skip
            as_json,
        )
        doc = result.to_json()
        files = result.write(out, pdf=not no_pdf)
        if as_json:
            print_json({**doc, "files": files})
            return
        table = Table(title=f"{doc['mission']}: achieved orbit ({doc['achieved']['kind']})")
        for col in ("element", "achieved", "target", "achieved - target", "envelope mean",
                    "sigma", "deviation (sigma)"):  # fmt: skip
            table.add_column(col, justify="left" if col == "element" else "right")
        for e in doc["elements"]:
            dev = e["deviation_sigma"]
            table.add_row(e["element"], f"{e['achieved']:.3f}", f"{e['target']:.3f}",
                          f"{e['error_to_target']:+.3f}", f"{e['mean']:.3f}",
                          f"{e['sigma']:.3g}", "n/a" if dev is None else f"{dev:+.2f}")  # fmt: skip
        console.print(table)
        console.print(f"Verdict: {doc['verdict']}")
        for n in doc["notes"]:
            console.print(f"  note: {n}")
        for kind, p in files.items():
            console.print(f"  {kind:16s} {p}")

    run_command(body, as_json, _FLAGS, out=out)
