"""The maximum payload with a parking orbit and a transfer (an upper stage, or a last stage that
can restart).

When the transfer stage also finishes the ascent (the usual case) the transfer stage keeps ``R``
kg of propellant for the transfer, the depletion system gives the largest payload that reaches
the parking orbit with the rest, the transfer burns are flown, and ``R`` is solved so that they
use it all (``TransferBalance``). When the launcher reaches the parking orbit on its own, the
payload is searched instead by regula falsi on the upper stage's propellant left after the
transfer (one guidance solution per trial payload; ``_numerics.feasible_side_root``).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from scipy.optimize import minimize_scalar

from baiterek import catalog
from baiterek._numerics import feasible_side_root
from baiterek.constants import MU_EARTH
from baiterek.errors import ConvergenceError, InfeasibleError
from baiterek.flight import guidance as G
from baiterek.flight.transfer import fly_transfer, parking_state
from baiterek.performance import depletion as D
from baiterek.performance._direct import DIRECT_MARGIN_KG, Maximum
from baiterek.performance._trial import margin, solution_at
from baiterek.performance.case import AscentCase

PAYLOAD_TOL_KG = 3.0
"""With an upper stage the maximum payload is solved to this tolerance, kg."""
KICK_NEIGHBOURHOOD = math.radians(0.75)
"""While the kept propellant is searched, the kick is looked for this close to the last one."""
N_KEPT_SCAN = 5
"""Propellant kept for the transfer: points scanned between the balance and the whole load."""
TRANSFER_MARGIN_KG = 1.0
"""With a parking orbit, the transfer propellant the solution aims to leave, kg (+-1 kg: the
transfer stage's usable propellant is spent to within 0 to 2 kg)."""
MARGIN_SLOPE = 1.3
"""Before an infeasible payload is known, the margin search steps by margin / this: about the
margin's fall per kg of payload (kg/kg)."""


def parking_maximum(
    case: AscentCase,
    p_start: float,
    kick_guess: float | None,
    own: catalog.UpperStage | None = None,
) -> Maximum:
    """The maximum with a parking orbit and a transfer: by the depletion system when the transfer
    stage also finishes the ascent (the usual case), else by the margin search. The transfer is
    flown by ``case.upper_stage_id`` or by the vehicle's own restartable last stage ``own``."""
    found = transfer_maximum(case, p_start, own)
    if found is not None:
        return found
    return upper_stage_maximum(case, p_start, kick_guess, own)


class TransferBalance:
    """For a parking orbit and a transfer: kept propellant -> (transfer margin, maximum payload).

    The transfer stage keeps ``r_keep`` kg of usable propellant for the transfer: its burn in
    the ascent is shortened by ``r_keep`` over its mass flow, and the depletion system
    (``performance.depletion``) gives the largest payload that reaches the parking orbit exactly
    as that shortened burn ends. The transfer is then flown with that payload. The margin (kg of
    transfer propellant left; < 0: short) grows with ``r_keep`` while the payload falls, so the
    maximum payload is where the margin is zero. A solver (it remembers what it solved), not a
    result.
    """

    def __init__(
        self, case: AscentCase, p_start: float, own_stage: catalog.UpperStage | None = None
    ) -> None:
        v = case.vehicle
        self.case = case
        self.target = case.target
        self.parking = case.circular_parking
        self.setup = case.setup(p_start, self.parking)
        self.stage = case.transfer_stage(own_stage)
        seq = self.setup.sequence
        self.flow = float(seq.seg_mass_flow[-1])
        self.ve = float(seq.seg_thrust_vac[-1]) / self.flow
        # at least 1 s of the stage's burn stays in the ascent
        self.r_max = self.flow * (float(seq.seg_end[-1] - seq.seg_start[-1]) - 1.0)
        self.kicks = (math.radians(v.guidance.kick_min_deg), math.radians(v.guidance.kick_max_deg))
        self.max_q = v.limits.max_dynamic_pressure_kpa * 1e3  # Pa
        self.p_start = p_start
        self.evaluations = 0
        self.last: D.DepletionSolution | None = None
        self.solved: dict[float, tuple[float, D.DepletionSolution]] = {}

    @property
    def apogee_radius(self) -> float:
        return self.case.apogee_radius

    def __call__(self, r_keep: float, full: bool = False) -> tuple[float, D.DepletionSolution]:
        """(margin kg, depletion solution) keeping ``r_keep`` kg. After the first call the kick is
        searched within KICK_NEIGHBOURHOOD of the last one unless ``full``."""
        seq = self.setup.sequence
        seq_r = dataclasses.replace(
            seq, seg_end=np.append(seq.seg_end[:-1], seq.seg_end[-1] - r_keep / self.flow)
        )
        pr = self.setup.problem
        prob = G.Problem(
            seq_r, pr.s0, self.parking, pr.azimuth, pr.pitch_over_speed, self.case.wind
        )
        prob.cutoff_angle = pr.cutoff_angle  # a lofted stage keeps its configured angle
        kicks, n_scan, p0 = self.kicks, 9, self.p_start
        if self.last is not None and not full:
            k, p0 = self.last.kick, self.last.payload
            if prob.cutoff_angle is None:  # a lofted stage's kick is the angle's: whole range
                kicks = (
                    max(kicks[0], k - KICK_NEIGHBOURHOOD),
                    min(kicks[1], k + KICK_NEIGHBOURHOOD),
                )
                n_scan = 3
        best = D.maximum_over_kick(
            prob, *kicks, p0, -0.5 * self.stage.dry_mass_kg, n_scan, max_q=self.max_q
        )
        self.last = best
        self.evaluations += best.evaluations
        t_end, s_end, fair_end, lag_end = D.fly_to_depletion(
            prob, best.kick, best.payload, best.params
        )
        st_p = self.case.setup(best.payload, self.parking)
        s_park, usable = parking_state(
            st_p.sequence, self.stage, s_end, t_end, best.payload, lag_end, fair_end
        )
        tr = fly_transfer(
            st_p.sequence, self.stage, s_park, t_end, self.apogee_radius,
            self.target.inclination, usable,
        )  # fmt: skip
        m = tr.margin  # completed: the propellant left; too heavy: < 0, the propellant missing
        self.solved[r_keep] = (m, best)
        return m, best


def transfer_maximum(
    case: AscentCase, p_start: float, own_stage: catalog.UpperStage | None = None
) -> Maximum | None:
    """The maximum with a parking orbit and a transfer, by the depletion system.

    ``R``, the propellant the transfer stage keeps for the transfer, is solved by secant so that
    the transfer uses all of it (``TransferBalance``). None when even the whole load kept is
    short: the launcher then reaches the parking orbit on its own (``upper_stage_maximum``).
    """
    target = case.target
    bal = TransferBalance(case, p_start, own_stage)
    us, r_max, solved = bal.stage, bal.r_max, bal.solved
    parking = bal.parking
    ra = bal.apogee_radius
    v_p = math.sqrt(MU_EARTH * (2 / target.radius - 2 / (target.radius + ra)))
    x = math.exp(-(v_p - math.sqrt(MU_EARTH / target.radius)) / bal.ve)

    def margin_less_aim(r_keep: float) -> float:
        """The transfer margin less the small margin aimed at (the root of this is sought)."""
        return bal(r_keep)[0] - TRANSFER_MARGIN_KG

    # impulsive estimate of what the transfer needs, for the start payload
    r0 = min((p_start + us.dry_mass_kg) * (1.0 - x) / x, 0.9 * r_max)
    r1 = min(1.05 * r0, r_max)
    try:
        m0, m1 = margin_less_aim(r0), margin_less_aim(r1)
        for _ in range(12):
            if abs(m1) <= TRANSFER_MARGIN_KG or m1 == m0:
                break
            r2 = r1 - m1 * (r1 - r0) / (m1 - m0)
            r2 = min(max(r2, 0.0), r_max)
            if r2 == r1:
                break
            r0, m0, r1 = r1, m1, r2
            m1 = margin_less_aim(r1)
            if r1 >= r_max and m1 < 0.0:
                # even the whole load kept is short: the launcher must reach the parking orbit
                # on its own with a lighter payload, and the transfer stage starts full
                return None
    except ConvergenceError:
        pass  # no balance found this way: the scan below looks for feasible points
    # The payload should fall as more is kept; but one vacuum law for a long, low-thrust ascent
    # burn can do worse with more propellant to burn in it. So the kept propellant is also
    # scanned above the balance (a feasible point leaves transfer propellant unused) and the
    # largest payload that still completes the transfer is taken.
    r_bal = min((r for r, (m, _) in solved.items() if m >= 0.0), default=0.0)
    for r in np.linspace(r_bal, r_max, N_KEPT_SCAN + 1)[1:]:
        try:
            bal(float(r))
        except ConvergenceError:
            continue
    feasible = [r for r, (m, _) in solved.items() if m >= 0.0]
    if not feasible:
        if solved and max(m for m, _ in solved.values()) < 0.0 and r_max in solved:
            return None
        raise ConvergenceError("the transfer's propellant could not be balanced")
    r_best = max(feasible, key=lambda r: solved[r][1].payload)
    if r_best < r_max:  # refine around the largest payload found
        step = (r_max - r_bal) / N_KEPT_SCAN
        lo, hi = max(r_bal, r_best - step), min(r_max, r_best + step)

        def neg_payload(r: float) -> float:
            try:
                m, b = bal(r)
            except ConvergenceError:
                return 0.0
            return -b.payload if m >= 0.0 else 0.0

        minimize_scalar(neg_payload, bounds=(lo, hi), method="bounded", options={"xatol": 50.0})
        feasible = [r for r, (m, _) in solved.items() if m >= 0.0]
    r_best = max(feasible, key=lambda r: solved[r][1].payload)
    narrow = solved[r_best]
    try:  # confirmed with the full kick scan (the search above looked near the last kick)
        m_full, b_full = bal(r_best, full=True)
        if m_full < 0.0 or b_full.payload < narrow[1].payload:
            solved[r_best] = narrow
    except ConvergenceError:
        solved[r_best] = narrow
    best = solved[r_best][1]
    if best.payload < 0.0:
        raise InfeasibleError(
            f"{case.vehicle_id} with {us.id} cannot reach this orbit from {case.site_id} even "
            f"without payload (short by about {-best.payload:,.0f} kg)",
            {"payload_kg": 0.0},
        )
    # the flight handed over: this payload and law, cut off by the parking orbit's energy (the
    # law already meets it; a lighter payload would need the law solved again)
    for back_off in (0.0, DIRECT_MARGIN_KG, 10.0 * DIRECT_MARGIN_KG):
        payload = max(best.payload - back_off, 0.0)
        st_f = case.setup(payload, parking)
        try:
            sol = solution_at(st_f, best.kick, best.params)
        except ConvergenceError:
            continue
        if sol.status == "too_heavy":
            continue
        assert sol.cutoff_state is not None  # solution_at sets it
        s_park, usable = parking_state(
            st_f.sequence, us, sol.cutoff_state, sol.cutoff_time, payload, sol.cutoff_lag,
            sol.fairing_on,
        )  # fmt: skip
        tr = fly_transfer(
            st_f.sequence, us, s_park, sol.cutoff_time, ra, target.inclination, usable
        )
        if tr.status == "too_heavy":
            continue
        return Maximum(payload, st_f, sol, tr, bal.evaluations)
    raise ConvergenceError(f"the parking-orbit ascent does not close at {best.payload:,.0f} kg")


def upper_stage_maximum(
    case: AscentCase,
    p_start: float,
    kick_guess: float | None,
    own_stage: catalog.UpperStage | None = None,
) -> Maximum:
    """The maximum with a parking orbit reached by the launcher alone, then a transfer.

    The transfer is flown by the upper stage ``case.upper_stage_id`` or by the vehicle's own
    restartable last stage ``own_stage``. The margin is that stage's propellant left after the
    transfer burns, so the payload is found by regula falsi on it from the feasible side
    (``_numerics.feasible_side_root``), one guidance solution to the parking orbit per trial.
    """
    evals = 0
    warm_params = None  # the last vacuum-law solution: the Newton start of the next payload

    def evaluate(p, kick):
        nonlocal evals, warm_params
        evals += 1
        for k in (kick, None) if kick is not None else (None,):
            try:
                out = margin(case, p, k, warm_params, own_stage)
            except ConvergenceError:
                continue
            if out[2] is not None:
                warm_params = out[2].params
            return out
        return -np.inf, None, None, None  # no trajectory closes: treated as out of reach

    # 1. a payload that reaches the orbit: the search converges from the feasible side
    best = None  # (payload, margin, setup, solution, transfer)
    kick = kick_guess
    hi, m_hi = np.inf, -np.inf  # lightest payload known not to reach the orbit, its margin
    for f in (1.0, 0.8, 0.5, 0.2, 0.05, 0.0):
        p = p_start * f
        m, st, sol, tr = evaluate(p, kick)
        if sol is not None and m >= 0:
            best, kick = (p, m, st, sol, tr), sol.kick
            break
        if p < hi:
            hi, m_hi = p, m
    # 2. regula falsi (Illinois) on the margin inside [feasible, infeasible]; before a bracket
    #    exists, Newton steps with the margin's slope; then a full kick search confirms the
    #    maximum (more margin found: search on from there)
    for _round in range(3):
        if best is None:
            break

        def trial(p: float) -> tuple[float, bool, tuple]:
            nonlocal kick
            m, st, sol, tr = evaluate(p, kick)
            ok = sol is not None and m >= 0
            if ok:
                kick = sol.kick
            return m, ok, (st, sol, tr)

        root = feasible_side_root(
            trial, best[0], best[1], best[2:], hi, m_hi,
            xtol=PAYLOAD_TOL_KG, ftol=PAYLOAD_TOL_KG, min_step=0.5 * PAYLOAD_TOL_KG,
            max_iter=20, unbracketed_step=lambda p_lo, m_lo: p_lo + m_lo / MARGIN_SLOPE,
        )  # fmt: skip
        best = (root.x, root.fx, *root.data)
        hi, m_hi = root.x_infeasible, root.f_infeasible
        m_full, st_f, sol_f, tr_f = evaluate(best[0], None)
        if sol_f is None or m_full < best[1] + 2 * PAYLOAD_TOL_KG:
            break
        best = (best[0], m_full, st_f, sol_f, tr_f)  # a better kick: more margin, search on
        kick, hi, m_hi = sol_f.kick, np.inf, -np.inf
    if best is None:
        raise InfeasibleError(
            f"{case.vehicle_id} cannot reach this orbit from {case.site_id} even without payload",
            {"payload_kg": 0.0},
        )
    payload, _, st, sol, transfer = best
    return Maximum(payload, st, sol, transfer, evals)
