"""The CLI's layout: command order in --help, one line per help paragraph, validate readable at 80 columns."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from rich.console import Console
from typer.testing import CliRunner

from baiterek.cli import COMMAND_ORDER, app
from baiterek.cli import validate_cmd as V


def test_help_lists_commands_in_the_order_of_a_mission():
    res = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    listed = [
        ln.split()[1]
        for ln in res.stdout.splitlines()
        if ln.startswith("│ ") and len(ln.split()) > 2
    ]
    listed = [n for n in listed if n in COMMAND_ORDER]
    assert listed == [n for n in COMMAND_ORDER if n in listed]
    assert listed[:4] == ["analyze", "fly", "performance", "curve"] and listed[-1] == "stations"


def _rows():
    """Validation rows with the real case texts (data/validation/*.toml) and made-up results."""
    rows = []
    for f in ("direct.toml", "upper_stage.toml"):
        raw = tomllib.loads((resources.files("baiterek") / "data" / "validation" / f).read_text())
        for c in raw["case"]:
            pub = c.get("published_kg")
            rows.append(
                {
                    "vehicle": c["vehicle"], "site": c["site"], "orbit": c["orbit"],
                    "kind": c["kind"], "published_kg": pub,
                    "published_max_kg": c.get("published_max_kg"), "source": c["source"],
                    "tolerance_pct": c.get("tolerance_pct"), "predicted_kg": 12345.6,
                    "difference_kg": None if pub is None else 12345.6 - pub,
                    "difference_pct": None if pub is None else 100 * (12345.6 / pub - 1),
                    "verdict": "pass" if pub else "-", "reason": "",
                    "other_published_kg": None, "other_difference_pct": None,
                }
            )  # fmt: skip
    return rows


@pytest.mark.parametrize("width", [80, 160])
def test_validate_is_readable_at_80_columns(monkeypatch, width):
    """COLUMNS=80 truncated every column of the 9-column table ('12,000-13…', 'sun-synch…')."""
    monkeypatch.delenv("COLUMNS", raising=False)
    con = Console(width=width, record=True, force_terminal=False)
    monkeypatch.setattr(V, "console", con)
    rows = _rows()
    V._print({"rows": rows, "elapsed_s": 1.0})
    text = con.export_text()
    assert "…" not in text
    assert all(len(ln) <= width for ln in text.splitlines())
    if width >= V.NARROW:
        return  # a table: texts may wrap inside their cells, never cut (checked above)
    flat = " ".join(text.split())
    for r in rows:  # every text whole (wrapped lines joined)
        for s in (r["vehicle"], r["orbit"], r["source"]):
            assert " ".join(s.split()) in flat, s
    assert "12,000-13,700" in flat


def test_validate_honours_columns_when_piped(monkeypatch, capsys):
    """COLUMNS=80 baiterek validate | less: the blocks, at most 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    V._print({"rows": _rows(), "elapsed_s": 1.0})
    out = capsys.readouterr().out
    assert "source: " in out and "┏" not in out
    assert all(len(ln) <= 80 for ln in out.splitlines())


def test_command_help_paragraphs_are_one_line_each():
    """rich keeps a docstring's line breaks in --help: a paragraph broken across source lines
    printed as a short line mid-sentence ('injection accuracy,' / 'separation, ...')."""
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        for para in (cmd.help or "").strip().split("\n\n"):
            assert "\n" not in para.strip(), f"baiterek {name} --help: {para!r}"
