"""US Standard Atmosphere 1976 against the published tables, continuity, vectorised wrapper.

Reference: U.S. Standard Atmosphere, 1976, NOAA-S/T 76-1562, Part 4, Table I (temperature,
pressure, density; geometric-altitude pages) and Table III (speed of sound), as printed:
5 significant figures for pressure, density and speed of sound, temperature to 0.001 K below
86 km and to 0.01 K above. Pressures converted from the printed mb (1 mb = 100 Pa).
"""

import numpy as np
import pytest

from baiterek.constants import R_EARTH_US76
from baiterek.earth.atmosphere import Atmosphere, atmosphere, us76

# (geometric altitude m, T K, p Pa, rho kg/m^3, speed of sound m/s)
# US76 Table I (T, p, rho) and Table III (speed of sound), geometric altitude.
LOWER_TABLE = [
    (0.0, 288.150, 1.01325e5, 1.2250e0, 340.29),
    (5000.0, 255.676, 5.4048e4, 7.3643e-1, 320.55),
    (11000.0, 216.774, 2.2699e4, 3.6480e-1, 295.15),
    (20000.0, 216.650, 5.5293e3, 8.8910e-2, 295.07),
    (32000.0, 228.490, 8.8906e2, 1.3555e-2, 303.02),
    (47000.0, 269.684, 1.1585e2, 1.4965e-3, 329.21),
    (51000.0, 270.650, 7.0458e1, 9.0690e-4, 329.80),
    (71000.0, 216.846, 4.4795e0, 7.1966e-5, 295.20),
]

# US76 Table I, geometric altitude 86-1000 km (T printed to 0.01 K; None where not used).
UPPER_TABLE = [
    (86e3, 186.87, 3.7338e-1, 6.958e-6),
    (100e3, 195.08, 3.2011e-2, 5.604e-7),
    (115e3, 300.00, 4.0096e-3, 4.289e-8),
    (130e3, None, 1.2505e-3, 8.152e-9),
    (150e3, 634.39, 4.5422e-4, 2.076e-9),
    (175e3, None, 1.7936e-4, 6.339e-10),
    (200e3, 854.56, 8.4736e-5, 2.541e-10),
    (250e3, None, 2.4767e-5, 6.073e-11),
    (300e3, 976.01, 8.7704e-6, 1.916e-11),
    (400e3, None, 1.4518e-6, 2.803e-12),
    (500e3, 999.24, 3.0236e-7, 5.215e-13),
    (600e3, None, 8.2130e-8, 1.137e-13),
    (700e3, None, 3.1908e-8, 3.070e-14),
    (800e3, None, 1.7036e-8, 1.136e-14),
    (900e3, None, 1.0873e-8, 5.759e-15),
    (1000e3, 1000.00, 7.5138e-9, 3.561e-15),
]


@pytest.mark.parametrize(("z", "t_ref", "p_ref", "rho_ref", "a_ref"), LOWER_TABLE)
def test_lower_atmosphere_matches_table_1(z, t_ref, p_ref, rho_ref, a_ref):
    t, p, rho, a = us76(z)
    # printed precision: T to 0.001 K, p and rho to 5 significant figures (<= 5e-5 relative
    # rounding); tolerance 1e-4 relative (0.01 %), sound speed 0.01 m/s (last printed place).
    assert abs(t - t_ref) <= 0.001
    assert p == pytest.approx(p_ref, rel=1e-4)
    assert rho == pytest.approx(rho_ref, rel=1e-4)
    assert abs(a - a_ref) <= 0.01


@pytest.mark.parametrize(("z", "t_ref", "p_ref", "rho_ref"), UPPER_TABLE)
def test_upper_atmosphere_matches_table_1(z, t_ref, p_ref, rho_ref):
    t, p, rho, a = us76(z)
    # T: half a unit of the printed 0.01 K. p, rho: 0.2 % relative (measured worst 0.13 %,
    # at 1000 km; below 500 km the agreement is 0.02 % or better).
    if t_ref is not None:
        assert abs(t - t_ref) <= 0.005
    assert p == pytest.approx(p_ref, rel=2e-3)
    assert rho == pytest.approx(rho_ref, rel=2e-3)
    assert np.isfinite(a) and a > 0.0


def test_86_km_kinetic_temperature_and_sound_speed():
    """US76 Table I at 86 km: T = 186.87 K (kinetic, M/M0 = 0.999579); Table III: 274.10 m/s."""
    t, _, _, a = us76(86000.0 - 1e-6)
    assert abs(t - 186.87) <= 0.005
    assert abs(a - 274.10) <= 0.01


