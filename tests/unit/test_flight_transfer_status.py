"""A stack too heavy for its transfer is a status of the result, not an exception."""

from __future__ import annotations

import math

import numpy as np
import pytest

from baiterek import catalog
from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A
from baiterek.flight.sequence import build_sequence
from baiterek.flight.transfer import Transfer, fly_transfer

GTO_APOGEE = WGS84_A + 35786e3


def _parking(seq, payload: float, upper) -> np.ndarray:
    """A circular 200 km orbit at 51.6 deg, launch frame (inertial velocity less the frame's)."""
    r = WGS84_A + 200e3
    i = math.radians(51.6)
    pos = np.array([r, 0.0, 0.0])
    vel = math.sqrt(MU_EARTH / r) * np.array([0.0, math.cos(i), math.sin(i)])
    vel -= np.cross([0.0, 0.0, OMEGA_EARTH], pos)
    return np.concatenate([pos, vel, [upper.dry_mass_kg + upper.propellant_mass_kg + payload]])


def test_no_transfer_propellant_is_too_heavy_with_the_rocket_equation_shortfall():
    """No usable propellant: no burn is flown, the status says too heavy and the margin is minus
    the propellant of the whole impulsive transfer, m (exp(dv / ve) - 1) (Tsiolkovsky), with dv
    from vis-viva between the 200 km circle and a 200 x 35,786 km ellipse."""
    us = catalog.upper_stage("fregat")
    seq = build_sequence(catalog.stacked(catalog.vehicle("sunkar"), us), 3000.0)
    s_park = _parking(seq, 3000.0, us)
    tr = fly_transfer(seq, us, s_park, 600.0, GTO_APOGEE, math.radians(51.6), 0.0)
    assert isinstance(tr, Transfer)
    assert tr.status == "too_heavy"
    assert tr.burns == ()
    rp = WGS84_A + 200e3
    dv = math.sqrt(MU_EARTH * (2 / rp - 2 / (rp + GTO_APOGEE))) - math.sqrt(MU_EARTH / rp)
    ve = float(seq.seg_thrust_vac[-1] / seq.seg_mass_flow[-1])
    need = float(s_park[6]) * (math.exp(dv / ve) - 1.0)
    assert tr.margin == pytest.approx(-need, rel=1e-12)
    assert not tr.final_state.flags.writeable
