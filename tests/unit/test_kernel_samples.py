"""Per-sample models: each trajectory of a batch flies its own vehicle model.

A batch member equals a single run with that member's model bit for bit (the parallel loop reads
member i's arrays and nothing shared that a member could change), and every dispersed field
reaches the dynamics (none is silently ignored; issue 12, verification (a)).
"""

from __future__ import annotations

import numpy as np
import pytest
from _kernel_cases import load

from baiterek.flight import _kernel as K
from baiterek.flight.simulate import fly_batch


@pytest.fixture(scope="module")
def sunkar():
    return load("sunkar-leo-200km")


def test_64_thrust_scales_give_64_insertions_each_equal_to_its_single_run(sunkar):
    st, ref = sunkar
    nominal = st.problem.model
    n = 64
    scale = np.linspace(1.0, 1.01, n)  # open loop: less thrust would run dry before the energy
    md = nominal.dispersed(n, thrust_scale=scale)
    assert md.n_samples == n and md.segs.shape == (n, K.N_SEG_ROWS, nominal.segs.shape[2])
    status, tf, sf, *_ = md.run_batch(st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf)
    assert np.all(status == K.STATUS_CUTOFF)
    assert len({tuple(row) for row in sf}) == n  # 64 different insertion states
    for i in range(n):
        one = md.member(i).run_one(st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf)
        assert one[0] == status[i] and one[1] == tf[i], i
        assert np.array_equal(one[2], sf[i]), i
        alone = md.run_one(st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf, member=i)
        assert np.array_equal(alone[2], sf[i]), i
    assert np.array_equal(sf[0], ref["one_state"])  # scale 1: the nominal flight
    via_setup = fly_batch(st, ref["prm"], model=md)
    assert np.array_equal(via_setup[2], sf) and np.array_equal(via_setup[1], tf)


def test_nominal_dispersion_is_the_nominal_bit_for_bit(sunkar):
    """Scales of 1 and offsets of 0 change no bit (multiplying by 1.0 and adding 0.0 are exact)."""
    st, ref = sunkar
    md = st.problem.model.dispersed(40)
    out = md.run_batch(ref["big_s0"], 0.0, 0, True, False, ref["big_prm"], np.inf)
    for i in range(8):
        assert np.array_equal(out[i], ref[f"big_{i}"], equal_nan=True), i


@pytest.mark.parametrize(
    "field",
    ["thrust_scale", "isp_scale", "boundary_offset", "drop_offset", "drag_scale", "density_scale",
     "wind"],
)  # fmt: skip
def test_each_dispersed_field_moves_the_cutoff_state(sunkar, field):
    """Member 0 nominal, member 1 with one field perturbed: the two cutoff states differ."""
    st, ref = sunkar
    nominal = st.problem.model
    k = nominal.segs.shape[2]
    values = {
        "thrust_scale": np.array([[1.0] * k, [1.0] * (k - 1) + [1.002]]),
        "isp_scale": np.array([[1.0] * k, [1.002] * k]),
        "boundary_offset": np.array([[0.0] * k, [0.5] + [0.0] * (k - 1)]),
        "drop_offset": np.array([[0.0] * k, [0.0] + [50.0] * (k - 1)]),
        "drag_scale": np.array([1.0, 1.1]),
        "density_scale": np.array([1.0, 1.1]),
        "wind": np.array([[[0.0, 20e3], [0.0, 0.0], [0.0, 0.0]], [[0.0, 20e3], [30.0, 30.0], [0.0, 0.0]]]),
    }  # fmt: skip
    md = nominal.dispersed(2, **{field: values[field]})
    status, tf, sf, *_ = md.run_batch(st.problem.s0, 0.0, 0, True, False, ref["prm"], np.inf)
    assert np.array_equal(sf[0], ref["one_state"])  # member 0 is the nominal
    assert not np.array_equal(sf[1], sf[0])
    print(f"\n{field}: cutoff mass {sf[1, 6] - sf[0, 6]:+.3f} kg, time {tf[1] - tf[0]:+.4f} s")


def test_model_arrays_are_read_only_and_shapes_checked(sunkar):
    st, _ = sunkar
    md = st.problem.model
    with pytest.raises(ValueError):
        md.segs[0, 0, 0] = 1.0
    with pytest.raises(ValueError, match="thrust_scale"):
        md.dispersed(4, thrust_scale=np.ones((3, 2)))
    batch = md.dispersed(4)
    with pytest.raises(ValueError, match="model of 4 samples"):
        batch.run_batch(st.problem.s0, 0.0, 0, True, False, np.zeros((3, K.N_PARAMS)), 1.0)
