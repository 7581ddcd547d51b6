"""Separation and collision avoidance (issue 13): zero impulse, independent two-body, CW limits.

Independent reference: scipy ``solve_ivp`` (DOP853, rtol 1e-12) on a point-mass right-hand side
written here, with the impulses applied in a local orbital frame built here; our propagator runs
with J2 switched off (``n_zonal=0``) for that comparison. Linear checks: Clohessy & Wiltshire,
"Terminal guidance system for satellite rendezvous", J. Aerospace Sci. 27 (1960) 653-658: after
a radial impulse the bodies meet again after one period; after an along-track impulse dv they
are 3 dv P apart along-track after one period P.
"""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from baiterek import catalog
from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.errors import InfeasibleError, InputError
from baiterek.orbit.elements import elements_to_state
from baiterek.orbit.separation import Manoeuvre, from_catalog, relative_motion
from baiterek.units import KM, METER, SECOND

EPOCH = "2027-06-01T06:00:00Z"


@pytest.fixture(scope="module")
def insertion():
    """A 200 km x 230 km, 51.6 deg insertion orbit (the Sunkar reference target class)."""
    a = WGS84_A + 215 * KM
    return elements_to_state(a, 15 * KM / a, math.radians(51.6), 0.3, 0.4, 0.2)


def _frame(r, v):
    r_hat = r / np.linalg.norm(r)
    c = np.cross(r, v)
    c_hat = c / np.linalg.norm(c)
    return np.array([r_hat, np.cross(c_hat, r_hat), c_hat])  # rows: radial, along, cross


def _two_body_min(r0, v0, dv_lvlh, man, span, period):
    """Independent two-body run: minimum distance after the first maximum (1 s grid, refined)."""

    def rhs(_t, y):
        r = y[:3]
        return np.concatenate([y[3:], -MU_EARTH * r / np.linalg.norm(r) ** 3])

    def fly(y0, t0, t1):
        return solve_ivp(
            rhs, (t0, t1), y0, method="DOP853", rtol=1e-12, atol=1e-6, dense_output=True
        ).sol

    dv = _frame(r0, v0).T @ np.asarray(dv_lvlh)
    payload = fly(np.concatenate([r0, v0]), 0.0, span)
    ys = np.concatenate([r0, v0 - dv])
    if man is None:
        legs = [(0.0, span, fly(ys, 0.0, span))]
    else:
        a = fly(ys, 0.0, man.delay_s)
        y1 = a(man.delay_s)
        y1[3:] += _frame(y1[:3], y1[3:]).T @ np.asarray(man.dv_lvlh_m_s)
        legs = [(0.0, man.delay_s, a), (man.delay_s, span, fly(y1, man.delay_s, span))]
    t = np.arange(0.0, span, 1.0)
    stage = np.concatenate([s(t[(t >= lo) & (t < hi)]) for lo, hi, s in legs], axis=1)
    d = np.linalg.norm(stage[:3] - payload(t)[:3], axis=0)
    k_open = int(np.nonzero(np.diff(d) < 0)[0][0])
    k = k_open + int(np.argmin(d[k_open:]))
    return float(d[k]), float(t[k])


def test_zero_impulse_and_no_avoidance_give_zero_distance(insertion):
    r, v = insertion
    res = relative_motion(r, v, (0.0, 0.0, 0.0), None, epoch=EPOCH)
    # same state, same integrator: identical paths; bound 1 mm
    assert res.min_distance_m < 1e-3 * METER
    assert np.max(res.distance_m) < 1e-3 * METER
    assert res.t_s[-1] == pytest.approx(3 * res.period_s)
    print(f"zero impulse: max distance {np.max(res.distance_m):.3e} m over 3 orbits")


def test_catalog_values_match_an_independent_two_body_run_within_1_percent(insertion):
    r, v = insertion
    dv, man = from_catalog(catalog.vehicle("sunkar").separation, r, v)
    assert man is not None and np.linalg.norm(dv) > 0
    res = relative_motion(r, v, dv, man, epoch=EPOCH, n_zonal=0)
    ref_d, ref_t = _two_body_min(r, v, dv, man, float(res.t_s[-1]), res.period_s)
    miss = abs(res.min_distance_m - ref_d) / ref_d
    print(
        f"sunkar catalog, two-body: min {res.min_distance_m:.1f} m at {res.time_of_min_s:.0f} s;"
        f" scipy solve_ivp {ref_d:.1f} m at {ref_t:.0f} s; miss {100 * miss:.2e} %"
    )
    assert res.min_distance_m > 1 * KM
    assert miss < 0.01
    assert abs(res.time_of_min_s - ref_t) < 0.01 * ref_t


def test_catalog_values_with_j2_keep_the_bodies_apart(insertion):
    r, v = insertion
    dv, man = from_catalog(catalog.vehicle("sunkar").separation, r, v)
    res = relative_motion(r, v, dv, man, epoch=EPOCH)  # J2..J4
    print(f"sunkar catalog, J2-J4: {res!r}")
    assert res.min_distance_m > 1 * KM
    assert res.time_of_min_s > res.opening_end_s > man.delay_s
    assert res.approach_t_s.size >= 2 and res.min_distance_m == res.approach_distance_m.min()
    assert not res.distance_m.flags.writeable
    doc = res.to_json()
    assert doc["min_distance_m"] == res.min_distance_m and len(doc["close_approaches"]) >= 2


