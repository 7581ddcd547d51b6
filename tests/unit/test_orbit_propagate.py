"""Propagator: invariants, batch vs single, drag decay as an event, input errors."""

import numpy as np
import pytest

from baiterek.constants import AU, MU_EARTH, WGS84_A
from baiterek.earth.density import DensityTable, exponential_density
from baiterek.earth.time import to_time
from baiterek.errors import InputError
from baiterek.orbit.elements import elements_to_state, state_to_elements
from baiterek.orbit.propagate import DECAYED, OK, propagate, sun_moon_positions

EPOCH = "2026-11-21T05:45:04Z"


def _leo(alt_km=400.0, e=0.001, inc=51.6):
    return elements_to_state(WGS84_A + alt_km * 1e3, e, np.radians(inc), 1.0, 0.5, 0.2)


def test_two_body_conserves_energy_and_angular_momentum():
    r0, v0 = _leo(500.0, 0.05)
    p = propagate(EPOCH, r0, v0, np.linspace(0, 86400, 200), n_zonal=0)
    r, v = p.r_m[0], p.v_m_s[0]
    energy = 0.5 * np.sum(v * v, axis=1) - MU_EARTH / np.linalg.norm(r, axis=1)
    h = np.cross(r, v)
    assert np.ptp(energy) / abs(energy[0]) < 1e-11
    assert np.max(np.linalg.norm(h - h[0], axis=1)) / np.linalg.norm(h[0]) < 1e-11


def test_batch_equals_single_runs_and_shapes():
    r1, v1 = _leo(400.0)
    r2, v2 = _leo(800.0, 0.01, 98.0)
    ts = np.arange(0.0, 7200.0, 60.0)
    both = propagate(EPOCH, np.stack([r1, r2]), np.stack([v1, v2]), ts)
    one = propagate(EPOCH, r2, v2, ts)
    assert both.r_m.shape == (2, ts.size, 3) and one.r_m.shape == (1, ts.size, 3)
    np.testing.assert_array_equal(both.r_m[1], one.r_m[0])
    np.testing.assert_allclose(both.r_m[0, 0], r1, atol=0)
    assert list(both.status) == [OK, OK]


def test_decay_is_an_event_with_its_time_and_the_batch_goes_on():
    low_r, low_v = _leo(160.0, 0.0, 51.6)
    high_r, high_v = _leo(500.0)
    ts = np.arange(0.0, 3 * 86400.0, 300.0)
    p = propagate(
        EPOCH,
        np.stack([low_r, high_r]),
        np.stack([low_v, high_v]),
        ts,
        ballistic_coefficient_kg_m2=50.0,
    )
    assert p.status[0] == DECAYED and p.status[1] == OK
    t_dec = p.decay_t_s[0]
    assert 0.0 < t_dec < 3 * 86400.0
    after = ts > t_dec
    assert np.all(np.isnan(p.r_m[0, after])) and np.all(np.isfinite(p.r_m[0, ~after]))
    assert p.decay_utc(0) is not None and p.decay_utc(1) is None
    summary = p.to_json()
    assert summary["objects"][0]["status"] == "decayed"
    assert summary["objects"][0]["decay_after_s"] == pytest.approx(t_dec)


def test_drag_lowers_the_orbit_and_density_is_pluggable():
    r0, v0 = _leo(300.0, 0.0)
    ts = np.array([0.0, 86400.0])
    base = DensityTable.from_function(exponential_density, "Vallado Table 8-4")
    free = propagate(EPOCH, r0, v0, ts)
    dragged = propagate(EPOCH, r0, v0, ts, ballistic_coefficient_kg_m2=100.0, density=base)
    doubled = propagate(
        EPOCH,
        r0,
        v0,
        ts,
        ballistic_coefficient_kg_m2=100.0,
        density=DensityTable.from_function(lambda h: 2.0 * exponential_density(h), "2x"),
    )

    def energy(p):
        r, v = p.r_m[0, -1], p.v_m_s[0, -1]
        return 0.5 * v @ v - MU_EARTH / np.linalg.norm(r)

    loss1 = energy(free) - energy(dragged)
    loss2 = energy(free) - energy(doubled)
    assert loss1 > 0
    assert loss2 / loss1 == pytest.approx(2.0, rel=0.05)


def test_exponential_density_matches_its_table():
    # Vallado (2013) Table 8-4 base values
    assert exponential_density(0.0) == pytest.approx(1.225)
    assert exponential_density(400e3) == pytest.approx(3.725e-12)
    assert exponential_density(np.array([200e3, 500e3])) == pytest.approx([2.789e-10, 6.967e-13])


def test_sun_and_moon_positions_are_plausible_and_perturb_geo():
    sun, moon = sun_moon_positions(to_time(["2026-01-03T12:00:00Z", "2026-07-04T12:00:00Z"]))
    d_sun = np.linalg.norm(sun, axis=1) / AU
    assert d_sun[0] == pytest.approx(0.9833, abs=0.001)  # perihelion early January
    assert d_sun[1] == pytest.approx(1.0167, abs=0.001)  # aphelion early July
    d_moon = np.linalg.norm(moon, axis=1) / 1e3
    assert np.all((356_000 < d_moon) & (d_moon < 407_000))
    r0, v0 = elements_to_state(42_164e3, 0.0, 0.001, 0.0, 0.0, 0.0)
    ts = np.array([0.0, 86400.0])
    a = propagate(EPOCH, r0, v0, ts)
    b = propagate(EPOCH, r0, v0, ts, third_body=True)
    shift = np.linalg.norm(a.r_m[0, -1] - b.r_m[0, -1])
    assert 1e3 < shift < 1e5  # Sun and Moon move a GEO object by km per day, not m nor 100s km


