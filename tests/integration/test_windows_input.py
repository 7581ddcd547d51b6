"""Bad input for launch windows: one clear error, exit code 2, no traceback, no partial files."""

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from baiterek import catalog
from baiterek.cli import app
from baiterek.errors import InputError
from baiterek.orbit.tle import tle_checksum
from baiterek.windows import (
    geometry_provider,
    parse_tle,
    plane_from_orbit,
    plane_windows,
    read_tle,
    tle_windows,
)

# ISS TLE before Progress MS-23 (docs/reference/validation-public.md sec. 1); epoch 2023-05-24T08:38:18Z
ISS = """ISS (ZARYA)
1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995
2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097
"""
SITE = catalog.site("baikonur-31-6")
SIM = geometry_provider("soyuz-2.1a", SITE.id)  # the simulator's ascent geometry


def test_checksum_of_good_lines():
    l1, l2 = ISS.splitlines()[1:]
    assert tle_checksum(l1) == 5 and tle_checksum(l2) == 7


def test_bad_checksum_refused():
    bad = ISS.replace("15.50136251398097", "15.50136251398098")
    with pytest.raises(InputError, match="checksum"):
        parse_tle(bad)
    # a digit changed without fixing the checksum (sgp4 itself would accept it)
    bad2 = ISS.replace(" 51.6416 ", " 51.6417 ")
    with pytest.raises(InputError, match="checksum"):
        parse_tle(bad2)


def test_malformed_tles_refused():
    with pytest.raises(InputError, match="2 TLE lines"):
        parse_tle("just one line")
    with pytest.raises(InputError, match="69 characters"):
        parse_tle("1 25544U\n2 25544")


def test_unreadable_tle_file(tmp_path):
    with pytest.raises(InputError, match="readable"):
        read_tle(tmp_path / "missing.tle")
    binary = tmp_path / "bin.tle"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 40)
    with pytest.raises(InputError, match="readable"):
        read_tle(binary)


def test_tle_epoch_far_from_the_dates():
    target = parse_tle(ISS)
    ok = tle_windows(SITE, "soyuz-2.1a", target, "2023-05-24", 2.0, geometry=SIM)
    assert ok.warnings == ()
    warn = tle_windows(
        SITE, "soyuz-2.1a", target, "2023-06-03", 2.0, geometry=SIM
    )  # 10-12 days later
    assert len(warn.warnings) == 1 and "days from the dates asked" in warn.warnings[0]
    with pytest.raises(InputError, match="within 30 days"):
        tle_windows(SITE, "soyuz-2.1a", target, "2023-07-10", 2.0, geometry=SIM)
    forced = tle_windows(
        SITE, "soyuz-2.1a", target, "2023-07-10", 2.0, force_tle=True, geometry=SIM
    )
    assert len(forced) == 2 and forced.warnings


def test_plane_the_site_cannot_reach():
    low = plane_from_orbit(0.0, 30.0, "2026-01-01T00:00:00Z", 6778e3)
    with pytest.raises(InputError, match="never passes over") as e:
        plane_windows(SITE, "soyuz-2.1a", low, "2026-01-01", 1.0, geometry=SIM)
    assert "51.4-52 deg heading north" in str(e.value)  # what the corridors allow
    between = plane_from_orbit(0.0, 58.0, "2026-01-01T00:00:00Z", 6778e3)
    with pytest.raises(InputError, match="no launch corridor"):
        plane_windows(SITE, "soyuz-2.1a", between, "2026-01-01", 1.0, geometry=SIM)
    with pytest.raises(InputError, match="heading south"):
        plane_windows(
            SITE, "soyuz-2.1a", plane_from_orbit(0.0, 51.6, "2026-01-01", 6778e3),
            "2026-01-01", 1.0, heading="south", geometry=SIM,
        )  # fmt: skip


