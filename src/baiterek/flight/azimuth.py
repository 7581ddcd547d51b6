"""Yaw steering from liftoff: the launch azimuth of the pitch-over kick, solved by the guidance.

The atmospheric phase flies its kick toward an Earth-relative azimuth and then a gravity turn at
zero angle of attack, so the azimuth of the kick sets the out-of-plane direction of the whole
atmospheric flight (air-relative heading, with the pad's eastward speed carried in the inertial
velocity); the vacuum law's yaw then closes the inclination. Today's default azimuth
(``target.launch_azimuth`` at the insertion speed) removes the Earth's rotation as if it were
met at orbit speed, and leaves most of the out-of-plane velocity inherited from the pad (about
150 m/s from Baikonur to 51.6 deg) to the vacuum phase.

``refine_azimuth`` makes the azimuth a guidance unknown like the kick: at the solved kick, the
azimuth (within ``span`` of the default) that maximises the mass at cutoff, each trial with its
vacuum law re-solved so that the inclination is met.
The node of the insertion orbit is free (the target fixes the inclination only), so the
optimum is where the ascent spends the least propellant on the plane: the out-of-plane work is
shared between the atmospheric phase and the vacuum law as cheaply as the vehicle allows. The
window searches take that node as the simulator's own (``windows.geometry``); no coefficient
is fitted. The cutoff mass is flat near the optimum (about 1 kg per 0.5 deg for Soyuz-2.1a), so
a parabola through three azimuths locates it: three more vacuum solves of one trajectory
each, warm-started (the cost is measured in the report of this change; about a tenth of a kick
search).
"""

from __future__ import annotations

import copy
import math

import numpy as np

from baiterek.errors import ConvergenceError
from baiterek.flight import _kernel as K
from baiterek.flight.guidance import GuidanceSolution, Problem

__all__ = [
    "AZIMUTH_PROBE_RAD",
    "AZIMUTH_SPAN_RAD",
    "refine_azimuth",
    "solution_azimuth",
    "with_azimuth",
]

AZIMUTH_SPAN_RAD = math.radians(3.0)
"""Largest change of the kick azimuth from the default, rad [D]: the optimum of Soyuz-2.1a to
51.6 deg lies 0.4 deg from it; 3 deg bounds the yaw of the atmospheric phase."""
AZIMUTH_PROBE_RAD = math.radians(1.0)
"""Azimuth step of the two probes either side of the default, rad [D]."""


def with_azimuth(problem: Problem, azimuth: float) -> Problem:
    """A copy of ``problem`` whose kick points at ``azimuth`` (rad, Earth-relative)."""
    out = copy.copy(problem)  # shares the packed model and the sequence (read-only)
    out.azimuth = float(azimuth)
    return out


def refine_azimuth(
    problem: Problem, sol: GuidanceSolution, span: float = AZIMUTH_SPAN_RAD
) -> GuidanceSolution:
    """The solution ``sol`` (of ``problem``, converged) with the kick azimuth of the largest
    cutoff mass within ``span`` (rad) of ``problem.azimuth``; its ``prm`` carries the azimuth
    (``P_AZIMUTH``), the kick angle is kept.

    Two probes ``AZIMUTH_PROBE_RAD`` either side of the default and the parabola through the
    three cutoff masses give the optimum, flown once more: three vacuum solves of one trajectory
    each, warm-started. The best of the four is returned (``sol`` itself when no probe closes).
    """
    if sol.status != "converged":
        return sol
    az0 = problem.azimuth
    found: list[tuple[float, GuidanceSolution]] = [(float(sol.cutoff_mass), sol)]

    def mass_at(daz: float) -> float:
        pr = with_azimuth(problem, az0 + daz)
        st, t_g, s_g, fair, armed, lag = pr.atmospheric_phases(np.array([sol.kick]))[0]
        if st != K.STATUS_END_TIME:
            return math.nan
        try:
            cl = pr.solve_vacuum(s_g, t_g, fair, armed, sol.params, 12, lag)
        except ConvergenceError:
            return math.nan
        if cl.status != "converged":
            return math.nan
        found.append((float(cl.cutoff_state[6]), GuidanceSolution.at_kick(sol.kick, cl, 0)))
        return float(cl.cutoff_state[6])

    h = min(AZIMUTH_PROBE_RAD, span)
    m_lo, m_0, m_hi = mass_at(-h), float(sol.cutoff_mass), mass_at(h)
    curv = m_lo + m_hi - 2.0 * m_0
    evaluations = 2
    if math.isfinite(curv) and curv < 0.0:
        daz = min(max(-0.5 * h * (m_hi - m_lo) / curv, -span), span)
        mass_at(daz)
        evaluations += 1
    out = max(found, key=lambda item: item[0])[1]
    return GuidanceSolution(
        out.kick, out.prm, out.cutoff_mass, sol.iterations + evaluations, out.cutoff_time,
        out.params, out.fairing_on, out.cutoff_lag, out.cutoff_state, out.status,
        out.energy_deficit,
    )  # fmt: skip


def solution_azimuth(sol: GuidanceSolution) -> float:
    """The kick azimuth a solution flies (rad, Earth-relative)."""
    return float(sol.prm[K.P_AZIMUTH])
