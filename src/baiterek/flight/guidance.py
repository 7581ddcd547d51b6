"""Guidance solvers: the atmospheric pitch program and the closed-loop vacuum law, solved.

Atmospheric phase: vertical rise to ``pitch_over_speed``, a pitch-over kick toward the launch
azimuth, then a gravity turn at zero angle of attack. From the separation named by the vehicle
(``closed_loop_after_separation_of``) the thrust follows the vacuum law
(``baiterek.flight.vacuum_law``). Its three free parameters (initial pitch, pitch rate, yaw) are
found by Newton iteration on the predicted cutoff state (a predictor-corrector, solved on the
same compiled dynamics): at the cutoff, fixed by the target specific energy, the radius, the
flight-path angle and the inclination match the target. The kick is chosen by a bounded 1-D
search that maximises the mass at cutoff, so no vehicle needs hand tuning.

Solutions are frozen values with a ``status``: ``"converged"``, or ``"too_heavy"`` when the last
stage runs dry before the target energy (an expected answer near the maximum payload, not an
error): the solution then holds the law that came closest, flown to depletion, and its
``energy_deficit`` (J/kg). ``ConvergenceError`` is raised only when no law either closes or runs
dry. The names other modules import from here (``OrbitTarget``, ``launch_azimuth``, ``Model``,
``pack``, ``DT_ATMO``, ``DT_VAC``, ``cutoff_residual``, ``law_parameters``, ``vacuum_law``) are
re-exported from ``target``, ``_packing`` and ``vacuum_law``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from baiterek.constants import MU_EARTH, OMEGA_EARTH
from baiterek.errors import ConvergenceError, InputError
from baiterek.flight import _kernel as K
from baiterek.flight._packing import DT_ATMO, DT_VAC, Model, pack
from baiterek.flight.target import OrbitTarget, launch_azimuth
from baiterek.flight.vacuum_law import cutoff_residual, law_parameters, vacuum_law

__all__ = [
    "DT_ATMO",
    "DT_VAC",
    "ClosedLoopSolution",
    "GuidanceSolution",
    "Model",
    "OrbitTarget",
    "Problem",
    "cutoff_residual",
    "launch_azimuth",
    "law_parameters",
    "pack",
    "solve",
    "vacuum_law",
]


def _readonly(a: np.ndarray | None) -> np.ndarray | None:
    if a is None:
        return None
    a = np.array(a, float)
    a.flags.writeable = False
    return a


Status = Literal["converged", "too_heavy"]
"""A solution's outcome: the target met, or the last stage dry before the target energy."""

_TOL = np.array([1.0 / 1e4, 2e-7 * 10.0, 1e-7 * 10.0])  # 1 m, 0.2 urad, 0.1 urad (scaled units)
"""Convergence: 1 m in radius, 0.2 urad in flight-path angle, 0.1 urad in inclination."""


@dataclass(frozen=True, slots=True)
class ClosedLoopSolution:
    """A vacuum law from one closed-loop start (arrays read-only).

    ``status`` ``"converged"``: the law meets the target at the cutoff. ``"too_heavy"``: the last
    stage runs dry ``energy_deficit`` J/kg short of the target energy (NaN when converged); the
    law is the closest found and ``cutoff_*`` describe its depletion.
    """

    params: np.ndarray  # (pitch, rate, yaw)
    prm: np.ndarray  # kernel parameter vector
    cutoff_state: np.ndarray
    cutoff_time: float
    iterations: int
    fairing_on: bool = False  # the heat-flux fairing still aboard at cutoff
    cutoff_lag: float = 0.0  # throttle lag at cutoff, s
    status: Status = "converged"
    energy_deficit: float = math.nan  # J/kg short of the target energy (too_heavy only)

    def __post_init__(self) -> None:
        for name in ("params", "prm", "cutoff_state"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))  # construction only


