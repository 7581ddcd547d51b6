"""User files (mission, TLE, zones, covariance) are refused by name, never read into a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from baiterek.checks import read_text_file
from baiterek.errors import InputError
from baiterek.mission import load_mission

EXAMPLE = Path(__file__).parents[2] / "examples" / "sunkar-leo-200km.toml"


def _refused(path: object, detail: str) -> InputError:
    with pytest.raises(InputError) as e:
        load_mission(path)  # type: ignore[arg-type]
    assert e.value.field == "mission file"
    assert detail in str(e.value), str(e.value)
    return e.value


def test_a_folder_an_empty_file_and_a_path_under_a_file(tmp_path: Path) -> None:
    _refused(tmp_path, "it is a folder")
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    _refused(empty, "the file is empty")
    _refused(EXAMPLE / "x.toml", "a part of the path is a file")


def test_not_found_is_said_as_such(tmp_path: Path) -> None:
    err = _refused(tmp_path / "nope.toml", "not found")
    assert "was not found: a readable TOML file is needed" in str(err)
    assert "not allowed" not in str(err)


def test_a_symlink_loop_and_a_device(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    os.symlink(b, a)
    os.symlink(a, b)
    _refused(a, "symbolic link loop")
    _refused("/dev/zero", "a device or a pipe")


def test_utf16_and_binary_and_nul_in_the_name(tmp_path: Path) -> None:
    u = tmp_path / "u.toml"
    u.write_bytes(EXAMPLE.read_text().encode("utf-16"))
    _refused(u, "UTF-16")
    b = tmp_path / "b.toml"
    b.write_bytes(b"\x7fELF\x00\x01\x02" * 10)
    _refused(b, "binary data")
    _refused("mission\x00.toml", "NUL")


def test_latin1_bytes_name_their_position(tmp_path: Path) -> None:
    p = tmp_path / "l.toml"
    p.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(InputError, match="byte 11 is not UTF-8"):
        read_text_file(p, "tle", "a TLE file")


@pytest.mark.parametrize("reader", ["orbit", "window"])
def test_tle_readers_of_orbit_and_window_refuse_utf16_alike(tmp_path: Path, reader: str) -> None:
    from baiterek.orbit.tle import read_tle_file
    from baiterek.windows.tle import read_tle

    p = tmp_path / "iss.tle"
    p.write_bytes("ISS\n1 25544U\n2 25544\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16") as e:
        (read_tle_file if reader == "orbit" else read_tle)(p)
    assert e.value.field in ("tle", "tle_file")


def test_covariance_file_with_nan_is_refused(tmp_path: Path) -> None:
    from baiterek._api.orbit import read_covariance_km

    p = tmp_path / "cov.csv"
    p.write_text("\n".join(",".join(["nan"] * 6) for _ in range(6)))
    with pytest.raises(InputError, match="finite"):
        read_covariance_km(p)
