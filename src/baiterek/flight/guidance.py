"""Guidance: launch azimuth, atmospheric pitch program, and the closed-loop vacuum law.

Atmospheric phase: vertical rise to ``pitch_over_speed``, a pitch-over kick toward the launch
azimuth, then a gravity turn at zero angle of attack. From the separation named by the vehicle
(``closed_loop_after_separation_of``) the thrust follows ``u = unit(lam + lamdot * tau)``: the
linear-tangent law in vector form (optimal for a uniform field; Bryson and Ho, Applied Optimal
Control, sec. 2.7). Its three free parameters (initial pitch, pitch rate, yaw) are found by
Newton iteration on the predicted cutoff state (a predictor-corrector, solved on the same
compiled dynamics): at the cutoff, fixed by the target specific energy, the radius, the
flight-path angle and the inclination match the target. The kick is chosen by a bounded 1-D
search that maximises the mass at cutoff, so no vehicle needs hand tuning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize_scalar

from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A
from baiterek.earth.wind import WindProfile
from baiterek.errors import ConvergenceError, InfeasibleError
from baiterek.flight import kernel as K
from baiterek.flight.sequence import FlightSequence

DT_ATMO = 1.0
"""RK4 step below 70 km, s."""
DT_VAC = 2.0
"""RK4 step above 70 km, s."""


@dataclass(frozen=True)
class OrbitTarget:
    """Insertion conditions (osculating, at cutoff): radius, flight-path angle, energy, plane."""

    radius: float  # m
    flight_path_angle: float  # rad
    semi_major_axis: float  # m
    inclination: float  # rad
    heading: str = "north"  # "north" | "south": launch on the ascending or descending pass
    argument_of_perigee: float | None = None  # rad; None: insertion at ``radius`` (the perigee)

    @property
    def energy(self) -> float:
        return -MU_EARTH / (2.0 * self.semi_major_axis)

    @property
    def eccentricity(self) -> float:
        """Of the target orbit when ``radius`` is its perigee (argument of perigee given)."""
        return 1.0 - self.radius / self.semi_major_axis


def launch_azimuth(latitude: float, inclination: float, heading: str, orbit_speed: float) -> float:
    """Earth-relative launch azimuth (rad from north) for an inclination, with the rotation correction.

    Inertial azimuth ``sin(b) = cos(i) / cos(lat)``; then the pad's eastward speed is removed.
    """
    ratio = math.cos(inclination) / math.cos(latitude)
    if abs(ratio) > 1.0:
        raise InfeasibleError(
            f"inclination {math.degrees(inclination):.3f} deg cannot be reached directly from "
            f"latitude {math.degrees(latitude):.3f} deg (a plane change, dog-leg, is needed)",
            {"min_inclination_deg": abs(math.degrees(latitude))},
        )
    b = math.asin(ratio)
    if heading == "south":
        b = math.pi - b
    v_eq = OMEGA_EARTH * WGS84_A * math.cos(latitude)
    return math.atan2(orbit_speed * math.sin(b) - v_eq, orbit_speed * math.cos(b))


@dataclass(frozen=True)
class Model:
    """The arrays the kernel reads: segments (7, K), aerodynamics (2, M), misc (5,), timed drops
    (2, J), wind (3, W)."""

    segs: np.ndarray  # rows: vacuum thrust N, mass flow kg/s, exit area m2, start s, end s
    # (burn clock), drop kg, minimum throttle ratio (1: cannot throttle)
    aero: np.ndarray  # rows: Mach, Cd
    misc: np.ndarray  # reference area m2, fairing mode, fairing mass kg, flux limit W/m2,
    # maximum sensed axial acceleration m/s2
    wind: np.ndarray  # rows: altitude m, east m/s, north m/s (empty: calm)
    drops: np.ndarray = field(default_factory=lambda: np.zeros((2, 0)))  # real time s, mass kg

    def run_batch(self, s0, t0, mode0, fairing_on, flux_armed, prm, t_stop, lag0=0.0):
        """Fly n trajectories (arrays of length n, or scalars broadcast); see kernel.fly_many.

        Returns (status, time, state, mode, fairing on, flux armed, events, throttle lag), each
        with n rows; ``lag0`` is the throttle lag at the start (s; from a previous run's end).
        """
        prm = np.atleast_2d(prm)
        n = prm.shape[0]
        return K.fly_many(
            np.ascontiguousarray(np.broadcast_to(s0, (n, 7))),
            np.full(n, t0, float) if np.ndim(t0) == 0 else np.asarray(t0, float),
            np.full(n, mode0, np.int64) if np.ndim(mode0) == 0 else np.asarray(mode0, np.int64),
            np.full(n, fairing_on, np.bool_),
            np.full(n, flux_armed, np.bool_),
            prm,
            self.segs,
            self.aero,
            self.misc,
            self.wind,
            DT_ATMO,
            DT_VAC,
            np.full(n, t_stop, float) if np.ndim(t_stop) == 0 else np.asarray(t_stop, float),
            drops=self.drops,
            lag0=np.full(n, lag0, float) if np.ndim(lag0) == 0 else np.asarray(lag0, float),
        )

    def run_one(
        self, s0, t0, mode0, fairing_on, flux_armed, prm, t_stop, record=None, events=None, lag0=0.0
    ):
        """Fly one trajectory; ``record`` = (t, state, direction, segment[, throttle and lag
        (n, 2)]) arrays to fill, or None. Returns (status, time, state, number of records, mode,
        fairing on, flux armed, throttle lag)."""
        rec = record or (np.zeros(0), np.zeros((0, 7)), np.zeros((0, 3)), np.zeros(0, np.int64))
        if len(rec) == 4:
            rec = (*rec, np.zeros((rec[0].shape[0], 2)))
        ev = np.full(K.N_EVENTS, np.nan) if events is None else events
        return K.fly(
            s0, t0, mode0, fairing_on, flux_armed, float(lag0), prm, self.segs, self.aero,
            self.misc, self.drops, self.wind, DT_ATMO, DT_VAC, t_stop, *rec, ev,
        )  # fmt: skip


def pack(seq: FlightSequence, wind: WindProfile | None = None) -> Model:
    """The sequence (and wind) as the arrays the kernel reads."""
    w = wind or WindProfile.calm()
    return Model(
        segs=np.ascontiguousarray(
            np.vstack(
                [
                    seq.seg_thrust_vac,
                    seq.seg_mass_flow,
                    seq.seg_exit_area,
                    seq.seg_start,
                    seq.seg_end,
                    seq.seg_drop,
                    seq.seg_min_throttle,
                ]
            )
        ),
        aero=np.ascontiguousarray(np.vstack([seq.mach_table, seq.cd_table])),
        misc=np.array(
            [
                seq.reference_area,
                float(seq.fairing_mode),
                seq.fairing_mass,
                seq.fairing_flux_limit,
                seq.max_axial_acceleration,
            ]
        ),
        wind=np.ascontiguousarray(
            np.vstack([w.altitude_m, w.east_m_s, w.north_m_s]).reshape(3, -1)
        ),
        drops=np.array(
            [[d[0] for d in seq.timed_drops], [d[1] for d in seq.timed_drops]], float
        ).reshape(2, -1),
    )


def law_parameters(s_k: np.ndarray, lam: np.ndarray, lamdot: np.ndarray) -> np.ndarray:
    """(pitch, rate, yaw) at state s_k that best represent the law u = unit(lam + lamdot * tau).

    Used to warm-start a re-solution of the vacuum law from a later state (closed loop).
    """
    r = s_k[:3]
    v = s_k[3:6]
    up = r / np.linalg.norm(r)
    c = np.cross(r, v)
    c /= np.linalg.norm(c)
    d = np.cross(c, up)
    n = np.linalg.norm(lam)
    lam_u = lam / n
    pitch = math.asin(max(-1.0, min(1.0, float(lam_u @ up))))
    yaw = math.atan2(float(lam_u @ c), float(lam_u @ d))
    rate = -float(lamdot @ up) / n / max(math.cos(pitch), 1e-6)
    return np.array([pitch, rate * math.cos(pitch), yaw])


def vacuum_law(s_g: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """lam, lamdot from (initial pitch, pitch rate 1/s, yaw) in the local frame at closed-loop start.

    ``p`` is (3,) or (n, 3); the results have shape (3,) or (n, 3).
    """
    r = s_g[:3]
    up = r / np.linalg.norm(r)
    c = _cross(r, s_g[3:6])
    c /= np.linalg.norm(c)
    d = _cross(c, up)
    p = np.asarray(p, float)
    pitch, rate, yaw = p[..., 0:1], p[..., 1:2], p[..., 2:3]
    horiz = np.cos(yaw) * d + np.sin(yaw) * c
    return np.cos(pitch) * horiz + np.sin(pitch) * up, -rate * up


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cross product of 3-vectors (..., 3): np.cross costs ~20 us a call on small arrays."""
    return np.stack(
        [
            a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
            a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
            a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0],
        ],
        axis=-1,
    )