class Problem:
    """One guidance problem: a sequence, a start state and a target (holds no results)."""

    def __init__(self, seq, s0, target, azimuth, pitch_over_speed, wind=None):
        self.seq = seq
        self.model = pack(seq, wind)
        self.s0 = s0
        self.target = target
        self.azimuth = azimuth
        self.pitch_over_speed = pitch_over_speed
        self.cutoff_angle: tuple[str, float, float] | None = None
        """(stage, its cutoff time s, Earth-relative flight-path angle rad) the kick is solved
        for, or None: the
        kick of the largest cutoff mass (``flight.configuration`` ``cutoff_flight_path_angle_deg``)."""

    def base_prm(self, kick: float) -> np.ndarray:
        prm = np.zeros(K.N_PARAMS)
        prm[K.P_KICK_SPEED] = self.pitch_over_speed
        prm[K.P_KICK_ANGLE] = kick
        prm[K.P_AZIMUTH] = self.azimuth
        prm[K.P_T_CLOSED_LOOP] = self.seq.closed_loop_start
        prm[K.P_ENERGY] = self.target.energy
        return prm

    def atmospheric_phases(self, kicks: np.ndarray) -> list[tuple]:
        """Fly from liftoff to the start of closed-loop guidance, one trajectory per kick (batch).

        Each phase is (status, time, state, fairing on, flux armed, throttle lag): what the
        vacuum guidance restarts from.
        """
        n = len(kicks)
        prm = np.repeat(self.base_prm(0.0)[None, :], n, 0)
        prm[:, K.P_KICK_ANGLE] = kicks
        status, tf, sf, mode, fair, armed, ev, lag = self.model.run_batch(
            self.s0, 0.0, K.MODE_VERTICAL, True, False, prm, self.seq.closed_loop_start
        )
        return [
            (int(status[k]), float(tf[k]), sf[k], bool(fair[k]), bool(armed[k]), float(lag[k]))
            for k in range(n)
        ]

    def run_vacuum(self, s_g, t_g, fair, armed, params_list, energy, lag=0.0):
        """Fly vacuum laws ``params_list`` (n, 3) from the closed-loop start (t_g, s_g) until the
        target ``energy`` (NaN: to depletion): (kernel outputs, kernel parameters (n, N))."""
        n = len(params_list)
        lam, lamdot = vacuum_law(s_g, np.asarray(params_list, float).reshape(n, 3))
        prm = np.zeros((n, K.N_PARAMS))
        prm[:, K.P_KICK_SPEED] = self.pitch_over_speed
        prm[:, K.P_AZIMUTH] = self.azimuth
        prm[:, K.P_T_CLOSED_LOOP] = t_g
        prm[:, K.P_LAM : K.P_LAM + 3] = lam
        prm[:, K.P_LAMDOT : K.P_LAMDOT + 3] = lamdot
        prm[:, K.P_ENERGY] = energy
        out = self.model.run_batch(s_g, t_g, K.MODE_VACUUM_LAW, fair, armed, prm, np.inf, lag)
        return out, prm

    def initial_guess(self, s_g, t_g, fair, armed, lag=0.0) -> np.ndarray:
        """Best of a small grid of linear-tangent laws (one batch), as the Newton start."""
        r = s_g[:3]
        v = s_g[3:6]
        fpa = math.asin(float(np.dot(r, v)) / (np.linalg.norm(r) * np.linalg.norm(v)))
        t_left = max(self.seq.burnout_time + lag - t_g, 60.0)
        cands = []
        for d0 in np.radians([-10.0, 0.0, 10.0, 20.0, 35.0]):
            th0 = min(max(fpa + d0, math.radians(-30.0)), math.radians(75.0))
            for th_end in np.radians([-45.0, -30.0, -20.0, -10.0, 0.0, 10.0]):
                cands.append(np.array([th0, (math.sin(th0) - math.sin(th_end)) / t_left, 0.0]))
        (status, tf, sf, *_), _ = self.run_vacuum(
            s_g, t_g, fair, armed, cands, self.target.energy, lag
        )
        best, best_norm = None, np.inf
        for j, c in enumerate(cands):
            if status[j] == K.STATUS_CUTOFF:
                n = np.linalg.norm(cutoff_residual(sf[j], self.target)[:2])
                if n < best_norm:
                    best, best_norm = c, n
        if best is None:  # nothing reaches the energy: the continuation starts from the best burn
            (status, tf, sf, *_), _ = self.run_vacuum(s_g, t_g, fair, armed, cands, np.nan, lag)
            energies = [K.specific_energy(sf[j]) for j in range(len(cands))]
            best = cands[int(np.argmax(energies))]
        return best

    def _residuals(self, s_g, t_g, fair, armed, params_list, lag=0.0):
        """Scaled misses (r, fpa, i, energy shortfall) and the runs, for a batch of parameters.

        A run that depletes the last stage before the target energy is judged at depletion, with
        its energy shortfall (per 1e6 J/kg) as a fourth residual: the function stays continuous
        across the boundary between cutoff and depletion.
        """
        (status, tf, sf, _, fair_f, _, _, lag_f), prm = self.run_vacuum(
            s_g, t_g, fair, armed, params_list, self.target.energy, lag
        )
        res = np.empty((len(params_list), 4))
        res[:, :3] = cutoff_residual(sf, self.target)
        energy = 0.5 * np.sum(sf[:, 3:6] ** 2, 1) - MU_EARTH / np.linalg.norm(sf[:, :3], axis=1)
        res[:, 3] = np.where(status == K.STATUS_DEPLETED, (self.target.energy - energy) / 1e6, 0.0)
        bad = (status != K.STATUS_CUTOFF) & (status != K.STATUS_DEPLETED)
        res[bad, :] = np.nan
        return res, status, tf, sf, prm, (fair_f, lag_f)

    def solve_vacuum(
        self, s_g, t_g, fair, armed, p0=None, max_iter=25, lag=0.0
    ) -> ClosedLoopSolution:
        """Gauss-Newton on (pitch, rate, yaw) so that the cutoff state meets the target.

        The flight restarts from (t_g, s_g) with the throttle lag ``lag`` (s) flown so far. When
        the iteration settles on runs that deplete the last stage short of the target energy the
        solution has ``status`` ``"too_heavy"``; no law found otherwise: ConvergenceError.
        """
        p = np.asarray(self.initial_guess(s_g, t_g, fair, armed, lag) if p0 is None else p0, float)
        steps = np.array([1e-4, 1e-7, 1e-4])
        eye = np.eye(3)
        res_all, status, tf, sf, prm, end = self._residuals(s_g, t_g, fair, armed, [p], lag)
        res = res_all[0]

        def too_heavy(it: int) -> ClosedLoopSolution:
            """The current law, flown to depletion, with its energy shortfall."""
            return ClosedLoopSolution(
                p.copy(), prm[0], sf[0], float(tf[0]), it, bool(end[0][0]), float(end[1][0]),
                "too_heavy", float(res[3] * 1e6),
            )  # fmt: skip

        if not np.all(np.isfinite(res)):
            raise ConvergenceError("the first guess of the vacuum guidance crashes")
        for it in range(1, max_iter + 1):
            if status[0] == K.STATUS_CUTOFF and np.all(np.abs(res[:3]) < _TOL):
                return ClosedLoopSolution(
                    p.copy(), prm[0], sf[0], float(tf[0]), it, bool(end[0][0]), float(end[1][0])
                )
            trial = [p + eye[j] * steps[j] for j in range(3)]
            r_fd, *_ = self._residuals(s_g, t_g, fair, armed, trial, lag)
            # forward differences (4, 3): the residual is continuous across depletion
            jac = (r_fd - res).T / steps
            if not np.all(np.isfinite(jac)):
                raise ConvergenceError("guidance Jacobian undefined")
            dp = np.linalg.lstsq(jac, -res, rcond=None)[0]
            dp *= min(1.0, 0.3 / max(abs(dp[0]), abs(dp[2]), 1e-12))
            norm0 = np.linalg.norm(res)
            for _ls in range(6):
                r_new, st_new, tf_new, sf_new, prm_new, end_new = self._residuals(
                    s_g, t_g, fair, armed, [p + dp], lag
                )
                if np.all(np.isfinite(r_new[0])) and np.linalg.norm(r_new[0]) < norm0:
                    break
                dp *= 0.5
            else:
                if res[3] > 0.0:
                    return too_heavy(it)
                raise ConvergenceError(f"guidance line search failed (residual {norm0:.3g})")
            p = p + dp
            res, status, tf, sf, prm, end = r_new[0], st_new, tf_new, sf_new, prm_new, end_new
            if res[3] > 0.0 and np.linalg.norm(dp / steps) < 1e-2:
                return too_heavy(it)
        if res[3] > 0.0:
            return too_heavy(max_iter)
        raise ConvergenceError(f"guidance did not converge (residual {np.linalg.norm(res):.3g})")


