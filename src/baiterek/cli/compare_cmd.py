"""``baiterek compare MISSION.toml --telemetry FILE.csv``: a flight beside its telemetry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from baiterek import api
from baiterek.cli import app
from baiterek.cli._common import console, escape, print_json, run_command, with_status

_FLAGS = {
    "mission": "MISSION",
    "telemetry": "--telemetry",
    "events": "--event",
    "event_names": "--event",
    "telemetry.time_column": "--time-column",
    "telemetry.altitude_column": "--altitude-column",
    "telemetry.speed_column": "--speed-column",
    "telemetry.downrange_column": "--downrange-column",
    "telemetry.acceleration_column": "--acceleration-column",
}


def parse_events(items: list[str]) -> dict[str, float]:
    """`--event NAME=SECONDS` options as {name: s}."""
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise api.InputError("--event", item, "NAME=SECONDS, e.g. stage2_cutoff=535") from None
    return out


@app.command("compare")
def compare_command(
    mission_file: Path = typer.Argument(..., help="Mission TOML file (its [configuration] says how it was flown)."),
    telemetry: Path = typer.Option(..., "--telemetry", help="Telemetry CSV: t_s, altitude_km (geodetic), speed_m_s (Earth-relative)."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for compare.html, compare.csv, compare.json."),
    event: list[str] = typer.Option([], "--event", help="A flown event time, NAME=SECONDS (repeatable), e.g. stage2_cutoff=535: compared event to event."),
    time_column: str = typer.Option(None, "--time-column", help="Time column (default t_s)."),
    altitude_column: str = typer.Option(None, "--altitude-column", help="Altitude column, unit by suffix _km or _m (default altitude_km)."),
    speed_column: str = typer.Option(None, "--speed-column", help="Speed column, unit by suffix _m_s, _km_h or _km_s (default speed_m_s)."),
    downrange_column: str = typer.Option(None, "--downrange-column", help="Optional downrange column (_km or _m)."),
    acceleration_column: str = typer.Option(None, "--acceleration-column", help="Optional acceleration column (_g or _m_s2)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document on stdout."),
) -> None:  # fmt: skip
    """Fly a mission as it was flown and compare it with its telemetry (table, JSON, overlay plot)."""

    def body() -> None:
        flown = parse_events(event)
        result = with_status(
            "flying the mission and lining it up with the telemetry",
            lambda: api.compare(
                mission_file,
                telemetry,
                events=flown,
                time_column=time_column,
                altitude_column=altitude_column,
                speed_column=speed_column,
                downrange_column=downrange_column,
                acceleration_column=acceleration_column,
            ),  # fmt: skip
            as_json,
        )
        doc = result.to_json()
        files = result.write(out)
        if as_json:
            print_json({**doc, "files": files})
            return
        _print(doc)
        for kind, p in files.items():
            console.print(f"  {kind:14s} {p}")

    run_command(body, as_json, _FLAGS, out=out)


def _print(doc: dict[str, Any]) -> None:
    def f(x: Any, spec: str) -> str:
        return "n/a" if x is None else format(x, spec)

    table = Table(title=f"{doc['mission']}: baiterek minus telemetry at the events")
    for col in ("event", "T+ (s)", "flown T+ (s)", "alt. (km)", "alt. err (km)", "alt. err (%)",
                "speed (m/s)", "speed err (m/s)", "speed err (%)"):  # fmt: skip
        table.add_column(col, justify="left" if col == "event" else "right")
    for e in doc["at_events"]:
        table.add_row(
            e["name"], f(e["time_s"], ".1f"), f(e["telemetry_time_s"], ".1f"),
            f(e["altitude_km"], ".1f"), f(e["altitude_error_km"], "+.1f"),
            f(e["altitude_error_pct"], "+.1f"), f(e["speed_m_s"], ".0f"),
            f(e["speed_error_m_s"], "+.0f"), f(e["speed_error_pct"], "+.1f"),
        )  # fmt: skip
    console.print(table)
    w = doc["worst"]
    alt, spd = w["altitude_error_km"], w["speed_error_m_s"]
    console.print(
        f"{len(doc['samples'])} samples compared ({doc['samples_outside_flight']} after the "
        f"simulated cutoff); largest altitude error {f(alt['value'], '+.1f')} km "
        f"({f(alt['pct'], '+.1f')} %) at T+{f(alt['time_s'], '.0f')} s, largest speed error "
        f"{f(spd['value'], '+.0f')} m/s ({f(spd['pct'], '+.1f')} %) at "
        f"T+{f(spd['time_s'], '.0f')} s"
    )
    for n in doc.get("notes", []):
        console.print(f"note: {escape(n)}", highlight=False)