def cutoff_residual(s: np.ndarray, target: OrbitTarget) -> np.ndarray:
    """Scaled miss at cutoff: radius (per 10 km), flight-path angle and inclination (per 0.1 rad).

    ``s`` is one state (7,) or a batch (n, 7); the result is (3,) or (n, 3).
    """
    r = s[..., :3]
    v = s[..., 3:6]
    rn = np.sqrt(np.sum(r * r, -1))
    vn = np.sqrt(np.sum(v * v, -1))
    fpa = np.arcsin(np.clip(np.sum(r * v, -1) / (rn * vn), -1.0, 1.0))
    h = _cross(r, v)
    hn = np.sqrt(np.sum(h * h, -1))
    inc = np.arccos(np.clip(h[..., 2] / hn, -1.0, 1.0))
    if target.argument_of_perigee is not None:
        return _shape_residual(r, v, rn, h, hn, inc, target)
    return np.stack(
        [
            (rn - target.radius) / 1e4,
            (fpa - target.flight_path_angle) * 10.0,
            (inc - target.inclination) * 10.0,
        ],
        axis=-1,
    )


def _shape_residual(r, v, rn, h, hn, inc, target: OrbitTarget) -> np.ndarray:
    """Scaled miss of an orbit with a given argument of perigee, wherever on it the cutoff falls.

    With the energy (semi-major axis) met by the cutoff, the eccentricity, the argument of
    perigee and the inclination fix the orbit's shape and orientation (the node comes from the
    launch time): the eccentricity as the perigee-radius miss (per 10 km), the argument of perigee
    and the inclination per 0.1 rad.
    """
    e_vec = _cross(v, h) / MU_EARTH - r / rn[..., None]
    ecc = np.sqrt(np.sum(e_vec * e_vec, -1))
    node = np.stack([-h[..., 1], h[..., 0], np.zeros_like(hn)], axis=-1)  # z x h
    nn = np.sqrt(np.sum(node * node, -1))
    cos_w = np.sum(node * e_vec, -1) / (nn * ecc)
    sin_w = np.sum(_cross(node, e_vec) * h, -1) / (nn * ecc * hn)
    dw = np.arctan2(sin_w, cos_w) - target.argument_of_perigee
    dw = (dw + np.pi) % (2.0 * np.pi) - np.pi
    return np.stack(
        [
            target.semi_major_axis * (target.eccentricity - ecc) / 1e4,
            dw * 10.0,
            (inc - target.inclination) * 10.0,
        ],
        axis=-1,
    )


