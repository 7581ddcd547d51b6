"""Ballistic fall kernel: against an independent scipy integration, convergence, statuses."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod, Transformer
from scipy.integrate import solve_ivp

from baiterek.constants import OMEGA_EARTH
from baiterek.earth.atmosphere import atmosphere
from baiterek.earth.geodesy import enu_basis, geodetic_to_ecef
from baiterek.earth.gravity import gravity
from baiterek.earth.wind import WindProfile
from baiterek.safety.bodies import Body
from baiterek.safety.fall import FAILED, IMPACT, ORBITAL, impact_points

GEOD = Geod(ellps="WGS84")
TO_LLH = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)  # ECEF -> lon, lat, h
W = np.array([0.0, 0.0, OMEGA_EARTH])
CD_TABLE = ((0.0, 0.8, 1.2, 3.0, 10.0), (0.85, 1.0, 1.2, 1.1, 1.1))

BOOSTER = Body("booster", "booster", "sep", 5035.0, None, 22.1, CD_TABLE)
FAIRING = Body("fairing", "fairing", "sep", 775.0, 25.0, None, None)
VACUUM = Body("vac", "other", "sep", 1000.0, 1e12, None, None)


def launch_state(t, lat_deg, lon_deg, h_m, speed, gamma_deg, az_deg, mass):
    """Launch-frame state at time t of a body at (lat, lon, h) moving with an Earth-relative
    speed, flight-path angle and azimuth (axes = ITRS at liftoff, so rotate ECEF by +w t)."""
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    r_e = geodetic_to_ecef(lat, lon, h_m)
    e, n, u = enu_basis(lat, lon)
    g, a = math.radians(gamma_deg), math.radians(az_deg)
    v_e = speed * (math.cos(g) * (math.sin(a) * e + math.cos(a) * n) + math.sin(g) * u)
    c, s = math.cos(OMEGA_EARTH * t), math.sin(OMEGA_EARTH * t)
    rot = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    r = rot @ r_e
    v = rot @ v_e + np.cross(W, r)
    return np.concatenate([r, v, [mass]])


def reference_impact(state, t0, body):
    """Independent fall: scipy DOP853 (rtol 1e-11), pyproj geodetic heights, the same force
    model written with the vectorised library functions; returns (lon deg, lat deg, t)."""
    mach_t, cda_t = body.cd_area_table()
    m = state[6]

    def ecef(t, r):
        c, s = math.cos(OMEGA_EARTH * t), math.sin(OMEGA_EARTH * t)
        return np.array([c * r[0] + s * r[1], -s * r[0] + c * r[1], r[2]])

    def height(t, y):
        x, yy, z = ecef(t, y[:3])
        return TO_LLH.transform(x, yy, z)[2]

    def rhs(t, y):
        r, v = y[:3], y[3:]
        a = gravity(r)
        h = height(t, y)
        atm = atmosphere(np.array([h]))
        vr = v - np.cross(W, r)
        sp = np.linalg.norm(vr)
        cda = np.interp(sp / atm.speed_of_sound[0], mach_t, cda_t)
        a = a - 0.5 * atm.density[0] * sp * cda / m * vr
        return np.concatenate([v, a])

    def hit(t, y):
        return height(t, y)

    hit.terminal = True
    hit.direction = -1
    sol = solve_ivp(rhs, (t0, t0 + 5000.0), state[:6], "DOP853", events=hit, rtol=1e-11,
                    atol=1e-6)  # fmt: skip
    te = sol.t_events[0][0]
    x, y, z = ecef(te, sol.y_events[0][0][:3])
    lon, lat, _ = TO_LLH.transform(x, y, z)
    return lon, lat, te


@pytest.mark.parametrize(
    ("body", "start"),
    [
        (VACUUM, (300.0, 48.0, 70.0, 150e3, 3000.0, 10.0, 60.0, 1000.0)),
        (BOOSTER, (118.9, 46.6, 64.6, 44e3, 1800.0, 25.0, 63.0, 5035.0)),
        (FAIRING, (205.9, 47.9, 68.5, 108e3, 3900.0, 8.0, 62.0, 775.0)),
    ],
)
def test_fall_matches_an_independent_integration(body, start):
    t0 = start[0]
    s0 = launch_state(*start)
    ip = impact_points(s0[None], np.array([t0]), [body])
    assert ip.status[0, 0] == IMPACT
    lon, lat, te = reference_impact(s0, t0, body)
    _, _, miss = GEOD.inv(
        lon, lat, math.degrees(ip.longitude[0, 0]), math.degrees(ip.latitude[0, 0])
    )
    print(f"{body.name}: impact {miss:.2f} m and {ip.time[0, 0] - te:+.3f} s from scipy DOP853")
    assert miss < 20.0  # m: same forces, two integrators
    assert abs(ip.time[0, 0] - te) < 0.05


@pytest.mark.parametrize("body", [BOOSTER, FAIRING])
def test_halving_the_step_moves_the_impact_less_than_100_m(body):
    s0 = launch_state(205.9, 47.9, 68.5, 108e3, 3900.0, 8.0, 62.0, body.mass_kg)
    wind = WindProfile.from_rows([(0.0, 5.0, 2.0), (10e3, 30.0, 5.0), (20e3, 10.0, -5.0)])
    a = impact_points(s0[None], np.array([205.9]), [body], wind=wind)
    b = impact_points(s0[None], np.array([205.9]), [body], wind=wind, step_scale=0.5)
    _, _, d = GEOD.inv(
        math.degrees(a.longitude[0, 0]), math.degrees(a.latitude[0, 0]),
        math.degrees(b.longitude[0, 0]), math.degrees(b.latitude[0, 0]),
    )  # fmt: skip
    print(f"{body.name}: halving the step moves the impact {d:.2f} m")
    assert d < 100.0


def test_fairing_lands_at_its_terminal_speed():
    """Terminal speed sqrt(2 beta g / rho0): 20.0 m/s for beta 25 kg/m2, g 9.81, rho0 1.225
    (US76 sea level); a light shell reaches it long before the ground."""
    s0 = launch_state(205.9, 47.9, 68.5, 108e3, 3900.0, 8.0, 62.0, 775.0)
    ip = impact_points(s0[None], np.array([205.9]), [FAIRING])
    v_t = math.sqrt(2 * 25.0 * 9.81 / 1.225)
    assert ip.speed[0, 0] == pytest.approx(v_t, rel=0.01)
    assert math.degrees(ip.angle[0, 0]) > 85.0  # falls nearly vertically without wind


def test_statuses_and_batch_shapes():
    orbital = launch_state(540.0, 50.0, 80.0, 200e3, 7600.0, 0.0, 60.0, 2300.0)
    sub = launch_state(118.9, 46.6, 64.6, 44e3, 1800.0, 25.0, 63.0, 5035.0)
    broken = np.full(7, np.nan)
    states = np.stack([np.stack([orbital, sub, broken])] * 2)  # (2 samples, 3 bodies, 7)
    times = np.array([[540.0, 118.9, 0.0]] * 2)
    bodies = [FAIRING, BOOSTER, VACUUM]
    ip = impact_points(states, times, bodies, density_scale=np.array([1.0, 1.3]))
    assert ip.shape == (2, 3)
    assert list(ip.status[0]) == [ORBITAL, IMPACT, FAILED]
    assert np.isnan(ip.latitude[0, 0]) and np.isnan(ip.latitude[0, 2])
    assert ip.perigee_orbit[0, 0] > 150e3
    assert 0.0 < ip.decay_time[0, 0] < 365 * 86400.0  # a light body at 200 km decays within a year
    assert np.isnan(ip.decay_time[0, 1])
    single = impact_points(sub[None], np.array([118.9]), [BOOSTER])
    assert ip.latitude[0, 1] == single.latitude[0, 0]  # batched = alone, bit for bit
    assert ip.latitude[1, 1] != ip.latitude[0, 1]  # denser air: another impact point
    assert not ip.latitude.flags.writeable
    # apogee of a body separated climbing, and its 100 km crossing absent (apogee below 100 km)
    assert ip.apogee_altitude[0, 1] > 44e3 and np.isnan(ip.time_100km[0, 1])
    frame = ip.to_frame()
    assert list(frame["status"]) == ["orbital", "impact", "failed"]
    rows = ip.rows(1)
    assert rows[0]["impact_latitude_deg"] is None and rows[1]["downrange_km"] is None  # no site
    assert isinstance(rows[1]["impact_latitude_deg"], float)


def test_step_counts_stay_bounded():
    """Cost bookkeeping (a slowdown fails here): a booster from 44 km and a light fairing half
    from 108 km reach the ground in a few hundred steps each."""
    sub = launch_state(118.9, 46.6, 64.6, 44e3, 1800.0, 25.0, 63.0, 5035.0)
    fair = launch_state(205.9, 47.9, 68.5, 108e3, 3900.0, 8.0, 62.0, 775.0)
    ip = impact_points(np.stack([sub, fair]), np.array([118.9, 205.9]), [BOOSTER, FAIRING])
    print(f"steps: booster {ip.steps[0, 0]}, fairing {ip.steps[0, 1]}")
    assert ip.steps[0, 0] < 600 and ip.steps[0, 1] < 2000


def test_wind_per_sample_drifts_a_fairing_downwind():
    """One wind profile per sample: sample 0 calm (zero rows), sample 1 a 30 m/s westerly
    (blowing east) below 20 km; the light fairing half lands east of its calm impact, by
    several km (it spends about 10 min below 20 km)."""
    s0 = launch_state(205.9, 47.9, 68.5, 108e3, 3900.0, 8.0, 62.0, 775.0)
    rows = [0.0, 10e3, 20e3]
    calm = WindProfile(np.array(rows), np.zeros(3), np.zeros(3))
    west = WindProfile(np.array(rows), np.full(3, 30.0), np.zeros(3))
    states = np.stack([s0[None], s0[None]])
    times = np.full((2, 1), 205.9)
    ip = impact_points(states, times, [FAIRING], wind=[calm, west])
    alone = impact_points(s0[None], np.array([205.9]), [FAIRING])
    assert ip.latitude[0, 0] == alone.latitude[0, 0]
    _, _, d = GEOD.inv(
        math.degrees(ip.longitude[0, 0]), math.degrees(ip.latitude[0, 0]),
        math.degrees(ip.longitude[1, 0]), math.degrees(ip.latitude[1, 0]),
    )  # fmt: skip
    print(f"fairing drift in a 30 m/s wind: {d / 1e3:.1f} km")
    assert ip.longitude[1, 0] > ip.longitude[0, 0] and 3e3 < d < 30e3
    with pytest.raises(ValueError, match="one per sample"):
        impact_points(states, times, [FAIRING], wind=[calm, west, calm])


def test_kernel_height_matches_the_geodesy_module():
    """The kernel's trig-free two-step Bowring height against earth.geodesy (three iterations,
    1e-9 m): within 1 mm from -1 km to 1,200 km at every latitude."""
    from baiterek.earth.geodesy import ecef_to_geodetic
    from baiterek.safety._fall_kernel import _height

    rng = np.random.default_rng(3)
    lat = np.arcsin(rng.uniform(-1, 1, 2000))
    lon = rng.uniform(-math.pi, math.pi, 2000)
    h = rng.uniform(-1e3, 1.2e6, 2000)
    r = geodetic_to_ecef(lat, lon, h)
    ref_lat, _, ref_h = ecef_to_geodetic(r)
    got = np.array([_height(*p) for p in r])
    assert np.max(np.abs(got[:, 0] - ref_h)) < 1e-3
    assert np.max(np.abs(got[:, 1] - np.sin(ref_lat))) < 1e-12