@dataclass(frozen=True, slots=True)
class GuidanceSolution:
    """The pitch-over kick and vacuum law of the largest cutoff mass (arrays read-only).

    ``status`` ``"too_heavy"``: no kick reaches the target energy; the kick and law are those
    that came closest, ``cutoff_*`` describe their depletion and ``energy_deficit`` is the energy
    missing there, J/kg (NaN when ``"converged"``).
    """

    kick: float  # rad
    prm: np.ndarray  # kernel parameters for the whole flight
    cutoff_mass: float  # kg
    iterations: int
    cutoff_time: float  # s from liftoff
    params: np.ndarray | None = None  # vacuum-law (pitch, rate, yaw): a warm start for neighbours
    fairing_on: bool = False  # the heat-flux fairing still aboard at cutoff
    cutoff_lag: float = 0.0  # throttle lag at cutoff, s (time lost to throttling)
    cutoff_state: np.ndarray | None = None  # [r, v, m] at cutoff, launch frame (m, m/s, kg)
    status: Status = "converged"
    energy_deficit: float = math.nan  # J/kg short of the target energy (too_heavy only)

    def __post_init__(self) -> None:
        for name in ("prm", "params", "cutoff_state"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))  # construction only

    @classmethod
    def at_kick(cls, kick: float, cl: ClosedLoopSolution, iterations: int) -> GuidanceSolution:
        """The whole-flight solution of the kick ``kick`` (rad) and its closed-loop solution
        ``cl`` (same status), after ``iterations`` guidance evaluations."""
        prm = cl.prm.copy()
        prm[K.P_KICK_ANGLE] = kick
        return cls(
            kick, prm, float(cl.cutoff_state[6]), iterations, cl.cutoff_time, cl.params,
            cl.fairing_on, cl.cutoff_lag, cl.cutoff_state, cl.status, cl.energy_deficit,
        )  # fmt: skip