def test_unknown_vehicle_and_bad_days():
    with pytest.raises(InputError, match="vehicle"):
        geometry_provider("saturn-v", SITE.id)
    with pytest.raises(InputError, match="days"):
        tle_windows(SITE, "soyuz-2.1a", parse_tle(ISS), "2023-05-24", 0.0, geometry=SIM)
    assert math.isfinite(float(parse_tle(ISS).plane().raan_rate_rad_s))


# --- through the command line ---------------------------------------------------------------

runner = CliRunner()


def _run(args):
    return runner.invoke(app, args)


def _assert_clean_failure(result, out_dir, needle):
    text = result.output
    assert result.exit_code == 2, text
    assert "Traceback" not in text
    assert needle in text
    assert not out_dir.exists() or not any(out_dir.iterdir()), "partial files written"


def test_cli_bad_checksum(tmp_path):
    tle = tmp_path / "iss.tle"
    tle.write_text(ISS.replace("0  9995", "0  9994"))
    out = tmp_path / "out"
    r = _run(["window", "--site", "baikonur-31-6", "--vehicle", "soyuz-2.1a", "--tle", str(tle),
              "--from", "2023-05-24", "--days", "1", "--out", str(out)])  # fmt: skip
    _assert_clean_failure(r, out, "checksum")


def test_cli_json_error_document(tmp_path):
    out = tmp_path / "out"
    r = _run(["window", "--site", "baikonur-31-6", "--vehicle", "soyuz-2.1a", "--tle",
              str(tmp_path / "nope.tle"), "--from", "2023-05-24", "--json", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert doc["error"]["kind"] == "InputError"
    assert not out.exists()


def test_cli_stale_tle_and_unreachable_plane(tmp_path):
    tle = tmp_path / "iss.tle"
    tle.write_text(ISS)
    out = tmp_path / "out"
    r = _run(["window", "--site", "baikonur-31-6", "--vehicle", "soyuz-2.1a", "--tle", str(tle),
              "--from", "2023-08-01", "--days", "1", "--out", str(out)])  # fmt: skip
    _assert_clean_failure(r, out, "30 days")
    r = _run(["window", "--site", "baikonur-31-6", "--vehicle", "soyuz-2.1a", "--raan-deg", "10",
              "--epoch", "2026-01-01T00:00:00Z", "--inclination-deg", "40", "--altitude-km", "400",
              "--from", "2026-01-01", "--out", str(out)])  # fmt: skip
    _assert_clean_failure(r, out, "corridors allow")


def test_cli_bad_mission_files(tmp_path):
    out = tmp_path / "out"
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("[mission\nname=")
    _assert_clean_failure(_run(["window", str(bad_toml), "--from", "2026-01-01", "--out", str(out)]),
                          out, "TOML")  # fmt: skip
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(
        '[mission]\nvehicle="soyuz-2.1a"\nsite="baikonur-31-6"\n[target]\nkind="hyperbolic"\n'
    )
    _assert_clean_failure(_run(["window", str(wrong), "--from", "2026-01-01", "--out", str(out)]),
                          out, "target.kind")  # fmt: skip


def test_no_schemes_for_a_high_eccentric_target():
    # a made-up Molniya-type element set (63.4 deg, e = 0.7, 2 rev/day), checksums computed
    l1 = "1 99999U 00000A   23144.50000000  .00000000  00000-0  00000-0 0  999"
    l2 = "2 99999  63.4000  86.0000 7000000 270.0000  10.0000  2.00600000    1"
    l1 += str(tle_checksum(l1 + " "))
    l2 += str(tle_checksum(l2 + " "))
    molniya = parse_tle(l1 + "\n" + l2)
    plesetsk = catalog.site("plesetsk-43-4")
    w = tle_windows(
        plesetsk, "soyuz-2.1b", molniya, "2023-05-24", 2.0,
        geometry=geometry_provider("soyuz-2.1b", plesetsk.id),
    )  # fmt: skip
    assert len(w) >= 2 and all(s is None for s in w.scheme)
    assert np.all(np.isfinite(w.phase_rad)) and any("schemes" in m for m in w.warnings)
