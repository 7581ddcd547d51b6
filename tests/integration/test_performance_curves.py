"""Payload curves: grids, warm-started runs, failed points kept as NaN, files, CLI.

The solved curve is computed once for the module (4 points, one process, ~10 s); the parallel
path is checked on 2 points against it.
"""

import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from baiterek._api._grid import parse_grid
from baiterek.errors import ConvergenceError, InfeasibleError, InputError
from baiterek.export.curve_files import write_curve_files
from baiterek.performance import _march
from baiterek.performance import curves as C

VEHICLE, SITE = "soyuz-2.1a", "baikonur-31-6"


@pytest.fixture(scope="module")
def curve():
    return C.circular_curve(VEHICLE, SITE, [51.6, 64.8], [200.0, 400.0], workers=1)


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "baiterek.cli", *args], capture_output=True, text=True
    )


# --- grids --------------------------------------------------------------------------------------


def test_parse_grid_range_includes_stop_and_lists():
    assert parse_grid("200:2000:100", "x") == tuple(float(h) for h in range(200, 2001, 100))
    assert parse_grid("200:450:100", "x") == (200.0, 300.0, 400.0)
    assert parse_grid("51.6, 64.8,70", "x") == (51.6, 64.8, 70.0)


@pytest.mark.parametrize("bad", ["2000:200:100", "200:2000:0", "a,b", "1:2", "", "0:1e9:1"])
def test_parse_grid_refuses(bad):
    with pytest.raises(InputError) as e:
        parse_grid(bad, "--altitudes")
    assert e.value.field == "--altitudes"


def test_split_runs_are_contiguous_lines_in_grid_order():
    specs = [C.PointSpec(f"{i}", "circular", h, h, i) for i in (51.6, 70.0) for h in range(10)]
    for workers in (1, 2, 8):
        runs = C.split_runs(specs, workers)
        assert [s for _, r in runs for s in r] == specs  # nothing lost, order kept
        for start, r in runs:
            assert len({s.line for s in r}) == 1  # a run never mixes lines
            assert specs[start] == r[0]
    assert len(C.split_runs(specs, 1)) == 2  # one run per line in one process
    assert len(C.split_runs(specs, 2)) == 4  # about two runs per worker


def test_warm_guess_extrapolates_below_the_trend():
    assert C.warm_guess([], [], 300.0) is None
    one = C.warm_guess([200.0], [10000.0], 300.0)
    assert one < 10000.0 * 0.85 * (1 - C.WARM_UNDERSHOOT) + 1e-6  # aims low: slope unknown
    assert C.warm_guess([200.0], [10000.0], 40000.0) == pytest.approx(4000.0 * 0.97)
    two = C.warm_guess([200.0, 300.0], [10000.0, 9000.0], 400.0)
    assert two == pytest.approx(8000.0 * (1 - C.WARM_UNDERSHOOT))


def test_unordered_altitudes_and_unknown_upper_stage_are_refused():
    with pytest.raises(InputError, match="strictly increasing"):
        C.circular_curve(VEHICLE, SITE, [51.6], [400.0, 200.0], workers=1)
    # an upper stage that does not exist: the point says so (a batch keeps going)
    c = C.apogee_curve(VEHICLE, SITE, [200.0, 1000.0], [51.6], upper_stage="no-such", workers=1)
    assert all(p.status == "refused" and "upper_stage" in p.reason for p in c.points)
    with pytest.raises(InputError):
        C.circular_curve("no-such-rocket", SITE, [51.6], [200.0], workers=1)


# --- the solved curve ---------------------------------------------------------------------------


def test_curve_payload_falls_with_altitude_and_inclination(curve):
    assert curve.lines == ("51.6 deg", "64.8 deg")
    assert all(p.ok for p in curve.points), [p.reason for p in curve.failed]
    x, y = curve.line("51.6 deg")
    assert list(x) == [200.0, 400.0]
    # the validation case (soyuz-2.1a, 200 km, 51.6 deg) is ~7,556 kg; 200 km higher costs more
    # than 5 %; a higher inclination costs payload (less help from the Earth's rotation)
    assert 7000.0 < y[0] < 8000.0
    assert y[1] < 0.95 * y[0]
    assert curve.line("64.8 deg")[1][0] < y[0]
    assert all(p.guidance_evaluations > 0 and p.pitch_over_kick_deg > 0 for p in curve.points)