def cutoff_angles(
    problem: Problem, kicks: np.ndarray, t: float, payload: float | None = None
) -> np.ndarray:
    """Earth-relative flight-path angle (rad, geocentric) at ``t`` (s, before closed-loop start)
    of the atmospheric phase of each kick (one batch); NaN where the flight ended before.
    ``payload`` (kg) flies another payload than the problem's own (its liftoff mass shifted)."""
    n = len(kicks)
    prm = np.repeat(problem.base_prm(0.0)[None, :], n, 0)
    prm[:, K.P_KICK_ANGLE] = kicks
    s0 = problem.s0.copy()
    if payload is not None:
        s0[6] += payload - problem.seq.payload_mass
    status, tf, sf, *_ = problem.model.run_batch(s0, 0.0, K.MODE_VERTICAL, True, False, prm, t)
    r, v = sf[:, :3], sf[:, 3:6]
    v_rel = v - np.cross(np.array([0.0, 0.0, OMEGA_EARTH]), r)
    sin_g = np.sum(r * v_rel, 1) / (np.linalg.norm(r, axis=1) * np.linalg.norm(v_rel, axis=1))
    out = np.arcsin(np.clip(sin_g, -1.0, 1.0))
    return np.where((status == K.STATUS_END_TIME) & (np.abs(tf - t) < 1e-6), out, np.nan)


def kick_for_cutoff_angle(
    problem: Problem,
    kick_min: float,
    kick_max: float,
    t: float,
    angle: float,
    n_scan: int = 16,
    payload: float | None = None,
) -> tuple[float | None, tuple[float, float]]:
    """The pitch-over kick (rad) whose atmospheric phase has the Earth-relative flight-path angle
    ``angle`` (rad) at ``t`` (s): a scan of ``n_scan`` kicks (one batch) brackets it (the angle
    falls as the kick grows), ``brentq`` refines it to 1e-6 rad. Returns (kick or None when no
    kick in the range reaches the angle, (lowest, highest) angle the scanned kicks reach).
    ``payload`` (kg): as :func:`cutoff_angles`."""
    kicks = np.linspace(kick_min, kick_max, n_scan)
    ang = cutoff_angles(problem, kicks, t, payload)
    ok = np.isfinite(ang)
    reach = (float(np.min(ang[ok])), float(np.max(ang[ok]))) if ok.any() else (math.nan, math.nan)
    for k in range(n_scan - 1):
        a, b = ang[k] - angle, ang[k + 1] - angle
        if np.isfinite(a) and np.isfinite(b) and a * b <= 0.0:
            if a == 0.0:
                return float(kicks[k]), reach

            def miss(kick: float) -> float:
                return float(cutoff_angles(problem, np.array([kick]), t, payload)[0]) - angle

            return float(brentq(miss, kicks[k], kicks[k + 1], xtol=1e-6)), reach
    return None, reach