def _geometric(h_geopotential):
    return R_EARTH_US76 * h_geopotential / (R_EARTH_US76 - h_geopotential)


@pytest.mark.parametrize("h", [11000.0, 20000.0, 32000.0, 47000.0, 51000.0, 71000.0])
def test_continuous_at_layer_boundaries(h):
    z = _geometric(h)
    below = np.array(us76(z - 1e-6))
    above = np.array(us76(z + 1e-6))
    # 1 micrometre apart: any jump above 1e-9 relative would be a formula error.
    assert np.allclose(below, above, rtol=1e-9, atol=0.0)


def test_continuous_at_80_km_and_86_km():
    for z, rtol_p in ((80000.0, 1e-9), (86000.0, 2e-5)):
        t0, p0, r0, a0 = us76(z - 1e-6)
        t1, p1, r1, a1 = us76(z + 1e-6)
        # At 86 km US76's own upper-model boundary values (sum of number densities) differ from
        # the lower-model pressure by 1.2e-5 relative; T by 1e-4 K (T7 = 186.8673 K).
        assert abs(t1 - t0) <= 1e-3
        assert p1 == pytest.approx(p0, rel=rtol_p)
        assert r1 == pytest.approx(r0, rel=rtol_p)
        assert a1 == pytest.approx(a0, rel=1e-5)


def test_upper_profile_is_continuous_and_monotone():
    z = np.linspace(86e3, 1.2e6, 20001)  # 57 m steps across table nodes and beyond 1000 km
    s = atmosphere(z)
    assert np.all(np.diff(s.pressure) < 0.0)
    assert np.all(np.diff(s.density) < 0.0)
    # largest step of the log over 57 m: density scale height is >= 5 km, so < 0.02
    assert np.max(np.abs(np.diff(np.log(s.density)))) < 0.02
    assert np.max(np.abs(np.diff(s.temperature))) < 1.0  # K, max gradient ~ 12 K/km


def test_above_1000_km_uses_scale_height_at_1000_km():
    t0, p0, r0, _ = us76(999.5e3)
    t1, p1, r1, _ = us76(1000e3)
    t2, p2, r2, _ = us76(1100e3)
    h_p = 500.0 / np.log(p0 / p1)  # m, pressure scale height of the last table interval
    h_rho = 500.0 / np.log(r0 / r1)
    assert p2 == pytest.approx(p1 * np.exp(-100e3 / h_p), rel=1e-12)
    assert r2 == pytest.approx(r1 * np.exp(-100e3 / h_rho), rel=1e-12)
    assert t1 <= t2 <= 1000.0  # exponential segment tends to T_inf = 1000 K


def test_closed_form_temperature_matches_generated_table():
    """The run-time temperature segments equal the generator's column (0.5 km nodes)."""
    from baiterek.earth import atmosphere as mod

    z = mod._Z_UP0 + mod._DZ_UP * np.arange(mod._N_UP)
    t = np.array([mod.upper_temperature(zk) for zk in z])
    assert np.max(np.abs(t - mod._T_UP_TABLE)) < 1e-6  # K, the CSV prints 7 decimals


def test_below_sea_level_extends_first_layer():
    # US76 Table I at -5 km: T = 320.676 K, p = 1.7776e3 mb, rho = 1.9311 kg/m^3.
    t, p, rho, _ = us76(-5000.0)
    assert abs(t - 320.676) <= 0.001
    assert p == pytest.approx(1.7776e5, rel=1e-4)
    assert rho == pytest.approx(1.9311, rel=1e-4)


def test_vectorised_equals_scalar():
    z = np.concatenate([np.linspace(-5e3, 1.1e6, 997), [86e3, 80e3, 1e6]])
    s = atmosphere(z)
    for k, zk in enumerate(z):
        assert (s.temperature[k], s.pressure[k], s.density[k], s.speed_of_sound[k]) == us76(zk)


@pytest.mark.parametrize("shape", [(), (5,), (3, 4)])
def test_shapes(shape):
    z = np.full(shape, 12345.0)
    s = atmosphere(z)
    assert isinstance(s, Atmosphere)
    for field in s:
        assert isinstance(field, np.ndarray) and field.shape == shape
    assert atmosphere(12345.0).density.shape == ()
    assert atmosphere([1.0, 2.0]).density.shape == (2,)