@pytest.mark.parametrize(
    "kwargs",
    [
        {"times_s": [-10.0, 0.0]},
        {"times_s": [0.0, 20.0, 10.0]},
        {"times_s": []},
        {"n_zonal": 5},
        {"ballistic_coefficient_kg_m2": -1.0},
    ],
)
def test_bad_input_is_an_input_error(kwargs):
    r0, v0 = _leo()
    args = {"times_s": [0.0, 60.0]} | kwargs
    with pytest.raises(InputError):
        propagate(EPOCH, r0, v0, args.pop("times_s"), **args)


def test_result_table_and_times():
    r0, v0 = _leo()
    p = propagate(EPOCH, np.stack([r0, r0]), np.stack([v0, v0]), [0.0, 30.0, 60.0])
    df = p.to_frame()
    assert list(df.columns[:3]) == ["object", "t_s", "time_utc"] and len(df) == 6
    assert df["time_utc"].iloc[1] == "2026-11-21T05:45:34.000Z"
    assert p.to_json()["n_times"] == 3 and p.epoch_utc.isoformat().startswith("2026-11-21T05:45:04")


@pytest.mark.parametrize("year", [2000, 2026, 2050])
def test_analytic_sun_and_moon_against_sofa(year):
    """References: SOFA/ERFA epv00 (Earth heliocentric, ~km) and moon98 (Meeus/ELP, ~arcsec)."""
    import erfa

    t = to_time(
        [
            f"{year}-{m:02d}-{d:02d}T{h:02d}:00:00Z"
            for m in range(1, 13)
            for d in (3, 17)
            for h in (0, 13)
        ]
    )
    sun, moon = sun_moon_positions(t)
    sun_ref = (
        np.array([-erfa.epv00(w, f)[0][0] for w, f in zip(t.whole, t.tt_fraction, strict=True)])
        * AU
    )
    moon_ref = (
        np.array([erfa.moon98(w, f)[0] for w, f in zip(t.whole, t.tt_fraction, strict=True)]) * AU
    )

    def arcmin(a, b):
        c = np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
        return np.degrees(np.arccos(np.clip(c, -1, 1))) * 60.0

    assert arcmin(sun, sun_ref).max() < 0.7
    assert np.max(np.abs(np.linalg.norm(sun, axis=1) / np.linalg.norm(sun_ref, axis=1) - 1)) < 1e-4
    assert arcmin(moon, moon_ref).max() < 5.0
    assert np.max(np.abs(np.linalg.norm(moon, axis=1) - np.linalg.norm(moon_ref, axis=1))) < 450e3


def test_drag_decay_rate_matches_the_circular_orbit_formula():
    """da/dt = -rho sqrt(mu a) (v_rel / v)^2 / BC for a circular equatorial orbit in an
    atmosphere turning with the Earth (energy balance; King-Hele, Satellite Orbits in an
    Atmosphere, 1987, ch. 3). Point-mass gravity, so the osculating a is the mean a."""
    from baiterek.constants import OMEGA_EARTH

    a0 = WGS84_A + 400e3
    r0, v0 = elements_to_state(a0, 0.0, 0.0, 0.0, 0.0, 0.0)
    bc = 50.0
    ts = np.array([0.0, 86400.0])
    p = propagate(
        EPOCH,
        r0,
        v0,
        ts,
        n_zonal=0,
        ballistic_coefficient_kg_m2=bc,
        density=DensityTable.from_function(exponential_density, "Vallado Table 8-4"),
    )
    a1 = state_to_elements(p.r_m[0, -1], p.v_m_s[0, -1]).a
    v = np.sqrt(MU_EARTH / a0)
    # GCRS z is not exactly the Earth's axis (the kernel uses the true pole): the orbit is
    # inclined by the pole offset (~0.2 deg), which changes the wind factor by < 1e-5.
    rho = 3.725e-12  # kg/m^3, Vallado Table 8-4 density at 400 km
    rate = -rho * np.sqrt(MU_EARTH * a0) * (1 - OMEGA_EARTH * a0 / v) ** 2 / bc
    expected = rate * 86400.0
    print(f"drag: delta a {a1 - a0:.2f} m/day, formula {expected:.2f} m/day")
    assert (a1 - a0) == pytest.approx(expected, rel=0.02)


def test_default_density_is_us76():
    """The propagator's default density is US76 (U.S. Standard Atmosphere 1976, Table I:
    400 km: 2.803e-12 kg/m^3); the tabulation interpolates it to 0.5 %."""
    from baiterek.earth.density import default_density_table

    table = default_density_table()
    assert "1976" in table.name
    k = int(400e3 / table.step_m)
    assert np.exp(table.log_density[k]) == pytest.approx(2.803e-12, rel=0.005)