def configured_kick(
    problem: Problem, kick_min: float, kick_max: float, payload: float | None = None
) -> float:
    """The kick (rad) that flies ``problem.cutoff_angle`` (stage, cutoff time s, Earth-relative
    flight-path angle rad, from ``[configuration] cutoff_flight_path_angle_deg``); an angle no
    kick in [kick_min, kick_max] reaches: InputError naming the key, with the reachable range."""
    assert problem.cutoff_angle is not None
    stage, t_cut, angle = problem.cutoff_angle
    kick, (lo, hi) = kick_for_cutoff_angle(
        problem, kick_min, kick_max, t_cut, angle, payload=payload
    )
    if kick is None:
        raise InputError(
            f"configuration.cutoff_flight_path_angle_deg.{stage}",
            round(math.degrees(angle), 6),
            f"{math.degrees(lo):.1f} to {math.degrees(hi):.1f} deg: what pitch-over kicks of "
            f"{math.degrees(kick_min):g} to {math.degrees(kick_max):g} deg give at "
            f"T+{t_cut:.1f} s",
        )
    return kick


def solve(
    problem: Problem,
    kick_min: float,
    kick_max: float,
    n_scan: int = 12,
    kick_guess: float | None = None,
    _refine: int = 2,
    params_guess: np.ndarray | None = None,
) -> GuidanceSolution:
    """Choose the kick and the vacuum-law parameters that give the largest mass at cutoff.

    A coarse scan of ``n_scan`` kicks (their atmospheric phases flown as one batch) finds the
    feasible band; a bounded scalar search then refines the best kick to 0.01 deg. Near the
    maximum payload the feasible band is narrower than the scan step: when no scanned kick
    closes, the scan is repeated narrowly around the kick that came closest (smallest energy
    shortfall) before the payload is declared too heavy: the solution of the closest kick with
    ``status`` ``"too_heavy"``. No kick whose vacuum guidance closes or runs dry:
    ConvergenceError.
    """
    xatol = math.radians(0.01)
    if kick_guess is not None:  # warm start: a narrow scan around a known good kick
        half = math.radians(0.6)
        kick_min, kick_max = max(kick_min, kick_guess - half), min(kick_max, kick_guess + half)
        n_scan = 3
        xatol = math.radians(0.05)  # the cutoff mass is flat near the optimum kick
    kicks = np.linspace(kick_min, kick_max, n_scan)
    phases = problem.atmospheric_phases(kicks)
    results: dict[float, tuple[float, ClosedLoopSolution | None]] = {}
    short: dict[float, ClosedLoopSolution] = {}  # too heavy: the closest law of each kick

    def evaluate(kick: float, phase, warm, max_iter=25) -> tuple[float, ClosedLoopSolution | None]:
        st, t_g, s_g, fair, armed, lag = phase
        if st != K.STATUS_END_TIME:
            return np.inf, None
        for guess in (warm, None) if warm is not None else (None,):
            try:
                sol = problem.solve_vacuum(s_g, t_g, fair, armed, guess, max_iter, lag)
            except ConvergenceError:
                continue
            if sol.status == "too_heavy":
                short[kick] = sol
                return np.inf, None
            return -float(sol.cutoff_state[6]), sol
        return np.inf, None

    warm = params_guess
    for kick, phase in zip(kicks, phases, strict=True):
        val, sol = evaluate(float(kick), phase, warm, max_iter=12)
        results[float(kick)] = (val, sol)
        if sol is not None:
            warm = sol.params
    feasible = [k for k, (v, _) in results.items() if np.isfinite(v)]
    if not feasible:
        if short:
            closest = min(short, key=lambda k: short[k].energy_deficit)
            heavy = GuidanceSolution.at_kick(closest, short[closest], len(results))
            if _refine > 0:
                sub = solve(problem, kick_min, kick_max, kick_guess=closest, _refine=_refine - 1)
                if sub.status == "converged" or sub.energy_deficit < heavy.energy_deficit:
                    return sub
            return heavy
        raise ConvergenceError(
            "no pitch-over kick between "
            f"{math.degrees(kick_min):.1f} and {math.degrees(kick_max):.1f} deg gives a trajectory "
            "the vacuum guidance can close"
        )
    best = min(feasible, key=lambda k: results[k][0])
    step = kicks[1] - kicks[0] if n_scan > 1 else 0.0
    lo, hi = max(kick_min, best - step), min(kick_max, best + step)
    best_sol = results[best][1]

    def objective(kick: float) -> float:
        val, sol = evaluate(kick, problem.atmospheric_phases(np.array([kick]))[0], best_sol.params)
        results[kick] = (val, sol)
        return val if np.isfinite(val) else 1e12

    if hi > lo:
        minimize_scalar(objective, bounds=(lo, hi), method="bounded", options={"xatol": xatol})
    best = min((k for k in results if np.isfinite(results[k][0])), key=lambda k: results[k][0])
    sol = results[best][1]
    return GuidanceSolution.at_kick(best, sol, len(results))
