"""Maximum payload of a direct ascent: the payload as one more unknown of the guidance's Newton.

At the maximum payload the last stage reaches the target orbit exactly as its usable propellant
runs out (the declared reserve stays in the tanks). So for a given pitch-over kick the payload
``P`` and the vacuum law ``(pitch, rate, yaw)`` solve one square system: flown to depletion, the
final state has the target radius, flight-path angle, inclination and specific energy (with an
argument of perigee: eccentricity, argument of perigee, inclination and energy). Payload
changes only the liftoff mass (the stage masses, times and drops do not depend on it), so a
payload perturbation is one more trajectory of the same batch. The kick is then chosen by a scan
and a bounded scalar search for the largest ``P``: no outer search on the payload, and no guidance
solution per trial payload. ``performance.payload`` also uses it for a parking orbit, with the
propellant kept for the transfer taken off the last burn (``TransferBalance``).

Units: rad, s, kg; residuals in the scaled units of ``flight.guidance.cutoff_residual`` with the
energy miss per 1e6 J/kg (1 kg of payload is about 1e-3 of it on these vehicles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import minimize_scalar

from baiterek.constants import MU_EARTH
from baiterek.errors import ConvergenceError
from baiterek.flight import _kernel as K
from baiterek.flight import guidance as G
from baiterek.flight.trajectory import derive_series

_STEPS = np.array([1e-4, 1e-7, 1e-4, 2.0])
"""Forward-difference steps: pitch rad, rate rad/s, yaw rad, payload kg."""
_TOL = np.array([1e-4, 2e-6, 1e-6, 1e-5])
"""Convergence: 1 m radius, 0.2 urad flight-path angle, 0.1 urad inclination, 10 J/kg energy
(about 0.01 kg of payload)."""


@dataclass(frozen=True, slots=True)
class DepletionSolution:
    """One kick's maximum payload and the vacuum law that reaches the target at depletion."""

    kick: float  # rad
    payload: float  # kg
    params: np.ndarray  # (pitch, rate, yaw) at closed-loop start, read-only copy
    iterations: int  # Newton iterations of this kick
    evaluations: int = 1  # kicks solved to find it

    def __post_init__(self) -> None:
        params = np.array(self.params, dtype=float)
        params.setflags(write=False)
        object.__setattr__(self, "params", params)  # construction, not mutation


class _Stop(Exception):
    """This kick gives no trajectory that closes (crash, or Newton fails)."""


def atmospheric_phase(problem: G.Problem, kick: float, payloads: np.ndarray):
    """Liftoff to closed-loop start for each payload: (t_g, s_g (n, 7), fair, armed, lag (n,))."""
    n = len(payloads)
    s0 = np.repeat(problem.s0[None, :], n, 0)
    s0[:, 6] += payloads - problem.seq.payload_mass
    prm = np.repeat(problem.base_prm(kick)[None, :], n, 0)
    status, tf, sf, _mode, fair, armed, _ev, lag = problem.model.run_batch(
        s0, 0.0, K.MODE_VERTICAL, True, False, prm, problem.seq.closed_loop_start
    )
    if np.any(status != K.STATUS_END_TIME):
        raise _Stop
    if np.any(fair != fair[0]) or np.any(armed != armed[0]):
        raise _Stop  # a payload step moved the fairing jettison across the closed-loop start
    return float(tf[0]), sf, bool(fair[0]), bool(armed[0]), lag


def closed_loop_start(problem: G.Problem, kick: float):
    """(t_g, s_g (7,), fair, armed, lag) at closed-loop start for the problem's own payload."""
    t_g, s_g, fair, armed, lag = atmospheric_phase(
        problem, kick, np.array([problem.seq.payload_mass])
    )
    return t_g, s_g[0], fair, armed, float(lag[0])


def fly_to_depletion(problem: G.Problem, kick: float, payload: float, params: np.ndarray):
    """Fly one ascent to depletion: (time s, state (7,), fairing on, throttle lag s) at the end."""
    t_g, s_g, fair, armed, lag = atmospheric_phase(problem, kick, np.array([payload]))
    (_st, tf, sf, _m, fair_f, _a, _e, lag_f), _ = problem.run_vacuum(
        s_g[0], t_g, fair, armed, [params], np.nan, float(lag[0])
    )
    return float(tf[0]), sf[0], bool(fair_f[0]), float(lag_f[0])


