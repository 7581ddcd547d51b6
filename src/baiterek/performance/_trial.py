"""One trial payload: its propellant margin to the target, and a guidance solution polished.

Shared by the direct-ascent and the parking-orbit searches (``_direct``, ``_parking``).
"""

from __future__ import annotations

import math

import numpy as np

from baiterek import catalog
from baiterek.constants import MU_EARTH
from baiterek.flight import guidance as G
from baiterek.flight.simulate import Setup
from baiterek.flight.transfer import Transfer, fly_transfer, parking_state
from baiterek.performance import depletion as D
from baiterek.performance.case import AscentCase

Trial = tuple[float, Setup, G.GuidanceSolution | None, Transfer | None]
"""(margin kg, setup, guidance solution or None, transfer or None) of one trial payload."""


def margin(
    case: AscentCase,
    payload: float,
    kick_guess: float | None,
    params_guess: np.ndarray | None = None,
    own_stage: catalog.UpperStage | None = None,
) -> Trial:
    """(margin kg, setup, guidance solution or None, transfer or None) for one payload, kg.

    With an upper stage (``case.upper_stage_id``) or with the vehicle's own restartable last
    stage (``own_stage``, catalog.restartable_last_stage) the ascent goes to a circular parking
    orbit at the target's perigee radius, and the margin is that stage's propellant left after
    the transfer burns. Too heavy to reach the orbit: a negative margin (an estimate from the
    energy missing), no solution; too heavy for the transfer: its negative margin, the solution,
    no transfer. No trajectory closes: ConvergenceError.
    """
    target = case.target
    parking = case.upper_stage_id is not None or own_stage is not None
    st = case.setup(payload, case.circular_parking if parking else target)
    seq = st.sequence
    flow = float(seq.seg_mass_flow[-1])
    ve = float(seq.seg_thrust_vac[-1]) / flow
    m_end = st.vehicle.stages[-1].dry_mass_kg + payload
    kick_min = math.radians(st.vehicle.guidance.kick_min_deg)
    kick_max = math.radians(st.vehicle.guidance.kick_max_deg)
    if st.problem.cutoff_angle is not None:  # a lofted stage: the kick is the configuration's
        kick = G.configured_kick(st.problem, kick_min, kick_max)
        sol = G.solve(st.problem, kick, kick, n_scan=1)
    else:
        sol = G.solve(
            st.problem,
            kick_min,
            kick_max,
            kick_guess=kick_guess,
            params_guess=params_guess if kick_guess is not None else None,
        )
    if sol.status == "too_heavy":
        dv = sol.energy_deficit / math.sqrt(MU_EARTH / target.radius)
        if parking:  # the transfer's velocity is missing too
            ra = case.apogee_radius
            v_p = math.sqrt(MU_EARTH * (2 / target.radius - 2 / (target.radius + ra)))
            dv += v_p - math.sqrt(MU_EARTH / target.radius)
        return -m_end * (math.exp(dv / ve) - 1.0), st, None, None
    if not parking:
        return sol.cutoff_mass - seq.unusable_mass(sol.cutoff_time, sol.fairing_on), st, sol, None
    status, tf, sf, _, fair, _, _, lag = st.problem.model.run_batch(
        st.problem.s0, 0.0, 0, True, False, sol.prm, np.inf
    )
    us = case.transfer_stage(own_stage)
    t_park = float(tf[0])
    s_park, usable = parking_state(seq, us, sf[0], t_park, payload, float(lag[0]), bool(fair[0]))
    tr = fly_transfer(seq, us, s_park, t_park, case.apogee_radius, target.inclination, usable)
    if tr.status == "too_heavy":
        return tr.margin, st, sol, None
    return tr.margin, st, sol, tr


def solution_at(st: Setup, kick: float, params: np.ndarray) -> G.GuidanceSolution:
    """The guidance solution of a setup from a kick and a vacuum law that (nearly) meet its
    target: Newton polishes the law with the energy cutoff. The last stage runs dry first:
    ``status`` ``"too_heavy"``; the law does not close: ConvergenceError."""
    t_g, s_g, fair, armed, lag = D.closed_loop_start(st.problem, kick)
    cl = st.problem.solve_vacuum(s_g, t_g, fair, armed, params, lag=lag)
    return G.GuidanceSolution.at_kick(kick, cl, cl.iterations)