_TOL = np.array([1.0 / 1e4, 2e-7 * 10.0, 1e-7 * 10.0])  # 1 m, 0.2 urad, 0.1 urad (scaled units)
"""Convergence: 1 m in radius, 0.2 urad in flight-path angle, 0.1 urad in inclination."""


@dataclass
class ClosedLoopSolution:
    params: np.ndarray  # (pitch, rate, yaw)
    prm: np.ndarray  # kernel parameter vector
    cutoff_state: np.ndarray
    cutoff_time: float
    iterations: int
    fairing_on: bool = False  # the heat-flux fairing still aboard at cutoff
    cutoff_lag: float = 0.0  # throttle lag at cutoff, s


class Problem:
    """One guidance problem: a sequence, a start state and a target (holds no results)."""

    def __init__(self, seq, s0, target, azimuth, pitch_over_speed, wind=None):
        self.seq = seq
        self.model = pack(seq, wind)
        self.s0 = s0
        self.target = target
        self.azimuth = azimuth
        self.pitch_over_speed = pitch_over_speed

    def base_prm(self, kick: float) -> np.ndarray:
        prm = np.zeros(K.N_PARAMS)
        prm[0] = self.pitch_over_speed
        prm[1] = kick
        prm[2] = self.azimuth
        prm[3] = self.seq.closed_loop_start
        prm[10] = self.target.energy
        return prm

    def atmospheric_phases(self, kicks: np.ndarray) -> list[tuple]:
        """Fly from liftoff to the start of closed-loop guidance, one trajectory per kick (batch).

        Each phase is (status, time, state, fairing on, flux armed, throttle lag): what the
        vacuum guidance restarts from.
        """
        n = len(kicks)
        prm = np.repeat(self.base_prm(0.0)[None, :], n, 0)
        prm[:, 1] = kicks
        status, tf, sf, mode, fair, armed, ev, lag = self.model.run_batch(
            self.s0, 0.0, 0, True, False, prm, self.seq.closed_loop_start
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
        prm[:, 0] = self.pitch_over_speed
        prm[:, 2] = self.azimuth
        prm[:, 3] = t_g
        prm[:, 4:7] = lam
        prm[:, 7:10] = lamdot
        prm[:, 10] = energy
        out = self.model.run_batch(s_g, t_g, 3, fair, armed, prm, np.inf, lag)
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

        The flight restarts from (t_g, s_g) with the throttle lag ``lag`` (s) flown so far.
        """
        p = np.asarray(self.initial_guess(s_g, t_g, fair, armed, lag) if p0 is None else p0, float)
        steps = np.array([1e-4, 1e-7, 1e-4])
        eye = np.eye(3)
        res_all, status, tf, sf, prm, end = self._residuals(s_g, t_g, fair, armed, [p], lag)
        res = res_all[0]
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
                    raise _TooHeavy(res[3] * 1e6)
                raise ConvergenceError(f"guidance line search failed (residual {norm0:.3g})")
            p = p + dp
            res, status, tf, sf, prm, end = r_new[0], st_new, tf_new, sf_new, prm_new, end_new
            if res[3] > 0.0 and np.linalg.norm(dp / steps) < 1e-2:
                raise _TooHeavy(res[3] * 1e6)
        if res[3] > 0.0:
            raise _TooHeavy(res[3] * 1e6)
        raise ConvergenceError(f"guidance did not converge (residual {np.linalg.norm(res):.3g})")


class _TooHeavy(Exception):
    def __init__(self, energy_deficit: float):
        self.energy_deficit = energy_deficit


@dataclass
class GuidanceSolution:
    kick: float  # rad
    prm: np.ndarray  # kernel parameters for the whole flight
    cutoff_mass: float  # kg
    iterations: int
    cutoff_time: float  # s from liftoff
    params: np.ndarray | None = None  # vacuum-law (pitch, rate, yaw): a warm start for neighbours
    fairing_on: bool = False  # the heat-flux fairing still aboard at cutoff
    cutoff_lag: float = 0.0  # throttle lag at cutoff, s (time lost to throttling)
    cutoff_state: np.ndarray | None = None  # [r, v, m] at cutoff, launch frame (m, m/s, kg)


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
    shortfall) before the payload is declared too heavy.
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
    deficits: dict[float, float] = {}

    def evaluate(kick: float, phase, warm, max_iter=25) -> tuple[float, ClosedLoopSolution | None]:
        st, t_g, s_g, fair, armed, lag = phase
        if st != K.STATUS_END_TIME:
            return np.inf, None
        for guess in (warm, None) if warm is not None else (None,):
            try:
                sol = problem.solve_vacuum(s_g, t_g, fair, armed, guess, max_iter, lag)
                return -float(sol.cutoff_state[6]), sol
            except _TooHeavy as exc:
                deficits[kick] = exc.energy_deficit
                return np.inf, None
            except ConvergenceError:
                continue
        return np.inf, None

    warm = params_guess
    for kick, phase in zip(kicks, phases, strict=True):
        val, sol = evaluate(float(kick), phase, warm, max_iter=12)
        results[float(kick)] = (val, sol)
        if sol is not None:
            warm = sol.params
    feasible = [k for k, (v, _) in results.items() if np.isfinite(v)]
    if not feasible:
        if deficits:
            closest = min(deficits, key=deficits.get)
            if _refine > 0:
                try:
                    return solve(
                        problem, kick_min, kick_max, kick_guess=closest, _refine=_refine - 1
                    )
                except _TooHeavy as exc:
                    raise _TooHeavy(min(exc.energy_deficit, deficits[closest])) from None
            raise _TooHeavy(deficits[closest])
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
    prm = sol.prm.copy()
    prm[1] = best
    return GuidanceSolution(
        best,
        prm,
        float(sol.cutoff_state[6]),
        len(results),
        sol.cutoff_time,
        sol.params,
        sol.fairing_on,
        sol.cutoff_lag,
        sol.cutoff_state,
    )