def atmospheric_max_q(problem: G.Problem, kick: float, payload: float) -> float:
    """Largest dynamic pressure from liftoff to closed-loop start (where it peaks), Pa."""
    seq = problem.seq
    n = int(seq.closed_loop_start / G.DT_ATMO) + 4 * len(seq.seg_start) + 64
    rec = (np.zeros(n), np.zeros((n, 7)), np.zeros((n, 3)), np.zeros(n, np.int64), np.zeros((n, 2)))
    s0 = problem.s0.copy()
    s0[6] += payload - seq.payload_mass
    out = problem.model.run_one(
        s0, 0.0, K.MODE_VERTICAL, True, False, problem.base_prm(kick), seq.closed_loop_start, rec
    )
    k = out[3]
    series = derive_series(
        rec[0][:k], rec[1][:k], rec[2][:k], seq.seg_thrust_vac, seq.seg_exit_area, rec[3][:k],
        seq.mach_table, seq.cd_table, seq.reference_area, rec[4][:k, 0],
    )  # fmt: skip
    return float(np.max(series["dynamic_pressure"]))


def _to_depletion(problem: G.Problem, s_g, t_g, fair, armed, lag, params) -> np.ndarray:
    """Residuals (n, 4) at depletion for vacuum laws ``params`` (n, 3) from one start state."""
    (status, _tf, sf, *_), _prm = problem.run_vacuum(s_g, t_g, fair, armed, params, np.nan, lag)
    res = np.empty((len(params), 4))
    res[:, :3] = G.cutoff_residual(sf, problem.target)
    res[:, 3] = (_energy(sf) - problem.target.energy) / 1e6
    res[status != K.STATUS_DEPLETED, :] = np.nan
    return res


def _energy(s: np.ndarray) -> np.ndarray:
    """Specific orbital energy of states (n, 7), J/kg."""
    return 0.5 * np.sum(s[:, 3:6] ** 2, 1) - MU_EARTH / np.linalg.norm(s[:, :3], axis=1)


def _residuals(problem: G.Problem, kick: float, x: np.ndarray, jacobian: bool):
    """Residuals at x = (pitch, rate, yaw, payload), and the forward-difference Jacobian."""
    payloads = np.array([x[3], x[3] + _STEPS[3]]) if jacobian else np.array([x[3]])
    t_g, s_g, fair, armed, lag = atmospheric_phase(problem, kick, payloads)
    p = x[:3]
    laws = [p] + ([p + np.eye(3)[j] * _STEPS[j] for j in range(3)] if jacobian else [])
    res = _to_depletion(problem, s_g[0], t_g, fair, armed, lag[0], np.array(laws))
    if not jacobian:
        return res[0], None
    res_p = _to_depletion(problem, s_g[1], t_g, fair, armed, lag[1], p[None, :])[0]
    jac = np.empty((4, 4))
    jac[:, :3] = (res[1:] - res[0]).T / _STEPS[:3]
    jac[:, 3] = (res_p - res[0]) / _STEPS[3]
    return res[0], jac


def solve_kick(
    problem: G.Problem,
    kick: float,
    x0: np.ndarray | None,
    payload0: float,
    payload_min: float,
    max_iter: int = 20,
) -> DepletionSolution:
    """Newton on (pitch, rate, yaw, payload) for one kick; raises _Stop if nothing closes.

    The payload may go negative (an orbit out of reach: how far out), but not below
    ``payload_min`` kg, which keeps the mass at depletion positive.
    """
    if x0 is None:
        t_g, s_g, fair, armed, lag = atmospheric_phase(problem, kick, np.array([payload0]))
        try:
            law = problem.initial_guess(s_g[0], t_g, fair, armed, float(lag[0]))
        except ConvergenceError:
            raise _Stop from None
        x = np.append(law, payload0)
    else:
        x = np.asarray(x0, float).copy()
    res, jac = _residuals(problem, kick, x, True)
    if not np.all(np.isfinite(res)):
        raise _Stop
    for it in range(1, max_iter + 1):
        if not np.all(np.isfinite(jac)):
            raise _Stop
        dx = np.linalg.solve(jac, -res) if np.linalg.cond(jac) < 1e12 else None
        if dx is None:
            raise _Stop
        dx *= min(1.0, 0.3 / max(abs(dx[0]), abs(dx[2]), 1e-12))
        if x[3] + dx[3] < payload_min:  # keep mass aboard: halfway to the floor at most
            dx *= 0.5 * (payload_min - x[3]) / dx[3]
        norm0 = np.linalg.norm(res)
        for _ls in range(8):
            r_new, _ = _residuals(problem, kick, x + dx, False)
            if np.all(np.isfinite(r_new)) and np.linalg.norm(r_new) < norm0:
                break
            dx *= 0.5
        else:
            raise _Stop
        x = x + dx
        if np.all(np.abs(r_new) < _TOL):
            return DepletionSolution(kick, float(x[3]), x[:3].copy(), it)
        res, jac = _residuals(problem, kick, x, True)
    raise _Stop


