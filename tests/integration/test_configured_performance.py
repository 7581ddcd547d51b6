"""Maximum payload of a flight flown as its ``[configuration]`` says (issue 14, build item 1: "the
same keys work for a future flight (a planned recovery reserve)").

``baiterek performance MISSION.toml`` flies the mission's configuration: a stage cut off early
keeps its recovery reserve aboard, a lofted booster flies its stated flight-path angle at cutoff,
a throttle profile is flown. References: the mission's own configuration (the maximum-payload
trajectory must fly it: cutoff time, angle), ``baiterek fly`` of the same mission (the maximum
must be where ``fly`` stops reaching the orbit, an independent path through the guidance), and
the catalog vehicle flown expendable (a reserve kept aboard can only cost payload).
"""

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest

import baiterek
from baiterek.errors import InfeasibleError, InputError
from baiterek.flight.simulate import fly
from baiterek.mission import mission_from_dict

ROOT = Path(__file__).resolve().parents[2]
CRS16 = ROOT / "examples/falcon-9-crs16.toml"


def _raw(path=CRS16):
    return tomllib.loads(path.read_text())


def _fpa_at(tr, name):
    i = int(np.searchsorted(tr.time, tr.event(name).time, side="right")) - 1
    return math.degrees(float(tr.flight_path_angle[i]))


@pytest.fixture(scope="module")
def configured():
    return baiterek.max_payload(CRS16)


def test_the_maximum_flies_the_configuration(configured):
    r = configured.result
    tr = r.trajectory
    cfg = _raw()["configuration"]
    print(f"\nCRS-16 as configured: {r.payload_kg:,.0f} kg to 199.4 x 364.0 km; "
          f"notes: {r.notes[0]}")  # fmt: skip
    assert tr.status == "inserted"
    assert abs(tr.event("stage1_cutoff").time - cfg["cutoff_s"]["stage1"]) < 1e-6
    assert abs(tr.event("stage2_ignition").time - cfg["ignition_s"]["stage2"]) < 1e-6
    assert abs(_fpa_at(tr, "stage1_cutoff") - cfg["cutoff_flight_path_angle_deg"]["stage1"]) < 0.01
    assert r.notes[0].startswith("flown as the mission's [configuration] says")
    assert "stage1 keeps" in r.notes[0]
    assert configured.to_json()["notes"][0] == r.notes[0]  # in the --json document too


def test_the_reserve_costs_payload_against_the_expendable_vehicle(configured):
    t = _raw()["target"]
    expendable = baiterek.max_payload(
        vehicle="falcon-9", site="ccsfs-slc-40", perigee_km=t["perigee_km"],
        apogee_km=t["apogee_km"], inclination_deg=t["inclination_deg"],
    )  # fmt: skip
    print(f"\nexpendable {expendable.payload_kg:,.0f} kg, with CRS-16's return reserve "
          f"{configured.payload_kg:,.0f} kg")  # fmt: skip
    assert configured.payload_kg < expendable.payload_kg - 2000.0


def test_fly_agrees_with_the_maximum(configured):
    """Below the maximum ``fly`` reaches the orbit; 100 kg above it, it does not."""
    p = configured.payload_kg
    raw = _raw()
    raw["mission"]["payload_kg"] = p - 5.0
    tr = fly(mission_from_dict(raw))
    assert tr.status == "inserted"
    raw["mission"]["payload_kg"] = p + 100.0
    with pytest.raises(InfeasibleError):
        fly(mission_from_dict(raw))


def test_a_parking_orbit_flies_the_configured_loft_too():
    """GTO with Bangabandhu-1's drone-ship configuration: the restart path (parking orbit, coast,
    second burn) flies the configured angle at MECO as the direct one does."""
    raw = _raw(ROOT / "examples/falcon-9-bangabandhu1.toml")
    raw["target"] = {"kind": "elliptical", "perigee_km": 200.0, "apogee_km": 35786.0,
                     "inclination_deg": 28.6}  # fmt: skip
    r = baiterek.max_payload(mission_from_dict(raw)).result
    print(f"\nGTO, drone-ship configuration: {r.payload_kg:,.0f} kg, {r.ascent_profile}; {r.notes}")
    assert r.ascent_profile == "parking_orbit"
    angle = raw["configuration"]["cutoff_flight_path_angle_deg"]["stage1"]
    assert abs(_fpa_at(r.trajectory, "stage1_cutoff") - angle) < 0.01


def test_an_unreachable_loft_names_the_key():
    raw = _raw()
    raw["configuration"]["cutoff_flight_path_angle_deg"] = {"stage1": 89.0}
    with pytest.raises(InputError) as e:
        baiterek.max_payload(mission_from_dict(raw))
    assert "configuration.cutoff_flight_path_angle_deg.stage1" in str(e.value)


def test_cli_prints_the_configuration_note(configured):
    """``baiterek performance MISSION.toml``: the text shows the note whole (rich would read
    ``[configuration]`` as markup and drop it), ``--json`` carries it. In this process (the
    kernels are loaded already; a subprocess would compile them again on a fresh machine)."""
    import json

    from typer.testing import CliRunner

    from baiterek.cli import app

    text = CliRunner().invoke(app, ["performance", str(CRS16)], env={"COLUMNS": "200"})
    doc = CliRunner().invoke(app, ["performance", str(CRS16), "--json"])
    assert text.exit_code == 0 and doc.exit_code == 0, text.output + doc.output
    assert "flown as the mission's [configuration] says" in " ".join(text.stdout.split())
    d = json.loads(doc.stdout)
    assert d["payload_kg"] == pytest.approx(configured.payload_kg, abs=0.5)
    assert d["notes"][0].startswith("flown as the mission's [configuration] says")
