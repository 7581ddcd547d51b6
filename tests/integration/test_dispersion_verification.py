"""Issue 12 verification (a) and (b) through the evaluator plug (the flight kernel, closed loop).

(a) every dispersed input, perturbed alone, moves the outputs it should (none silently ignored);
with the guidance in the loop, a performance input (thrust, Isp, loads, masses, timing, drag,
density, wind) moves the cutoff time and the propellant margin and NOT the orbit (the guidance
re-targets: shared/reference/precision-and-beyond.md sec. 1.1, the Proton lesson), which the
same check on the open-loop evaluator fails;
(b) for small dispersions the Monte Carlo 1 sigma of perigee, apogee and inclination agrees within
10 % with the linear covariance from finite-difference sensitivities of the same model.
Both run on what ``baiterek.dispersion.plug.evaluator_for`` returns by default (closed loop).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from baiterek import catalog
from baiterek.catalog.dispersions import vehicle_dispersions
from baiterek.constants import WGS84_A
from baiterek.dispersion.analysis import read_mission_and_dispersions
from baiterek.dispersion.plug import evaluator_for
from baiterek.dispersion.sampling import from_deviations, layout, sample
from baiterek.dispersion.summary import STATE_KEYS
from baiterek.orbit.elements import state_to_elements

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MISSIONS = ["sunkar-leo-200km.toml", "soyuz-2.1b-progress-iss.toml"]


ORBIT_KM = 0.1
"""Closed loop: a performance input at 1 sigma moves perigee and apogee by less than this (km):
a hundredth of the only published scale, Falcon 9's +/-10 km 3-sigma perigee (reference file
sec. 1.1, C), and over ten times what the guidance leaves (measured: at most 0.007 km)."""
ORBIT_DEG = 1e-4
"""... and the inclination by less than this (deg; measured: at most 4e-7 deg)."""


def _setup(name, guidance="closed-loop"):
    mission, _, _ = read_mission_and_dispersions(EXAMPLES / name)
    v = catalog.vehicle(mission.mission.vehicle)
    lay = layout(v, vehicle_dispersions(v.id))
    _, evaluate = evaluator_for(mission, guidance)
    return lay, evaluate


def _one_at_a_time(lay, evaluate):
    """(dispersed input indices, nominal outputs, outputs with each input alone at 1 sigma)."""
    k_all = [k for k, e in enumerate(lay.entries) if e is not None and e.std > 0]
    nominal = evaluate(from_deviations(lay, np.zeros((1, lay.n_inputs)), [0]), np.array([0]))
    dev = np.zeros((len(k_all), lay.n_inputs))
    for row, k in enumerate(k_all):
        dev[row, k] = lay.entries[k].std  # one sigma of this input, all others nominal
    out = evaluate(from_deviations(lay, dev, np.arange(len(k_all))), np.arange(len(k_all)))
    return k_all, nominal, out


def _orbit_moves(lay, k_all, nominal, out):
    """Largest |change| of perigee, apogee (km) and inclination (deg) over the performance inputs."""
    rows = [r for r, k in enumerate(k_all) if _is_performance(lay.names[k])]
    return tuple(
        float(np.max(np.abs(out[o][rows] - nominal[o][0])))
        for o in ("perigee_km", "apogee_km", "inclination_deg")
    )


def _is_performance(input_name: str) -> bool:
    return not input_name.startswith(("navigation.", "bodies.")) and not input_name.endswith(
        "separation_s"
    )


def _expected_outputs(input_name: str, last_stage: str) -> tuple[str, ...]:
    if input_name == f"stages.{last_stage}.separation_s":
        # after cutoff: it moves the payload separation only (the ascent ends at cutoff)
        return ("payload_separation_time_s",)
    if input_name.startswith("navigation."):
        return ("semi_major_axis_km", "inclination_deg", "raan_deg", "eccentricity")
    if input_name.startswith("bodies."):
        body = input_name.split(".")[1]
        return (f"body.{body}.latitude_deg", f"body.{body}.longitude_deg")
    return ("propellant_margin_kg", "cutoff_time_s")


@pytest.mark.parametrize("name", MISSIONS)
def test_a_each_input_alone_moves_its_outputs(name):
    lay, evaluate = _setup(name)
    k_all, nominal, out = _one_at_a_time(lay, evaluate)
    assert len(k_all) == len(lay.dispersed) > 20
    silent = []
    for row, k in enumerate(k_all):
        moved = [
            o
            for o in _expected_outputs(lay.names[k], lay.stage_names[-1])
            if out[o][row] != nominal[o][0]
        ]
        if not moved:
            silent.append(lay.names[k])
    print(f"{name}: {len(k_all)} dispersed inputs, silently ignored: {silent}")
    assert not silent
    # the guidance in the loop: performance scatter stays out of the orbit
    d_rp, d_ra, d_i = _orbit_moves(lay, k_all, nominal, out)
    _, ol_nominal, ol_out = _one_at_a_time(lay, _setup(name, "open-loop")[1])
    o_rp, o_ra, o_i = _orbit_moves(lay, k_all, ol_nominal, ol_out)
    print(
        f"{name}: largest orbit change of a performance input at 1 sigma, closed loop: perigee "
        f"{d_rp:.4f} km, apogee {d_ra:.4f} km, inclination {d_i:.2e} deg; open loop: {o_rp:.2f} "
        f"km, {o_ra:.2f} km, {o_i:.2e} deg"
    )
    assert d_rp < ORBIT_KM and d_ra < ORBIT_KM and d_i < ORBIT_DEG
    assert o_rp > ORBIT_KM and o_ra > ORBIT_KM and o_i > ORBIT_DEG  # the check can fail


@pytest.mark.parametrize("name", MISSIONS)
def test_b_monte_carlo_sigma_matches_linear_covariance(name):
    """Linear covariance of the insertion state (finite differences), mapped exactly to elements.

    Perigee and apogee of a near-circular orbit are not differentiable in the inputs (they hold
    a |e| with e ~ 0), so the linear model is taken on the insertion state, which is smooth, and
    its Gaussian mapped through the exact element formulas; the direct linearisation of the
    perigee is printed beside it (it misses the |e| term).
    """
    lay, evaluate = _setup(name)
    k_all = [k for k, e in enumerate(lay.entries) if e is not None and e.std > 0]
    keys = ("perigee_km", "apogee_km", "inclination_deg")
    scale = (
        0.1  # small dispersions: every draw scaled to a tenth (the model is then close to linear)
    )
    n = 4000
    d = sample(lay, 2026, np.arange(n))
    small = from_deviations(lay, np.asarray(d.inputs) * scale, d.sample_index)
    mc = evaluate(small, small.sample_index)
    # finite-difference sensitivities, central, at +/- 0.1 sigma of each input
    h = np.array([lay.entries[k].std * scale for k in k_all])
    dev = np.zeros((2 * len(k_all) + 1, lay.n_inputs))
    for j, k in enumerate(k_all):
        dev[2 * j, k], dev[2 * j + 1, k] = h[j], -h[j]
    fd = evaluate(from_deviations(lay, dev, np.arange(dev.shape[0])), np.arange(dev.shape[0]))
    state = np.column_stack([fd[k] for k in STATE_KEYS])
    jac = (state[0:-1:2] - state[1:-1:2]) / (2 * h[:, None])  # (n_inputs, 6)
    cov = (jac * h[:, None] ** 2).T @ jac  # independent inputs, sigma h each
    gauss = np.random.default_rng(1).multivariate_normal(state[-1], cov, size=200_000)
    el = state_to_elements(gauss[:, :3], gauss[:, 3:])
    lin = {
        "perigee_km": (el.a * (1 - el.e) - WGS84_A) / 1e3,
        "apogee_km": (el.a * (1 + el.e) - WGS84_A) / 1e3,
        "inclination_deg": np.degrees(el.i),
    }
    for key in keys:
        got, want = float(np.nanstd(mc[key], ddof=1)), float(np.std(lin[key]))
        direct = float(np.sqrt(np.sum(((fd[key][0:-1:2] - fd[key][1:-1:2]) / 2) ** 2)))
        print(
            f"{name} {key}: Monte Carlo sigma {got:.6g}, linear covariance {want:.6g} "
            f"(miss {100 * (got / want - 1):+.1f} %; direct linearisation {direct:.6g})"
        )
        # 10 % (issue 12, done item b); the sampling error of a sigma at N = 4,000 is 1.1 %
        assert abs(got / want - 1) < 0.10
