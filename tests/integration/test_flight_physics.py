"""Ascent kernel physics: energy conservation with thrust and drag off; batch equals single runs."""

import math

import numpy as np
import pytest

from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.earth.gravity import potential
from baiterek.flight import _kernel as K
from baiterek.flight import _packing as P
from baiterek.flight import guidance as G
from baiterek.flight._packing import Model
from baiterek.flight.simulate import fly_batch, setup, simulate, solve_guidance


def _model_without_thrust_or_drag(duration_s):
    """One coasting segment, Cd = 0 (no drag): a kernel model of one sample."""
    segs = np.zeros((1, K.N_SEG_ROWS, 1))
    segs[0, K.SEG_START, 0] = 0.0
    segs[0, K.SEG_END, 0] = duration_s
    segs[0, K.SEG_MIN_THROTTLE, 0] = 1.0  # not throttleable
    aero = np.array([[[0.0, 10.0], [0.0, 0.0]]])  # Cd = 0: no drag
    misc = np.zeros((1, K.N_MISC))
    misc[0, K.MISC_AREA] = 10.0
    misc[0, K.MISC_FLUX_LIMIT] = 1135.0
    misc[0, K.MISC_MAX_AXIAL] = 6.0 * 9.80665
    misc[0, K.MISC_DRAG_SCALE] = misc[0, K.MISC_DENSITY_SCALE] = 1.0
    return Model(segs, aero, misc, np.zeros((1, K.N_WIND_ROWS, 0)))


def test_energy_conserved_with_thrust_and_drag_off():
    """With J2-J4 gravity only, E = v^2/2 + U(r) is constant in the inertial launch frame.

    One 200 km orbit (~5,300 s) with the kernel's 2 s RK4: drift below 1e-9 of |E| (= 0.03 J/kg).
    """
    r = WGS84_A + 200e3
    v = math.sqrt(MU_EARTH / r)
    s0 = np.array([r, 0.0, 0.0, 0.0, v * 0.6, v * 0.8, 1000.0])
    duration = 5300.0
    md = _model_without_thrust_or_drag(duration)
    n = 4000
    rec_t, rec_s, rec_u, rec_seg = (
        np.zeros(n),
        np.zeros((n, 7)),
        np.zeros((n, 3)),
        np.zeros(n, np.int64),
    )
    prm = np.zeros(K.N_PARAMS)
    prm[K.P_T_CLOSED_LOOP] = 0.0
    prm[K.P_ENERGY] = np.nan
    status, tf, sf, nrec, *_ = K.fly(
        md.kernel_model,
        0,
        s0,
        0.0,
        K.MODE_VACUUM_LAW,
        False,
        False,
        0.0,
        prm,
        1.0,
        2.0,
        duration,
        rec_t,
        rec_s,
        rec_u,
        rec_seg,
        np.zeros((n, 2)),
        np.full(K.N_EVENTS, np.nan),
    )
    assert nrec > 2000
    e = 0.5 * np.sum(rec_s[:nrec, 3:6] ** 2, 1) + potential(rec_s[:nrec, :3], 4)
    drift = np.max(np.abs(e - e[0])) / abs(e[0])
    assert drift < 1e-9, f"relative energy drift {drift:.2e}"
    assert np.all(rec_s[:nrec, 6] == 1000.0)  # no mass flow without thrust


@pytest.fixture(scope="module")
def soyuz_setup():
    rt = WGS84_A + 200e3
    target = G.OrbitTarget(rt, 0.0, WGS84_A + 220e3, math.radians(51.67), "north")
    st = setup("soyuz-2.1b", "baikonur-31-6", 6000.0, target)
    return st, solve_guidance(st)


def test_batch_equals_single_runs(soyuz_setup):
    """The same trajectories flown as one batch (parallel) and one by one agree bit for bit."""
    st, sol = soyuz_setup
    prms = np.repeat(sol.prm[None, :], 5, 0)
    prms[:, 1] += np.radians([-0.2, -0.1, 0.0, 0.1, 0.2])  # five kicks
    status, tf, sf = fly_batch(st, prms)
    for k in range(5):
        traj = simulate(st, prms[k], "2027-01-01T00:00:00Z", closed_loop=False)
        st1, tf1, sf1 = fly_batch(st, prms[k])
        assert status[k] == st1[0]
        assert tf[k] == tf1[0]
        assert np.array_equal(sf[k], sf1[0])
        # the recorded run ends at the same state
        end = np.concatenate([traj.position[-1], traj.velocity[-1], [traj.mass[-1]]])
        assert np.allclose(end, sf[k], rtol=0, atol=1e-6)


def test_step_size_convergence(soyuz_setup, monkeypatch):
    """Halving the RK4 steps changes the insertion mass by < 5 kg (the integration error budget)."""
    st, sol = soyuz_setup
    status, tf, sf = fly_batch(st, sol.prm)
    monkeypatch.setattr(P, "DT_ATMO", P.DT_ATMO / 2)
    monkeypatch.setattr(P, "DT_VAC", P.DT_VAC / 2)
    status2, tf2, sf2 = fly_batch(st, sol.prm)
    assert status[0] == status2[0] == K.STATUS_CUTOFF
    assert abs(sf[0, 6] - sf2[0, 6]) < 5.0
    assert abs(np.linalg.norm(sf[0, :3]) - np.linalg.norm(sf2[0, :3])) < 500.0


def test_launch_azimuth_no_rotation_matches_reference():
    """docs/reference/vehicles.md sec. 7: A = asin(cos i / cos lat) = 63.3 deg at 45.94 N for 51.6 deg (no rotation).

    With the rotation correction the Earth-relative azimuth is smaller (about 62.2 deg)."""
    lat = math.radians(45.94)
    a_inertial = G.launch_azimuth(lat, math.radians(51.6), "north")
    assert math.degrees(a_inertial) == pytest.approx(63.3, abs=0.05)
    a_fast = G.launch_azimuth(lat, math.radians(51.6), "north", orbit_speed=1e12)
    assert a_fast == pytest.approx(float(a_inertial), abs=1e-9)  # pad speed negligible
    a_rel = G.launch_azimuth(
        lat, math.radians(51.6), "north", orbit_speed=math.sqrt(MU_EARTH / (WGS84_A + 200e3))
    )
    assert 61.5 < math.degrees(a_rel) < 63.0
