"""Bad input on the command line: exit 2, one clean message naming the flag, nothing written.

One test per class of mistake found by attacking every command (issue 10). All of these fail
validation before any computation, so the file runs in a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baiterek.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples"
PERF = ["performance", "--vehicle", "sunkar", "--site", "baikonur-45-1"]
PLANE = ["window", "--site", "baikonur-45-1", "--vehicle", "sunkar", "--raan-deg", "100",
         "--epoch", "2026-06-01T00:00:00Z", "--inclination-deg", "51.6", "--altitude-km", "400",
         "--from", "2026-06-01"]  # fmt: skip
STATE = ["orbit", "--state-gcrs", "6778,0,0,0,7.67,0", "--epoch", "2026-06-01T00:00:00Z"]


def refused(args: list[str], field: str | None = None, *, tmp: Path | None = None) -> dict:
    """Run with --json; assert exit 2, one JSON error document, no traceback; the error."""
    r = runner.invoke(app, [*args, "--json"])
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert r.exit_code == 2, r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    err = json.loads(r.stdout)["error"]
    if field is not None:
        assert err["field"] == field, err
    assert "Input should" not in err["message"]  # the validation library's wording
    return dict(err)


def test_unusable_out_is_refused_before_any_computation(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    for bad in (str(f), str(f / "sub"), "/dev/null", "/proc/x", "x" * 300):
        err = refused([*PERF, "--altitude-km", "200", "--inclination-deg", "51.6", "--out", bad])
        assert err["field"] == "--out"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_usage_errors_under_json_print_one_json_document() -> None:
    assert refused(["fly", "--bogus"], "--bogus")["kind"] == "UsageError"
    assert refused([*PERF, "--altitude-km", "abc"], "--altitude-km")["kind"] == "UsageError"
    assert refused(["window"], "--from")["kind"] == "UsageError"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1" * 5001])
def test_nan_inf_and_huge_numbers_on_the_command_line(value: str) -> None:
    refused([*PERF, "--altitude-km", value, "--inclination-deg", "51.6"], "--altitude-km")
    refused([*PLANE, "--yaw-allowance-deg", value], "--yaw-allowance-deg")
    refused([*STATE, "--ballistic-coefficient", value], "--ballistic-coefficient")
    refused(["curve", "--vehicle", "sunkar", "--site", "baikonur-45-1", "--inclinations",
             "51.6", "--altitudes", f"200:{value}:100"], "--altitudes")  # fmt: skip


def test_values_in_range_are_said_in_the_users_words() -> None:
    err = refused([*PERF, "--altitude-km", "-50", "--inclination-deg", "51.6"], "--altitude-km")
    assert err["allowed"] == "a number above 80 and at most 40,000 km"
    err = refused([*PLANE, "--raan-deg", "nan"], "--raan-deg")
    refused([*PLANE, "--yaw-allowance-deg", "1e300"], "--yaw-allowance-deg")
    refused([*STATE, "--state-gcrs", "1e300,0,0,0,7,0"])


def test_options_that_would_be_ignored_are_refused_by_name() -> None:
    refused([*PERF, "--gto", "--perigee-km", "0", "--inclination-deg", "51.6"], "--perigee-km")
    refused([*PERF, "--sso", "--altitude-km", "600", "--inclination-deg", "97"],
            "--inclination-deg")  # fmt: skip
    refused(["performance", str(EXAMPLES / "sunkar-leo-200km.toml"), "--altitude-km", "300"],
            "--altitude-km")  # fmt: skip
    refused([*PERF, "--c3", "10", "--gto"], "--gto")
    refused([*PERF, "--altitude-km", "200", "--inclination-deg", "51.6", "--dla", "5"], "--dla")
    refused(["window", str(EXAMPLES / "window-progress-ms23.toml"), "--from", "2023-05-22",
             "--site", "baikonur-31-6"], "--site")  # fmt: skip
    tle = EXAMPLES / "iss-2023-05-24.tle"
    refused(["window", "--site", "baikonur-31-6", "--vehicle", "soyuz-2.1a", "--tle", str(tle),
             "--from", "2023-05-24", "--raan-deg", "10"], "--raan-deg")  # fmt: skip


def test_years_outside_the_data_span(tmp_path: Path) -> None:
    for day in ("0001-01-01T00:00:00+05:00", "9999-12-31", "1800-01-01"):
        refused([*PLANE[:-1], day], "--from")
    refused([*STATE[:-1], "9999-12-31T23:00:00Z"], "--epoch")


def test_file_inputs_refused_by_name(tmp_path: Path) -> None:
    utf16 = tmp_path / "iss.tle"
    utf16.write_bytes((EXAMPLES / "iss-2023-05-24.tle").read_text().encode("utf-16"))
    for tle in (utf16, Path("/dev/zero"), tmp_path):
        refused(["orbit", "--tle", str(tle)], "--tle")
        refused(["window", "--site", "baikonur-31-6", "--vehicle", "soyuz-2.1a", "--tle",
                 str(tle), "--from", "2023-05-24"], "--tle")  # fmt: skip
    for cmd in ("fly", "safety", "performance", "dispersion", "orbit"):
        err = refused([cmd, str(tmp_path)], "MISSION")
        assert "folder" in err["message"]
    err = refused(["fly", str(tmp_path / "missing.toml")], "MISSION")
    assert "not found" in err["message"]


def test_rich_markup_does_not_mangle_user_text() -> None:
    r = runner.invoke(app, ["curve", "--vehicle", "sunkar", "--site", "baikonur-45-1",
                            "--inclinations", "51.6", "--altitudes", "200:100:50"])  # fmt: skip
    assert r.exit_code == 2
    assert "200:100:50" in r.stderr and "\N{HUNDRED POINTS SYMBOL}" not in r.stderr
    r = runner.invoke(app, ["fly", "/tmp/[bold]x[/bold].toml"])
    assert r.exit_code == 2 and "[bold]x[/bold]" in r.stderr.replace("\n", "")


def test_plane_mode_errors_name_the_missing_option() -> None:
    without_epoch = [a for a in PLANE if a not in ("--epoch", "2026-06-01T00:00:00Z")]
    refused(without_epoch, "--epoch")
    refused([*PLANE, "--node", "ascending"], "--node")  # only an SSO window has a node choice
    refused(["window", "--site", "baikonur-45-1", "--vehicle", "sunkar", "--local-time", "25:30",
             "--altitude-km", "600", "--from", "2026-06-01"], "--local-time")  # fmt: skip


def test_a_mission_name_with_markup_is_printed_as_written(tmp_path: Path) -> None:
    m = tmp_path / "m.toml"
    m.write_text(
        '[mission]\nname = "[/x] 200:100:50"\nvehicle = "sunkar"\nsite = "baikonur-45-1"\n'
        '[target]\nkind = "circular"\naltitude_km = 400\ninclination_deg = 51.6\n'
        '[window]\nraan_deg = 100\nepoch_utc = "2026-06-01T00:00:00Z"\n'
    )  # rich would raise on the closing tag "[/x]" and turn ":100:" into an emoji
    r = runner.invoke(app, ["window", str(m), "--from", "2026-06-01", "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    assert "[/x] 200:100:50" in r.stdout.replace("\n", "")


def test_more_options_that_would_be_ignored(tmp_path: Path) -> None:
    tle = str(EXAMPLES / "iss-2023-05-24.tle")
    refused(["orbit", "--tle", tle, "--epoch", "2026-06-01T00:00:00Z"], "--epoch")
    refused(["curve", "--vehicle", "sunkar", "--site", "baikonur-45-1", "--inclinations", "51.6",
             "--altitudes", "200", "--perigee-km", "300"], "--perigee-km")  # fmt: skip
    refused(["dispersion", str(EXAMPLES / "sunkar-leo-200km.toml"), "--tolerance", "0.1",
             "--out", str(tmp_path / "mc")], "--tolerance")  # fmt: skip
    refused(["mars", "--vehicle", "soyuz-2.1b", "--site", "baikonur-31-6", "--opportunity",
             "2028", "--parking-altitude-km", "10"], "--parking-altitude-km")  # fmt: skip
    assert not (tmp_path / "mc").exists()


def test_an_empty_path_is_not_the_current_folder(tmp_path: Path) -> None:
    mission = str(EXAMPLES / "sunkar-leo-200km.toml")
    refused(["fly", mission, "--out", ""], "--out")  # typer would read "" as "."
    refused(["fly", mission, "--out="], "--out")
    refused(["orbit", "--tle", " "], "--tle")


def test_curve_altitudes_with_apogee_is_refused_not_ignored() -> None:
    """--altitudes beside --apogee was silently ignored (a curve against apogee has one perigee)."""
    refused(["curve", "--vehicle", "sunkar", "--site", "baikonur-45-1", "--inclinations", "51.6",
             "--apogee", "300:500:100", "--altitudes", "200:400:100"], "--altitudes")  # fmt: skip