def maximum_over_kick(
    problem: G.Problem,
    kick_min: float,
    kick_max: float,
    payload0: float,
    payload_min: float,
    n_scan: int = 9,
    xatol: float = math.radians(0.02),
    max_q: float | None = None,
) -> DepletionSolution:
    """The kick, payload and vacuum law of the largest payload (scan, then bounded search).

    The scan always covers [kick_min, kick_max], so the result does not depend on ``payload0``
    (only the cost does); ``payload_min`` (kg, < 0) bounds the continuation below zero payload.
    A kick whose flight exceeds ``max_q`` (Pa, the vehicle's dynamic-pressure limit) is not
    admitted; the limit is checked on the unconstrained optimum first, and only when that
    exceeds it is every kick checked. Raises ConvergenceError when no kick closes (or none
    within ``max_q``).

    A lofted stage (``problem.cutoff_angle``, from ``[configuration]
    cutoff_flight_path_angle_deg``) sets the kick instead: :func:`maximum_at_cutoff_angle`.
    """
    if problem.cutoff_angle is not None:
        return maximum_at_cutoff_angle(problem, kick_min, kick_max, payload0, payload_min)
    if max_q is not None:
        free = maximum_over_kick(problem, kick_min, kick_max, payload0, payload_min, n_scan, xatol)
        if atmospheric_max_q(problem, free.kick, free.payload) <= max_q:
            return free
        payload0 = free.payload
    return _maximum_over_kick(
        problem, kick_min, kick_max, payload0, payload_min, n_scan, xatol, max_q
    )


def _maximum_over_kick(
    problem, kick_min, kick_max, payload0, payload_min, n_scan, xatol, max_q
) -> DepletionSolution:
    found: dict[float, DepletionSolution] = {}
    warm: np.ndarray | None = None
    over_q: list[float] = []

    def payload_at(kick: float, start: np.ndarray | None) -> float:
        for x0 in (start, None) if start is not None else (None,):
            try:
                sol = solve_kick(problem, kick, x0, payload0, payload_min)
            except _Stop:
                continue
            if max_q is not None and atmospheric_max_q(problem, kick, sol.payload) > max_q:
                over_q.append(kick)
                return -np.inf
            found[kick] = sol
            return sol.payload
        return -np.inf

    for kick in np.linspace(kick_min, kick_max, n_scan):
        if np.isfinite(payload_at(float(kick), warm)):
            s = found[float(kick)]
            warm = np.append(s.params, s.payload)
    if not found:
        raise ConvergenceError(
            "no pitch-over kick between "
            f"{math.degrees(kick_min):.1f} and {math.degrees(kick_max):.1f} deg gives a trajectory "
            "the vacuum guidance can close"
            + (f" within {max_q / 1e3:.1f} kPa of dynamic pressure" if over_q else "")
        )
    best = max(found, key=lambda k: found[k].payload)
    step = (kick_max - kick_min) / (n_scan - 1)
    lo, hi = max(kick_min, best - step), min(kick_max, best + step)
    start = np.append(found[best].params, found[best].payload)

    def objective(kick: float) -> float:
        p = payload_at(kick, start)
        return -p if np.isfinite(p) else 1e12

    if hi > lo:
        minimize_scalar(objective, bounds=(lo, hi), method="bounded", options={"xatol": xatol})
    best = max(found, key=lambda k: found[k].payload)
    return replace(found[best], evaluations=len(found))


LOFT_PAYLOAD_TOL_KG = 0.05
"""The lofted maximum's fixed point stops when the payload moves less than this, kg."""


def maximum_at_cutoff_angle(
    problem: G.Problem,
    kick_min: float,
    kick_max: float,
    payload0: float,
    payload_min: float,
    max_iter: int = 8,
) -> DepletionSolution:
    """The largest payload when the kick is set by a stated flight-path angle at a stage's
    cutoff (``problem.cutoff_angle``): the kick that flies the angle with payload ``P``
    (``G.configured_kick``), then ``P`` at that kick (:func:`solve_kick`), repeated until ``P``
    moves less than ``LOFT_PAYLOAD_TOL_KG`` (a fixed point: the angle hardly depends on ``P``,
    two or three rounds). No dynamic-pressure screen: the kick is the configuration's, and the
    flight's constraints are reported against the vehicle's limits as every flight's are.
    Raises InputError when no kick reaches the angle, ConvergenceError when nothing closes."""
    payload, x0, evals = float(payload0), None, 0
    for _ in range(max_iter):
        kick = G.configured_kick(problem, kick_min, kick_max, payload=payload)
        try:
            sol = solve_kick(problem, kick, x0, payload, payload_min)
        except _Stop:
            if x0 is None:
                raise ConvergenceError(
                    f"the guidance does not close with the kick of the configured loft "
                    f"({math.degrees(kick):.3f} deg)"
                ) from None
            x0 = None  # the warm start failed: once more from the initial guess
            continue
        evals += 1
        done = abs(sol.payload - payload) < LOFT_PAYLOAD_TOL_KG
        payload, x0 = sol.payload, np.append(sol.params, sol.payload)
        if done:
            return replace(sol, evaluations=evals)
    raise ConvergenceError(
        f"the lofted maximum payload did not settle in {max_iter} rounds (last {payload:,.1f} kg)"
    )
