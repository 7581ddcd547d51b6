"""Yaw steering from liftoff (flight/azimuth.py) and the simulator's own window geometry.

Soyuz-2.1a (reference payload) from Baikonur 31/6 to 200 km at 51.64 deg (the ISS launches of
tests/validation/test_iss_launch_windows.py).
"""

import math
from pathlib import Path

import numpy as np
import pytest

from baiterek import catalog
from baiterek.flight.azimuth import AZIMUTH_SPAN_RAD, solution_azimuth
from baiterek.flight.simulate import setup, simulate, solve_guidance
from baiterek.flight.target import OrbitTarget
from baiterek.windows import analytic_ascent_geometry, read_tle, tle_windows
from baiterek.windows.geometry import (
    geometry_from_trajectory,
    pad_offset_angle,
    simulated_ascent_geometry,
)

INC = math.radians(51.64)
SITE = "baikonur-31-6"


@pytest.fixture(scope="module")
def case():
    st = setup("soyuz-2.1a", SITE, catalog.vehicle("soyuz-2.1a").reference_payload_kg,
               OrbitTarget.circular(200e3, INC))  # fmt: skip
    return st, solve_guidance(st, steer_azimuth=False), solve_guidance(st)


def test_steered_azimuth_gains_mass_within_its_bound_and_few_evaluations(case):
    st, fixed, steered = case
    daz = solution_azimuth(steered) - solution_azimuth(fixed)
    print(f"\nkick azimuth {math.degrees(daz):+.3f} deg, cutoff mass "
          f"{steered.cutoff_mass - fixed.cutoff_mass:+.2f} kg")  # fmt: skip
    assert solution_azimuth(fixed) == pytest.approx(st.problem.azimuth)
    assert steered.cutoff_mass >= fixed.cutoff_mass
    assert 0.0 < abs(daz) <= AZIMUTH_SPAN_RAD
    assert steered.kick == fixed.kick
    assert steered.iterations - fixed.iterations <= 3  # three warm vacuum solves at most


def test_steered_flight_reaches_the_inclination_with_the_solved_azimuth(case):
    st, _, steered = case
    traj = simulate(st, steered.prm, "2027-01-01T00:00:00Z")
    assert traj.status == "inserted"
    assert abs(math.degrees(traj.insertion.inclination - INC)) < 1e-3  # deg
    assert abs(traj.insertion.semi_major_axis - st.problem.target.semi_major_axis) < 100.0  # m


def test_simulator_pad_offset_agrees_with_the_unfitted_analytic_model(case):
    """The documented cross-check (windows/geometry.py): the analytic out-of-plane model with the
    steering spread over the whole flight (no calibrated coefficient) against the simulator's own
    insertion plane, for the simulated duration."""
    g = simulated_ascent_geometry("soyuz-2.1a", SITE, INC, "north")
    # the analytic model is Keplerian: compare it with the simulator's osculating plane
    st, _, steered = case
    traj = simulate(st, steered.prm, "2027-01-01T00:00:00Z")
    osc = geometry_from_trajectory(traj, mean=False)
    delta, _ = pad_offset_angle(catalog.site(SITE), INC, "north", osc.duration_s)
    print(f"\npad offset: simulator {math.degrees(osc.pad_offset_rad):.3f} deg (osculating), "
          f"{math.degrees(g.pad_offset_rad):.3f} deg (mean plane), analytic (f = 1) "
          f"{math.degrees(delta):.3f} deg")  # fmt: skip
    assert abs(math.degrees(osc.pad_offset_rad - delta)) < 0.03


def test_insertion_plane_leads_the_target_by_the_reported_lead():
    """Each window's insertion node (TEME, at insertion) minus the target's node there is the
    reported plane lead: the launch instants carry it."""
    tle = read_tle(Path(__file__).parents[1] / "validation/data/iss-before-progress-ms-16.tle")
    site = catalog.site(SITE)
    g = analytic_ascent_geometry(site, tle.plane().inclination_rad, "north", 530.0)
    w = tle_windows(site, "soyuz-2.1a", tle, "2021-02-14T00:00:00Z", 2.0, geometry=g)
    node_t = tle.plane().raan_at(w.insertion_jd_tt)
    diff = np.mod(w.raan_rad - node_t + math.pi, 2 * math.pi) - math.pi
    assert len(w) >= 2
    assert np.allclose(diff, w.plane_lead_rad, atol=math.radians(1e-4))
    schemes = {r["scheme"] for r in w.records()}
    assert all(r["plane_lead_deg"] > 0.0 for r in w.records() if r["scheme"])
    assert schemes <= {"2-orbit", "4-orbit", "34-orbit", None}


def test_mean_plane_differs_from_the_osculating_one_by_sgp4s_short_period_terms(case):
    """The simulator's insertion plane in SGP4 mean elements (windows.geometry.mean_plane, a TLE
    fit) against the osculating one: the inclination difference must be the one python-sgp4 gives
    for the ISS itself at the same argument of latitude (SGP4 on the Progress MS-23 ISS TLE of
    tests/validation/test_iss_launch_windows.py: osculating minus mean inclination there)."""
    from sgp4.api import Satrec

    from baiterek.kepler import state_to_elements
    from baiterek.windows.geometry import mean_plane

    st, _, steered = case
    traj = simulate(st, steered.prm, "2027-01-01T00:00:00Z")
    _, inc_mean = mean_plane(traj)
    u_ins = traj.insertion.argument_of_latitude
    iss = Satrec.twoline2rv(
        "1 25544U 98067A   23144.35992656  .00014977  00000-0  26854-3 0  9995",
        "2 25544  51.6416  86.6432 0005375  14.6417 128.6708 15.50136251398097",
    )
    minutes = np.linspace(0.0, 93.0, 400)
    _, r, v = iss.sgp4_array(np.full(400, iss.jdsatepoch), iss.jdsatepochF + minutes / 1440.0)
    el = state_to_elements(np.asarray(r) * 1e3, np.asarray(v) * 1e3)
    du = np.abs((el.argp + el.nu - u_ins + math.pi) % (2 * math.pi) - math.pi)
    k = int(du.argmin())
    iss_osc_minus_mean = float(el.i[k]) - iss.inclo
    sim_osc_minus_mean = traj.insertion.inclination - inc_mean
    print(f"\nosculating minus mean inclination at u = {math.degrees(u_ins):.1f} deg: simulator "
          f"{math.degrees(sim_osc_minus_mean):+.4f} deg, ISS (SGP4) "
          f"{math.degrees(iss_osc_minus_mean):+.4f} deg")  # fmt: skip
    assert abs(math.degrees(iss_osc_minus_mean)) > 0.01  # a real effect at this u
    assert abs(math.degrees(sim_osc_minus_mean - iss_osc_minus_mean)) < 0.003
