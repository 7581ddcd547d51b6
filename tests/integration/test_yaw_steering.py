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
from baiterek.windows.geometry import pad_offset_angle, simulated_ascent_geometry

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


def test_simulator_pad_offset_agrees_with_the_unfitted_analytic_model():
    """The documented cross-check (windows/geometry.py): the analytic out-of-plane model with the
    steering spread over the whole flight (no calibrated coefficient) against the simulator's own
    insertion plane, for the simulated duration."""
    g = simulated_ascent_geometry("soyuz-2.1a", SITE, INC, "north")
    delta, _ = pad_offset_angle(catalog.site(SITE), INC, "north", g.duration_s)
    print(f"\npad offset: simulator {math.degrees(g.pad_offset_rad):.3f} deg, analytic (f = 1) "
          f"{math.degrees(delta):.3f} deg")  # fmt: skip
    assert abs(math.degrees(g.pad_offset_rad - delta)) < 0.03


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
