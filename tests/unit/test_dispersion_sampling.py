"""Sampling: sample i is a pure function of (spec, seed, i); the draws follow their distributions."""

from __future__ import annotations

import numpy as np
import pytest

from baiterek import catalog
from baiterek.catalog.dispersions import merge_dispersions, vehicle_dispersions
from baiterek.dispersion.sampling import layout, sample


@pytest.fixture(scope="module")
def lay():
    return layout(catalog.vehicle("soyuz-2.1b"), vehicle_dispersions("soyuz-2.1b"))


def test_shapes_named_as_the_kernel_fields(lay):
    d = sample(lay, 1, np.arange(10))
    ns, nb = 3, 4  # boosters, core, stage3; boosters, core, fairing, aft section
    for f in ("thrust_scale", "isp_scale", "propellant_scale", "dry_mass_scale",
              "ignition_offset_s", "separation_offset_s"):  # fmt: skip
        assert getattr(d, f).shape == (10, ns)
    for f in ("drag_scale", "density_scale", "wind_speed", "wind_azimuth"):
        assert getattr(d, f).shape == (10,)
    assert d.nav_error.shape == (10, 6) and d.body_dv.shape == (10, nb, 3)
    assert d.inputs.shape == (10, lay.n_inputs) and len(d.input_names) == lay.n_inputs
    with pytest.raises(ValueError):
        d.thrust_scale[0, 0] = 2.0  # read-only


def test_sample_i_independent_of_batch(lay):
    whole = sample(lay, 123, np.arange(1000))
    parts = [sample(lay, 123, np.arange(a, min(a + 97, 1000))) for a in range(0, 1000, 97)]
    assert np.array_equal(whole.inputs, np.concatenate([p.inputs for p in parts]))
    picked = sample(lay, 123, np.array([999, 3, 500]))
    assert np.array_equal(picked.inputs, whole.inputs[[999, 3, 500]])
    # the generator of sample i is SeedSequence(root, spawn_key=(i,)), as numpy's spawn builds it
    child = np.random.SeedSequence(123).spawn(8)[7]
    u = np.random.Generator(np.random.PCG64(child)).random(lay.n_inputs)
    direct = sample(lay, 123, np.array([7]))
    k = lay.names.index("stages.core.thrust")
    from scipy.special import ndtr, ndtri

    e = lay.entries[k]
    expect = e.sigma * ndtri(ndtr(-3) + u[k] * (ndtr(3) - ndtr(-3)))
    assert direct.inputs[0, k] == expect
    assert not np.array_equal(sample(lay, 124, np.arange(5)).inputs, whole.inputs[:5])


def test_distributions_moments_and_clip(lay):
    d = sample(lay, 5, np.arange(20000))
    # thrust 1 % (1 sigma) clipped at 3 sigma: sd = 0.01 x 0.9866 (scipy truncnorm(-3, 3).std())
    sd = d.thrust_scale.std(axis=0)
    assert np.all(np.abs(sd / (0.01 * 0.98658) - 1) < 0.03), sd
    assert np.all(np.abs(d.thrust_scale - 1) <= 0.03 + 1e-15)
    assert np.all(np.abs(d.nav_error[:, :3]) <= 300.0 + 1e-9)
    # steady 5 m/s + gust 3 m/s per axis (independent): per-axis sd sqrt(34) x 0.98658
    east = d.wind_speed * np.sin(d.wind_azimuth)
    assert abs(east.std() / (34**0.5 * 0.98658) - 1) < 0.03
    # the first stage ignites at liftoff: no ignition dispersion in the file, so exactly 0
    assert np.all(d.ignition_offset_s[:, 0] == 0.0)


def test_adding_an_entry_does_not_shift_other_draws():
    v = catalog.vehicle("sunkar")
    base = vehicle_dispersions("sunkar")
    more = merge_dispersions(
        base, {"stages": {"stage1": {"ignition_s": {"sigma": 0.2, "source": "t"}}}}, v
    )
    a = sample(layout(v, base), 9, np.arange(50))
    b = sample(layout(v, more), 9, np.arange(50))
    k = a.input_names.index("stages.stage1.ignition_s")
    others = [j for j in range(a.inputs.shape[1]) if j != k]
    assert np.array_equal(a.inputs[:, others], b.inputs[:, others])
    assert np.all(a.inputs[:, k] == 0) and np.std(b.inputs[:, k]) > 0.1
