"""``baiterek orbit`` and ``baiterek stations`` through the CLI (mission input needs the simulator)."""

import json

import pytest
from typer.testing import CliRunner

from baiterek.cli import app

runner = CliRunner()
STATE = "-2384.46,5729.01,3050.46,-7.36138,-2.98997,1.64354"  # Curtis Example 12.2, km and km/s
ISS = [
    "ISS (ZARYA)",
    "1 25544U 98067A   20287.53670015  .00000762  00000-0  21766-4 0  9997",
    "2 25544  51.6440 122.8761 0001413  26.5472  73.1662 15.49301208250368",
]
FILES = {
    "insertion.opm",
    "insertion.opm.xml",
    "orbit.oem",
    "orbit.oem.xml",
    "object.tle",
    "passes.csv",
    "track.geojson",
    "track.kml",
    "track.czml",
    "summary.json",
    "manifest.json",
}


def test_orbit_from_state_vector_writes_every_product_and_one_json(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        [
            "orbit",
            "--state-gcrs",
            STATE,
            "--epoch",
            "2026-11-21T05:45:04Z",
            "--orbits",
            "2",
            "--out",
            str(out),
            "--json",
            "--norad-id",
            "70002",
            "--object-id",
            "2026-002B",
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert FILES == {p.name for p in out.iterdir()}
    assert doc["provenance"]["input_sha256"]
    assert doc["tle"]["line1"].startswith("1 70002U 26002B")
    assert doc["tle"]["fit_max_km"] < 5.0
    assert doc["osculating"]["inclination_deg"] == pytest.approx(28.0, abs=0.2)
    assert set(doc["files"]) >= {"opm_kvn", "oem_xml", "tle", "passes_csv", "czml"}
    # a plain CSV (header first); the provenance is in manifest.json with the file's hash
    assert (out / "passes.csv").read_text().startswith("station_id,")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["provenance"]["command"] == "orbit"
    assert {e["name"] for e in manifest["files"]} == FILES - {"manifest.json"}
    assert "CCSDS_OEM_VERS = 3.0" in (out / "orbit.oem").read_text()


def test_orbit_from_tle_file(tmp_path):
    tle = tmp_path / "iss.tle"
    tle.write_text("\n".join(ISS) + "\n")
    res = runner.invoke(
        app, ["orbit", "--tle", str(tle), "--orbits", "1", "--out", str(tmp_path / "o"), "--json"]
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["epoch_utc"].startswith("2020-10-13T12:52:50")
    assert doc["osculating"]["inclination_deg"] == pytest.approx(51.6, abs=0.2)
    assert doc["tle"]["name"] == "ISS (ZARYA)"
    # the input's catalogue number and designator carry over (they were 99999 / 26001A)
    assert doc["tle"]["line1"].startswith("1 25544U 98067A ")
    assert doc["tle"]["line2"].startswith("2 25544 ")
    assert "OBJECT_ID = 1998-067A" in (tmp_path / "o" / "insertion.opm").read_text()


@pytest.mark.parametrize("flag", ["--name", "--object-id"])
@pytest.mark.parametrize("text", ["ISS\n2 25544 x", "A\tB", "A\x00B"])
def test_control_characters_in_names_are_refused_before_any_file(flag, text, tmp_path):
    """A newline in --name or --object-id broke the TLE's name line and the OPM's KVN."""
    value = text.encode().decode("unicode_escape")
    out = tmp_path / "o"
    args = ["orbit", "--state-gcrs", STATE, "--epoch", "2026-11-21T05:45:04Z", flag, value]
    res = runner.invoke(app, [*args, "--out", str(out), "--json"])
    assert res.exit_code == 2
    err = json.loads(res.stdout)["error"]
    # a NUL is refused by the command line's own check, any other control character by the
    # TLE/CCSDS text check: both name the flag
    assert err["field"] == flag and ("printable" in err["allowed"] or "NUL" in err["allowed"])
    assert not out.exists()


def test_orbit_lists_the_files_it_wrote(tmp_path):
    out = tmp_path / "o"
    args = ["orbit", "--state-gcrs", STATE, "--epoch", "2026-11-21T05:45:04Z", "--orbits", "1"]
    res = runner.invoke(app, [*args, "--out", str(out)])
    assert res.exit_code == 0, res.output
    listed = {ln.strip() for ln in res.stdout.splitlines() if ln.startswith("  ")}
    assert {str(out / f) for f in FILES} <= listed


def test_bad_tle_checksum_is_one_message_exit_2(tmp_path):
    tle = tmp_path / "bad.tle"
    tle.write_text("\n".join([ISS[0], ISS[1], ISS[2][:68] + "0"]) + "\n")
    res = runner.invoke(app, ["orbit", "--tle", str(tle), "--out", str(tmp_path / "o"), "--json"])
    assert res.exit_code == 2
    doc = json.loads(res.stdout)
    assert "checksum" in doc["error"]["message"]
    assert "Traceback" not in res.output


def test_decaying_orbit_reports_the_decay_time(tmp_path):
    low = "6528.137,0,0,0,4.9,5.9"  # 150 km, circular-ish
    res = runner.invoke(
        app,
        [
            "orbit",
            "--state-gcrs",
            low,
            "--epoch",
            "2026-11-21T00:00:00Z",
            "--orbits",
            "30",
            "--ballistic-coefficient",
            "20",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 2
    assert "decays" in res.output and "2026-11-2" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--state-gcrs", STATE],
        ["--state-gcrs", "1,2,3", "--epoch", "2026-11-21T00:00:00Z"],
        ["--state-gcrs", "100,0,0,0,7,0", "--epoch", "2026-11-21T00:00:00Z"],
        ["--state-gcrs", STATE, "--epoch", "2026-11-21T00:00:00"],
        ["--state-gcrs", STATE, "--epoch", "2026-11-21T00:00:00Z", "--stations", "nowhere"],
        ["--state-gcrs", STATE, "--epoch", "2026-11-21T00:00:00Z", "--ref-frame", "J2000"],
        ["examples/no-such-mission.toml"],
    ],
)
def test_bad_input_is_a_clear_error(args, tmp_path):
    res = runner.invoke(app, ["orbit", *args, "--out", str(tmp_path / "o")])
    assert res.exit_code == 2, res.output
    assert "error:" in res.output and "Traceback" not in res.output


def test_mission_input_needs_the_ascent_simulator(tmp_path):
    m = tmp_path / "m.toml"
    m.write_text("[mission]\nname = 'x'\n")
    res = runner.invoke(app, ["orbit", str(m), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    try:
        import baiterek.flight  # noqa: F401
    except ImportError:
        assert "--state-gcrs" in res.output


def test_stations_command_json():
    res = runner.invoke(app, ["stations", "--json"])
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    ids = [s["id"] for s in doc["stations"]]
    assert "akkol-kazsat-mcc" in ids and all(s["source"] for s in doc["stations"])
    res = runner.invoke(app, ["stations"])
    assert res.exit_code == 0 and "Kiruna" in res.stdout


def test_station_that_never_sees_the_orbit_is_stated(tmp_path):
    res = runner.invoke(
        app,
        [
            "orbit",
            "--state-gcrs",
            STATE,
            "--epoch",
            "2026-11-21T05:45:04Z",
            "--orbits",
            "2",
            "--stations",
            "ksat-svalbard,esa-kourou",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "ksat-svalbard never sees the object above its 5 deg mask" in res.output
    res = runner.invoke(
        app,
        [
            "orbit",
            "--state-gcrs",
            STATE,
            "--epoch",
            "2026-11-21T05:45:04Z",
            "--orbits",
            "2",
            "--stations",
            "ksat-svalbard",
            "--out",
            str(tmp_path / "o"),
            "--json",
        ],
    )
    doc = json.loads(res.stdout)
    assert doc["passes"]["passes"] == []
    (miss,) = doc["stations_without_pass"]
    assert miss["station_id"] == "ksat-svalbard" and miss["highest_elevation_deg"] < 5.0


def test_cli_oem_is_read_by_ccsds_ndm(tmp_path):
    from ccsds_ndm.ndm_io import NdmIo

    out = tmp_path / "o"
    res = runner.invoke(
        app,
        [
            "orbit",
            "--state-gcrs",
            STATE,
            "--epoch",
            "2026-11-21T05:45:04Z",
            "--orbits",
            "1",
            "--out",
            str(out),
            "--ref-frame",
            "GCRF",
        ],
    )
    assert res.exit_code == 0, res.output
    for name in ("orbit.oem", "orbit.oem.xml"):
        oem = NdmIo().from_path(out / name)
        first = oem.body.segment[0].data.state_vector[0]
        assert first.x.value == pytest.approx(-2384.46, abs=1e-9)
        assert first.x_dot.value == pytest.approx(-7.36138, abs=1e-12)
    opm = NdmIo().from_path(out / "insertion.opm")
    assert opm.body.segment.data.state_vector.z.value == pytest.approx(3050.46, abs=1e-9)


def test_covariance_goes_into_the_opm(tmp_path):
    from ccsds_ndm.ndm_io import NdmIo

    cov = tmp_path / "cov.csv"
    rows = [[0.0] * 6 for _ in range(6)]
    for k, val in enumerate([0.01, 0.01, 0.01, 1e-8, 1e-8, 1e-8]):
        rows[k][k] = val
    cov.write_text("\n".join(",".join(str(x) for x in r) for r in rows) + "\n")
    out = tmp_path / "o"
    res = runner.invoke(
        app,
        [
            "orbit",
            "--state-gcrs",
            STATE,
            "--epoch",
            "2026-11-21T05:45:04Z",
            "--orbits",
            "1",
            "--covariance",
            str(cov),
            "--ref-frame",
            "GCRF",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    c = NdmIo().from_path(out / "insertion.opm").body.segment.data.covariance_matrix
    assert c.cx_x.value == pytest.approx(0.01) and c.cz_dot_z_dot.value == pytest.approx(1e-8)
    (tmp_path / "bad.csv").write_text("1,2,3\n")
    res = runner.invoke(
        app,
        [
            "orbit",
            "--state-gcrs",
            STATE,
            "--epoch",
            "2026-11-21T05:45:04Z",
            "--covariance",
            str(tmp_path / "bad.csv"),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 2 and "6 rows of 6 numbers" in res.output


def test_a_pass_in_view_at_the_epoch_is_marked(tmp_path):
    """An object right above Baikonur at the epoch: its pass starts at the epoch, which is not
    a rise: the JSON flags it (aos_at_start) and the table marks its AOS with '*'."""
    import numpy as np

    from baiterek import catalog
    from baiterek.earth import frames
    from baiterek.earth.geodesy import geodetic_to_ecef
    from baiterek.earth.time import to_time

    st = catalog.station("baikonur-tracking")
    epoch = "2026-11-21T05:45:04Z"
    lat, lon = np.radians(st.latitude_deg), np.radians(st.longitude_deg)
    r_i = np.asarray(geodetic_to_ecef(lat, lon, 400e3), float)
    east = np.array([-np.sin(lon), np.cos(lon), 0.0])
    r, v = frames.itrs_to_gcrs(to_time(epoch), r_i, 7670.0 * east)
    state = ",".join(f"{x:.6f}" for x in [*(r / 1e3), *(v / 1e3)])
    args = ["orbit", "--state-gcrs", state, "--epoch", epoch, "--orbits", "1",
            "--stations", st.id, "--out", str(tmp_path / "o")]  # fmt: skip
    doc = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    first = doc["passes"]["passes"][0]
    assert first["aos_at_start"] and first["aos_utc"].startswith("2026-11-21T05:45:04")
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "2026-11-21T05:45:04.000Z *" in res.stdout and "not a rise or a set" in res.stdout
