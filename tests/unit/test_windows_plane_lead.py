"""The plane lead of the rendezvous schemes (windows/phasing.py ``plane_lead``).

Reference: the J2 secular node rate written out here from Vallado, Fundamentals of Astrodynamics
and Applications, 4th ed., eq. 9-41, dOmega/dt = -3/2 n J2 (R/p)^2 cos i, with EGM96's
J2 = 1.08262668e-3 and R = 6378136.3 m (Lemoine et al. 1998), independently of earth.secular.
"""

import math

import numpy as np
import pytest

from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.windows.phasing import INSERTION_ORBIT_M, plane_lead, scheme_ranges

J2_EGM96 = 1.08262668e-3
R_EGM96 = 6378136.3
A_ISS = WGS84_A + 420e3
INC = math.radians(51.64)


def node_rate(a, e=0.0):
    n = math.sqrt(MU_EARTH / a**3)
    p = a * (1 - e * e)
    return -1.5 * n * J2_EGM96 * (R_EGM96 / p) ** 2 * math.cos(INC)


def schemes():
    return {s.name: s for s in scheme_ranges(A_ISS)}


def test_fastest_catch_up_needs_only_the_transfer_lead():
    """At the smallest catch-up the chaser raises at once: half a Hohmann transfer only."""
    two = schemes()["2-orbit"]
    a_v = WGS84_A + 0.5 * sum(INSERTION_ORBIT_M)
    a_h = 0.5 * (a_v + A_ISS)
    e_h = (A_ISS - a_v) / (A_ISS + a_v)
    half = math.pi * math.sqrt(a_h**3 / MU_EARTH)
    want = -(node_rate(a_h, e_h) - node_rate(A_ISS)) * half
    got = float(plane_lead(two, two.catchup_min_rad, A_ISS, INC))
    assert got == pytest.approx(want, rel=1e-3)
    assert 0.005 < math.degrees(got) < 0.02  # a chaser below regresses faster: lead east


def test_lead_grows_with_the_time_spent_low():
    """Each degree of extra catch-up costs (n_v - n_t)^-1 s in the insertion orbit, where the node
    regresses faster by the rate difference."""
    sch = schemes()["34-orbit"]
    a_v = WGS84_A + 0.5 * sum(INSERTION_ORBIT_M)
    e_v = (INSERTION_ORBIT_M[1] - INSERTION_ORBIT_M[0]) / (2 * a_v)
    dn = math.sqrt(MU_EARTH / a_v**3) - math.sqrt(MU_EARTH / A_ISS**3)
    slope = -(node_rate(a_v, e_v) - node_rate(A_ISS)) / dn
    phases = sch.catchup_min_rad + np.radians([10.0, 110.0])
    lead = plane_lead(sch, phases, A_ISS, INC)
    assert (lead[1] - lead[0]) / math.radians(100.0) == pytest.approx(slope, rel=1e-3)
    # a full turn of catch-up: about 1.4 days low at 0.55 deg/day of differential regression
    turn = plane_lead(sch, sch.catchup_min_rad + 2 * math.pi - 1e-6, A_ISS, INC)
    assert 0.7 < math.degrees(float(turn)) < 0.85


def test_the_phase_is_an_angle_the_smallest_catch_up_is_flown():
    """A phase and the same phase plus a turn give one plan (the smallest catch-up that the
    scheme's minimum allows), hence one lead."""
    sch = schemes()["34-orbit"]
    phi = math.radians(-132.5)  # Progress MS-16's phase at insertion
    a, b = plane_lead(sch, [phi, phi + 2 * math.pi], A_ISS, INC)
    assert a == b


def test_phase_the_scheme_cannot_absorb_has_no_lead():
    two = schemes()["2-orbit"]
    lead = plane_lead(two, [two.catchup_max_rad + 0.1, two.catchup_min_rad + 0.1], A_ISS, INC)
    assert math.isnan(lead[0]) and math.isfinite(lead[1])
