"""``baiterek db``: migrate the service database up and down from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _db(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "baiterek", "db", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_db_upgrade_current_downgrade(tmp_path: Path) -> None:
    url = "sqlite:///book/baiterek.sqlite3"
    up = _db("upgrade", "--database", url, "--json", cwd=tmp_path)
    assert up.returncode == 0, up.stderr
    doc = json.loads(up.stdout)
    assert doc["revision"] == doc["head"] and doc["revision"] is not None
    assert (tmp_path / "book" / "baiterek.sqlite3").is_file()
    down = _db("downgrade", "--database", url, "--revision", "base", "--json", cwd=tmp_path)
    assert down.returncode == 0, down.stderr
    assert json.loads(down.stdout)["revision"] is None


def test_db_user_mistakes_exit_2_with_one_message(tmp_path: Path) -> None:
    bad = _db("sideways", "--json", cwd=tmp_path)
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["error"]["field"] == "action"
    assert "Traceback" not in bad.stderr
    nowhere = _db("upgrade", "--database", "postgresql://u:secret@127.0.0.1:1/x", cwd=tmp_path)
    assert nowhere.returncode == 2 and "--database" in nowhere.stderr
    assert "secret" not in nowhere.stderr and "Traceback" not in nowhere.stderr
    no_rev = _db("downgrade", "--database", "sqlite:///x.sqlite3", "--json", cwd=tmp_path)
    assert no_rev.returncode == 2 and json.loads(no_rev.stdout)["error"]["field"] == "--revision"
