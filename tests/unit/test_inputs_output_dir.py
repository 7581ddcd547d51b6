"""The output folder: checked up front, filled atomically, described by its manifest."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from baiterek.errors import InputError
from baiterek.export.output import MANIFEST_NAME, check_out_dir, read_manifest, staged_output

PROV = {"baiterek_version": "test", "input_sha256": None, "seed": None, "command": "test"}


@pytest.mark.parametrize(
    "bad",
    ["/dev/null", "/proc/x", "/dev/shm/x", "", "a\x00b", "x" * 300, "/sys"],
)
def test_unusable_out_dir_is_refused_naming_the_flag(bad: str) -> None:
    with pytest.raises(InputError) as e:
        check_out_dir(bad, "--out")
    assert e.value.field == "--out"


def test_existing_file_and_path_under_a_file_are_refused(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_text("x")
    for bad in (f, f / "sub", f / "sub" / "deeper"):
        with pytest.raises(InputError, match="file"):
            check_out_dir(bad)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(InputError, match="write|create"):
            check_out_dir(ro / "new")
    finally:
        ro.chmod(0o700)


def test_creatable_folder_is_accepted_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    assert check_out_dir(target) == target
    assert not (tmp_path / "a").exists()


def test_manifest_lists_every_file_with_its_hash(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with staged_output(out, PROV, {"a.csv": "the a table"}) as stage:
        (stage / "a.csv").write_text("x,y\n1,2\n")
        (stage / "sub").mkdir()
        (stage / "sub" / "b.json").write_text("{}")
    doc = read_manifest(out)
    assert doc is not None and doc["provenance"] == PROV
    by_name = {e["name"]: e for e in doc["files"]}
    assert set(by_name) == {"a.csv", "sub/b.json"}
    assert by_name["a.csv"]["what"] == "the a table"
    assert by_name["sub/b.json"]["what"] == "JSON document"
    data = (out / "a.csv").read_bytes()
    assert by_name["a.csv"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert by_name["a.csv"]["bytes"] == len(data)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_rerun_removes_only_the_previous_runs_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("the user's own file")
    with staged_output(out, PROV) as stage:
        (stage / "old.csv").write_text("a\n1\n")
        (stage / "keep.csv").write_text("a\n1\n")
    with staged_output(out, PROV) as stage:
        (stage / "keep.csv").write_text("a\n2\n")
    assert sorted(p.name for p in out.iterdir()) == ["keep.csv", MANIFEST_NAME, "mine.txt"]
    assert (out / "keep.csv").read_text() == "a\n2\n"


def test_failure_leaves_the_folder_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with staged_output(out, PROV) as stage:
        (stage / "a.csv").write_text("a\n1\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(RuntimeError), staged_output(out, PROV) as stage:
        (stage / "b.csv").write_text("half")
        raise RuntimeError("the computation failed")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_in_a_products_place_is_refused_before_anything_moves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "b.csv").mkdir(parents=True)
    with pytest.raises(InputError, match="folder") as e, staged_output(out, PROV) as stage:
        (stage / "a.csv").write_text("a\n1\n")
        (stage / "b.csv").write_text("a\n1\n")
    assert e.value.field == "--out"
    assert sorted(p.name for p in out.iterdir()) == ["b.csv"]
    assert json.dumps(sorted(p.name for p in tmp_path.iterdir())) == '["out"]'


def test_another_commands_files_in_the_same_folder_stay_listed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with staged_output(out, {**PROV, "command": "fly"}) as stage:
        (stage / "trajectory.csv").write_text("a\n1\n")
    with staged_output(out, {**PROV, "command": "window"}) as stage:
        (stage / "w.csv").write_text("a\n1\n")
    with staged_output(out, {**PROV, "command": "window"}) as stage:
        (stage / "w2.csv").write_text("a\n1\n")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "trajectory.csv", "w2.csv"]
    doc = read_manifest(out)
    assert doc is not None
    assert [e["name"] for e in doc["files"]] == ["w2.csv"]
    assert doc["other_runs"][0]["provenance"]["command"] == "fly"
    assert [e["name"] for e in doc["other_runs"][0]["files"]] == ["trajectory.csv"]
