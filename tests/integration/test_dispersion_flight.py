"""The flight kernel plugged into the Monte Carlo (issue 12): mapping, signs, rows, reproducibility.

References: the nominal is the kernel's own nominal flight (``flight.simulate.fly_batch`` with
the solved guidance), so a sample with every deviation at zero must reproduce it bit for bit;
the signs follow from the rocket equation (more propellant or Isp: more margin; more dry mass
or a later ignition: less); reproducibility is issue 12 verification (d) through the kernel.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from baiterek import catalog
from baiterek.catalog.dispersions import vehicle_dispersions
from baiterek.dispersion.analysis import read_mission_and_dispersions
from baiterek.dispersion.flight_evaluator import (
    KERNEL_CLOSED_LOOP,
    KERNEL_OPEN_LOOP,
    FlightEvaluator,
)
from baiterek.dispersion.plug import evaluator_for
from baiterek.dispersion.run import MonteCarloCase, run
from baiterek.dispersion.sampling import from_deviations, layout, sample
from baiterek.errors import InputError
from baiterek.flight.simulate import fly_batch

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SUNKAR, SOYUZ = "sunkar-leo-200km.toml", "soyuz-2.1b-progress-iss.toml"


def _case(name):
    mission, raw, _ = read_mission_and_dispersions(EXAMPLES / name)
    v = catalog.vehicle(mission.mission.vehicle)
    spec = vehicle_dispersions(v.id)
    return mission, raw, v, spec, layout(v, spec)


@pytest.fixture(scope="module", params=[SUNKAR, SOYUZ])
def case(request):
    mission, raw, v, spec, lay = _case(request.param)
    return request.param, FlightEvaluator(mission), lay


@pytest.fixture(scope="module", params=[SUNKAR, SOYUZ])
def open_case(request):
    """The open-loop evaluator: the mapping's signs follow the rocket equation there (with the
    guidance in the loop, the fixed pitch program's response to the mass enters too: see
    tests/integration/test_flight_closed_loop.py, which compares with re-solved laws)."""
    mission, raw, v, spec, lay = _case(request.param)
    return request.param, FlightEvaluator(mission, guidance="open_loop"), lay


def _one(ev, lay, changes: dict[str, float]):
    """Evaluate the nominal (row 0) and one sample with the named deviations (row 1)."""
    dev = np.zeros((2, lay.n_inputs))
    for name, value in changes.items():
        dev[1, lay.names.index(name)] = value
    out = ev(from_deviations(lay, dev, [0, 1]), np.array([0, 1]))
    return {k: v[0] for k, v in out.items()}, {k: v[1] for k, v in out.items()}


def test_plug_returns_the_kernel_closed_loop_by_default_and_open_loop_on_request():
    mission, *_ = _case(SUNKAR)
    name, ev = evaluator_for(mission)
    assert name == KERNEL_CLOSED_LOOP == ev.name and "closed-loop" in name
    assert isinstance(ev, FlightEvaluator) and ev.guidance == "closed_loop"
    assert ev.nominal.prm.shape[0] > 0  # solved here
    clone = pickle.loads(pickle.dumps(ev))
    assert clone._nominal is None and clone.mission == ev.mission  # solved again in the worker
    assert clone.guidance == "closed_loop" and clone.name == name
    for spelling in ("open-loop", "open_loop"):
        name, ev = evaluator_for(mission, spelling)
        assert name == KERNEL_OPEN_LOOP == ev.name and ev.guidance == "open_loop"
    with pytest.raises(InputError, match="guidance"):
        evaluator_for(mission, "closed")


def test_zero_deviations_fly_the_nominal_bit_for_bit(case):
    name, closed, lay = case
    for ev in (FlightEvaluator(closed.mission, guidance="open_loop"), closed):
        nom = ev.nominal
        status, tf, sf = fly_batch(nom.setup, nom.prm)
        out = ev(from_deviations(lay, np.zeros((1, lay.n_inputs)), [0]), np.array([0]))
        assert out["status"][0] == 0
        assert out["cutoff_time_s"][0] == tf[0]
    assert closed.guidance == "closed_loop"
    assert abs(out["perigee_km"][0] - out["apogee_km"][0]) < 41.0  # 200 x 200 or 200 x 240
    for key in ("perigee_km", "inclination_deg", "propellant_margin_kg"):
        assert np.isfinite(out[key][0])
    assert out["propellant_margin_kg"][0] > 0


def test_signs_of_the_mapping(open_case):
    name, ev, lay = open_case
    last = lay.stage_names[-1]
    first = lay.stage_names[0]
    nom = ev.nominal
    load_last = nom.load[-1]
    # more propellant in the last stage: more margin, but less than the extra load (it is lifted)
    a, b = _one(ev, lay, {f"stages.{last}.propellant": 0.01})
    gain = b["propellant_margin_kg"] - a["propellant_margin_kg"]
    print(f"{name}: +1 % last-stage load ({0.01 * load_last:.0f} kg): margin +{gain:.1f} kg")
    assert 0 < gain < 0.01 * load_last
    # more dry mass of the last stage: less margin; more Isp: more margin
    a, b = _one(ev, lay, {f"stages.{last}.dry_mass": 0.01})
    assert b["propellant_margin_kg"] < a["propellant_margin_kg"]
    a, b = _one(ev, lay, {f"stages.{first}.isp": 0.003})
    assert b["propellant_margin_kg"] > a["propellant_margin_kg"]
    # a hotter last stage burns the same propellant sooner: earlier cutoff
    a, b = _one(ev, lay, {f"stages.{last}.thrust": 0.01})
    assert b["cutoff_time_s"] < a["cutoff_time_s"]
    # a later last-stage ignition shifts its burn: the cutoff about as much later (the margin
    # moves either way by a few kg: the open-loop law is on real time, the coast keeps energy)
    a, b = _one(ev, lay, {f"stages.{last}.ignition_s": 0.3})
    shift = b["cutoff_time_s"] - a["cutoff_time_s"]
    print(
        f"{name}: last-stage ignition +0.3 s: cutoff {shift:+.3f} s, margin "
        f"{b['propellant_margin_kg'] - a['propellant_margin_kg']:+.2f} kg"
    )
    assert 0.15 < shift < 0.45
    # more drag: less margin
    a, b = _one(ev, lay, {"aero.drag": 0.3})
    assert b["propellant_margin_kg"] < a["propellant_margin_kg"]
    # navigation: a radial position error raises the semi-major axis by about as much (km)
    a, b = _one(ev, lay, {"navigation.position_radial_m": 300.0})
    assert 0.1 < b["semi_major_axis_km"] - a["semi_major_axis_km"] < 1.0


def test_hot_staging_either_way_reaches_orbit():
    """Soyuz-2.1b lights stage 3 at core cutoff: an early ignition overlaps the burns, a late one
    coasts; both re-segment the flight with the same number of segments and reach orbit."""
    mission, raw, v, spec, lay = _case(SOYUZ)
    ev = FlightEvaluator(mission, bodies=False)
    a, early = _one(ev, lay, {"stages.stage3.ignition_s": -0.3})
    _, late = _one(ev, lay, {"stages.stage3.ignition_s": 0.3})
    print(
        "hot staging -0.3 / +0.3 s: cutoff",
        early["cutoff_time_s"] - a["cutoff_time_s"],
        late["cutoff_time_s"] - a["cutoff_time_s"],
        "margin",
        early["propellant_margin_kg"] - a["propellant_margin_kg"],
        late["propellant_margin_kg"] - a["propellant_margin_kg"],
    )
    assert early["status"] == late["status"] == 0
    assert early["cutoff_time_s"] < a["cutoff_time_s"] < late["cutoff_time_s"]


def test_rows_depend_only_on_their_sample_and_runs_reproduce():
    mission, raw, v, spec, lay = _case(SUNKAR)
    ev = FlightEvaluator(mission)
    d = sample(lay, 7, np.arange(40))
    whole = ev(d, d.sample_index)  # a batch of 40 runs on the parallel kernel
    alone = ev(sample(lay, 7, [13]), np.array([13]))  # one sample on the serial kernel
    for k in whole:
        assert np.array_equal(whole[k][13:14], alone[k], equal_nan=True), k
    case = MonteCarloCase(v, raw, ev.name)
    ref = run(case, spec, 300, 5, evaluate=ev, backend="serial", chunk_size=300)
    for kw in ({"backend": "serial", "chunk_size": 29},
               {"backend": "process", "workers": 2, "chunk_size": 100}):  # fmt: skip
        r = run(case, spec, 300, 5, evaluate=ev, **kw)
        assert r.outputs.keys() == ref.outputs.keys()
        for k in ref.outputs:
            assert np.array_equal(r.outputs[k], ref.outputs[k], equal_nan=True), (kw, k)
    assert np.mean(ref.outputs["status"] == 0) > 0.9
    assert {f"body.{b}.latitude_deg" for b in lay.body_names} <= set(ref.outputs)


def test_a_separation_drawn_after_the_last_cutoff_is_a_failed_sample_not_a_crash():
    """A user's huge timing sigma can put stage 1's separation after stage 2's cutoff: that
    sample is reported as failed (status 2, NaN elements), the batch goes on."""
    mission, raw, v, spec, lay = _case(SUNKAR)
    ev = FlightEvaluator(mission)
    nom, bad = _one(ev, lay, {"stages.stage1.separation_s": 2000.0})
    assert nom["status"] == 0 and np.isfinite(nom["perigee_km"])
    assert bad["status"] == 2 and np.isnan(bad["perigee_km"]) and np.isnan(bad["cutoff_time_s"])


def test_resume_through_the_closed_loop_kernel_is_bit_identical(tmp_path):
    """Issue 12 (e) through the kernel with the guidance in the loop: a run that lost chunks (as
    a SIGKILL before they were written; the real SIGKILL is tested on the stand-in in
    test_dispersion_run.py) and was resumed equals the uninterrupted run, bit for bit."""
    mission, raw, v, spec, lay = _case(SUNKAR)
    ev = FlightEvaluator(mission)
    case = MonteCarloCase(v, raw, ev.name)
    whole = run(case, spec, 300, 9, evaluate=ev, backend="serial", chunk_size=100)
    out = tmp_path / "run"
    run(case, spec, 300, 9, evaluate=ev, backend="serial", chunk_size=100, out_dir=out)
    chunks = sorted((out / "chunks").glob("chunk-*.parquet"))
    assert len(chunks) == 3
    for p in chunks[1:]:
        p.unlink()
    resumed = run(case, spec, 300, 9, evaluate=ev, backend="process", workers=2, chunk_size=100,
                  out_dir=out, resume=True)  # fmt: skip
    assert resumed.outputs.keys() == whole.outputs.keys()
    for k in whole.outputs:
        assert np.array_equal(resumed.outputs[k], whole.outputs[k], equal_nan=True), k