def test_radial_impulse_returns_after_one_orbit_two_body(insertion):
    """CW: a radial impulse dv closes again after one period; farthest 4 dv / n at half."""
    r, v = insertion
    res = relative_motion(r, v, (1.0, 0.0, 0.0), None, epoch=EPOCH, n_zonal=0)
    n = 2 * math.pi / res.period_s
    assert np.max(res.distance_m) == pytest.approx(4 * 1.0 / n, rel=0.05)
    assert res.time_of_min_s == pytest.approx(res.period_s, rel=0.01)
    # second order in dv / v: metres, against the 3.5 km opening
    assert res.min_distance_m < 10 * METER
    assert res.distance_after_one_orbit_m < 10 * METER


def test_along_track_impulse_drifts_3_dv_per_period(insertion):
    r, v = insertion
    res = relative_motion(r, v, (0.0, 0.5, 0.0), None, epoch=EPOCH, n_zonal=0)
    assert res.distance_after_one_orbit_m == pytest.approx(3 * 0.5 * res.period_s, rel=0.05)
    # CW: d^2 ~ (3 th - 4 sin th)^2 + 4 (1 - cos th)^2 is least at th = 2 pi + 0.7097 (1.1130 P)
    assert res.time_of_min_s == pytest.approx(1.1130 * res.period_s, rel=0.01)
    k = np.searchsorted(res.t_s, res.period_s)
    # CW: the stage, 0.5 m/s slower, drops to a lower, shorter orbit and moves ahead
    assert res.along_m[k] > 0


def test_momentum_split_halves_the_stage_share():
    r, v = elements_to_state(WGS84_A + 400 * KM, 0.0, 0.9, 0.0, 0.0, 0.0)
    whole = relative_motion(r, v, (1.0, 0.0, 0.0), None, 2000 * SECOND, epoch=EPOCH, n_zonal=0)
    split = relative_motion(
        r,
        v,
        (1.0, 0.0, 0.0),
        None,
        2000 * SECOND,
        epoch=EPOCH,
        n_zonal=0,
        payload_mass_kg=1000.0,
        stage_mass_kg=1000.0,
    )
    # the relative motion is the same to first order in dv / v
    np.testing.assert_allclose(split.distance_m, whole.distance_m, rtol=1e-3, atol=1e-3)


def test_input_errors(insertion):
    r, v = insertion
    with pytest.raises(InputError, match="separation_dv_lvlh_m_s"):
        relative_motion(r, v, (1.0, 0.0), None, epoch=EPOCH)
    with pytest.raises(InputError, match="avoidance.delay_s"):
        Manoeuvre(-1.0, (0.0, -1.0, 0.0))
    with pytest.raises(InputError, match="avoidance.delay_s"):
        relative_motion(r, v, (0.0, 1.0, 0.0), Manoeuvre(1e6, (0.0, -1.0, 0.0)), epoch=EPOCH)
    with pytest.raises(InputError, match="payload_mass_kg"):
        relative_motion(r, v, (0.0, 1.0, 0.0), None, epoch=EPOCH, payload_mass_kg=10.0)
    with pytest.raises(InputError, match="v_m_s"):
        relative_motion(r, 2 * np.asarray(v), (0.0, 1.0, 0.0), None, epoch=EPOCH)


def test_every_catalog_vehicle_and_upper_stage_has_graded_sourced_separation_data():
    items = [*catalog.vehicles(), *catalog.upper_stages()]
    for item in items:
        sep = item.separation
        assert sep is not None and sep.source, item.id
        for imp in (sep.payload, sep.avoidance):
            assert imp is not None and imp.grade in "ABCU" and imp.source, item.id
    f9 = catalog.vehicle("falcon-9")
    assert catalog.restartable_last_stage(f9).separation == f9.separation


def test_drag_moves_the_bodies_apart_and_a_decay_is_infeasible():
    """Differential drag at 200 km: a 10x lighter-per-area stage falls behind the payload."""
    r, v = elements_to_state(WGS84_A + 200 * KM, 0.0, 0.9, 0.0, 0.0, 0.0)
    base = relative_motion(r, v, (0.0, 0.0, 0.0), None, 6000 * SECOND, epoch=EPOCH)
    drag = relative_motion(
        r,
        v,
        (0.0, 0.0, 0.0),
        None,
        6000 * SECOND,
        epoch=EPOCH,
        ballistic_coefficients_kg_m2=(200.0, 20.0),
    )
    assert base.distance_m[-1] < 1e-3 * METER < 1 * KM < drag.distance_m[-1]
    assert drag.force_model["drag"] is not None
    low = elements_to_state(WGS84_A + 120 * KM, 0.0, 0.9, 0.0, 0.0, 0.0)
    with pytest.raises(InfeasibleError, match="decays") as exc:
        relative_motion(
            *low,
            (0.0, 0.5, 0.0),
            None,
            20000 * SECOND,
            epoch=EPOCH,
            ballistic_coefficients_kg_m2=(100.0, 100.0),
        )
    assert 0 < exc.value.limit["decay_after_s"] < 20000


def test_cross_track_impulse_meets_again_after_half_an_orbit(insertion):
    """CW: a cross-track impulse dv gives z = dv/n sin(n t): farthest at P/4, met again at P/2."""
    r, v = insertion
    res = relative_motion(r, v, (0.0, 0.0, 1.0), None, epoch=EPOCH, n_zonal=0)
    n = 2 * math.pi / res.period_s
    assert res.opening_end_s == pytest.approx(res.period_s / 4, rel=0.02)
    assert np.max(res.distance_m) == pytest.approx(1.0 / n, rel=0.05)
    assert res.approach_t_s[0] == pytest.approx(res.period_s / 2, rel=0.01)
    assert res.approach_distance_m[0] < 0.02 * np.max(res.distance_m)
