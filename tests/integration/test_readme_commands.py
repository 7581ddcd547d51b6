"""Every shell command of the README runs as written (from a fresh working folder).

The ``sh`` blocks are read from the README; ``make`` lines are skipped (they are what runs this
test). ``baiterek`` and ``.venv/bin/baiterek`` run as ``python -m baiterek`` of this interpreter.
Each command runs in an empty folder holding only a link to ``examples/``, so the relative paths
of the README resolve and no run sees another's output. A command must exit 0; one with
``--json`` must print one JSON document on stdout.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.split(" #")[0].strip()
            if not line or line.startswith("#") or line.startswith("make "):
                continue
            out.extend(c.strip() for c in line.split(";") if c.strip())
    return out


COMMANDS = _commands()


def test_the_readme_has_commands():
    assert len(COMMANDS) >= 15, COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs_as_written(command: str, tmp_path: Path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    args = shlex.split(command)
    assert args[0] in ("baiterek", ".venv/bin/baiterek"), command
    r = subprocess.run(
        [sys.executable, "-m", "baiterek", *args[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, f"{command}\nexit {r.returncode}\n{r.stderr[-3000:]}"
    if "--json" in args:
        json.loads(r.stdout)