def test_curve_frame_and_json(curve):
    df = curve.to_frame()
    assert {"altitude_km", "inclination_deg", "payload_kg", "status", "reason"} <= set(df.columns)
    assert "apogee_km" not in df.columns  # a circular curve has one altitude
    assert len(df) == 4 and (df["vehicle"] == VEHICLE).all()
    doc = curve.to_json()
    assert doc["x"] == "altitude_km" and doc["failed"] == 0
    assert len(doc["provenance"]["input_sha256"]) == 64
    json.dumps(doc, allow_nan=False)  # NaN would be invalid JSON
    # the curve keeps the active constraints performance reports (it dropped two of them), and
    # the limits verdict: Soyuz's soft axial limit is exceeded, no hard one
    pt = curve.points[0]
    assert pt.active_constraints.split()[:1] == ["propellant_reserve"]
    assert "fairing_heat_flux" in pt.active_constraints.split()
    assert pt.violations == "max_axial_load" and pt.feasible
    assert {"violations", "feasible"} <= set(df.columns)


def test_parallel_matches_one_process(curve):
    par = C.circular_curve(VEHICLE, SITE, [51.6, 64.8], [200.0], workers=2)
    assert par.workers == 2
    seen = []
    serial = {p.line: p.payload_kg for p in curve.points if p.perigee_km == 200.0}
    for p in par.points:
        # same cold start in both: the same answer to the solver's tolerance
        assert p.payload_kg == pytest.approx(serial[p.line], abs=2 * 2.0), p
        seen.append(p.line)
    assert seen == ["51.6 deg", "64.8 deg"]  # grid order kept across processes


def test_curve_files(curve, tmp_path):
    files = write_curve_files(curve, tmp_path / "out")
    df = pd.read_csv(files["csv"])
    assert df["payload_kg"].to_numpy() == pytest.approx(curve.to_frame()["payload_kg"].to_numpy())
    html = (tmp_path / "out" / f"{VEHICLE}_{SITE}_circular.html").read_text()
    assert "plotly" in html and "64.8 deg" in html and "hovertemplate" in html
    doc = json.loads((tmp_path / "out" / f"{VEHICLE}_{SITE}_circular.json").read_text())
    assert doc["provenance"] == curve.provenance and set(doc["files"]) == {"csv", "html"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{VEHICLE}_{SITE}_circular.{e}" for e in ("csv", "html", "json")
    )  # no temporary files left


# --- failures are rows, not exceptions ------------------------------------------------------------


def test_sso_altitudes_refused_by_the_corridors_are_kept_with_the_reason():
    # SSO from Baikonur: 96.3 deg at 200 km and 100.9 deg at 1,300 km are outside 96.5-99.5 deg
    c = C.sso_curve(VEHICLE, SITE, [200.0, 1300.0], workers=1)
    assert [p.status for p in c.points] == ["refused", "refused"]
    assert all(math.isnan(p.payload_kg) and "corridors" in p.reason for p in c.points)
    assert c.points[0].inclination_deg == pytest.approx(96.33, abs=0.01)
    assert c.points[1].inclination_deg == pytest.approx(100.9, abs=0.1)


def test_a_batch_keeps_going_through_failures(monkeypatch):
    calls = []

    def fake(vehicle_id, site_id, target, **kw):
        h = round((target.radius - 6378137.0) / 1e3)
        calls.append(h)
        if h == 300:
            raise ZeroDivisionError("bug")
        if h == 400:
            raise ConvergenceError("no kick closes")
        if h == 500:
            raise InfeasibleError("even without payload")
        raise AssertionError("not reached")

    monkeypatch.setattr(_march, "_max_payload", lambda: fake)
    c = C.circular_curve(VEHICLE, SITE, [51.6], [300.0, 400.0, 500.0, 600.0], workers=1)
    assert [p.status for p in c.points] == ["error", "no_convergence", "infeasible", "infeasible"]
    assert "ZeroDivisionError" in c.points[0].reason
    assert "even without payload" in c.points[2].reason
    # above an unreachable orbit on the same line nothing is solved
    assert "beyond reach" in c.points[3].reason
    assert calls == [300, 400, 500]
    assert np.isnan(c.line("51.6 deg")[1]).all()
    assert len(c.failed) == 4


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_curve_json_keeps_refused_points():
    r = run_cli(
        "curve",
        "--vehicle",
        VEHICLE,
        "--site",
        SITE,
        "--sso",
        "--altitudes",
        "200,1300",
        "--workers",
        "1",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["kind"] == "sso" and doc["failed"] == 2
    assert [p["payload_kg"] for p in doc["points"]] == [None, None]
    assert all("corridors" in p["reason"] for p in doc["points"])


@pytest.mark.parametrize(
    "args, field",
    [
        (["--altitudes", "2000:200:100", "--inclinations", "51.6"], "--altitudes"),
        ([], "--inclinations"),
        (["--sso", "--apogee", "200:1000:100"], "--apogee"),
    ],
)
def test_cli_curve_bad_input_exit_2(args, field):
    r = run_cli("curve", "--vehicle", VEHICLE, "--site", SITE, *args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert field in r.stderr and "Traceback" not in r.stderr + r.stdout
