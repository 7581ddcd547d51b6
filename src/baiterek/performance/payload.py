"""Maximum payload to an orbit, with the margin against a requested payload.

Direct ascent: the payload is solved together with the vacuum guidance law, as one Newton system
per pitch-over kick (the last stage reaches the target exactly at depletion of its usable
propellant; ``performance.depletion``), and the kick is the one with the largest payload. The
trajectory handed over carries that payload less ``DIRECT_MARGIN_KG`` and is cut off by energy
like every flight.

Parking orbit and transfer (an upper stage, or a last stage that can restart): the transfer stage
keeps ``R`` kg of propellant for the transfer, the depletion system gives the largest payload that
reaches the parking orbit with the rest, the transfer burns are flown, and ``R`` is solved so that
they use it all (``TransferBalance``). When the launcher reaches the parking orbit on its own, the
payload is searched instead by regula falsi on the upper stage's propellant left after the
transfer (one guidance solution per trial payload).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

from baiterek import catalog
from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.errors import ConvergenceError, InfeasibleError, InputError
from baiterek.flight import guidance as G
from baiterek.flight.simulate import setup, simulate
from baiterek.flight.trajectory import Trajectory
from baiterek.flight.transfer import TransferTooHeavy, fly_transfer, parking_state
from baiterek.performance import depletion as D
from baiterek.provenance import provenance

PAYLOAD_TOL_KG = 3.0
"""With an upper stage the maximum payload is solved to this tolerance, kg."""
PARKING_MIN_RAISE_M = 500e3
"""A vehicle whose last stage can restart also tries a parking orbit when the target's
semi-major axis exceeds its perigee radius by more than this, m (elliptical, GTO)."""
KICK_NEIGHBOURHOOD = math.radians(0.75)
"""While the kept propellant is searched, the kick is looked for this close to the last one."""
N_KEPT_SCAN = 5
"""Propellant kept for the transfer: points scanned between the balance and the whole load."""
TRANSFER_MARGIN_KG = 1.0
"""With a parking orbit, the transfer propellant the solution aims to leave, kg (+-1 kg: the
transfer stage's usable propellant is spent to within 0 to 2 kg)."""
DIRECT_MARGIN_KG = 0.5
"""A direct ascent's handed-over trajectory carries the maximum payload less this, kg: it reaches
the orbit with that much usable propellant left (the maximum itself is solved to about 0.01 kg)."""


@dataclass(frozen=True)
class Constraint:
    name: str
    value: float
    limit: float
    unit: str
    active: bool
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "limit": self.limit,
            "unit": self.unit,
            "active": self.active,
            "note": self.note,
        }


@dataclass(frozen=True)
class PerformanceResult:
    """The maximum payload to a target, the margin and the optimal trajectory."""

    vehicle_id: str
    site_id: str
    target: dict[str, Any]
    payload_kg: float
    requested_payload_kg: float | None
    constraints: tuple[Constraint, ...]
    trajectory: Trajectory
    evaluations: int
    notes: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)
    transfer: Any = None  # flight.transfer.Transfer when an upper stage raised the apogee
    ascent_profile: str = "direct"  # "direct" | "parking_orbit" (coast, restart at the node)

    def __repr__(self) -> str:
        """One line (the dataclass repr would print the whole trajectory)."""
        return (
            f"PerformanceResult({self.vehicle_id} from {self.site_id}: payload "
            f"{self.payload_kg:,.1f} kg, {self.ascent_profile}, margin {self.margin_kg})"
        )

    @property
    def margin_kg(self) -> float | None:
        if self.requested_payload_kg is None:
            return None
        return self.payload_kg - self.requested_payload_kg

    def to_json(self) -> dict[str, Any]:
        traj = self.trajectory.to_json()
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "target": self.target,
            "payload_kg": round(self.payload_kg, 1),
            "requested_payload_kg": self.requested_payload_kg,
            "margin_kg": None if self.margin_kg is None else round(self.margin_kg, 1),
            "feasible": None if self.margin_kg is None else self.margin_kg >= 0,
            "constraints": [c.to_json() for c in self.constraints],
            "active_constraints": [c.name for c in self.constraints if c.active],
            "ascent_profile": self.ascent_profile,
            "guidance_evaluations": self.evaluations,
            "notes": list(self.notes),
            "trajectory": {k: traj[k] for k in ("summary", "events", "insertion", "guidance")},
            "transfer_burns": None
            if self.transfer is None
            else [b.to_json() for b in self.transfer.burns],
            "provenance": self.provenance,
        }


def _margin(
    vehicle_id,
    site_id,
    payload,
    target,
    kick_guess,
    wind=None,
    upper=None,
    launch_inc=None,
    params_guess=None,
    own_stage=None,
):
    """(margin kg, setup, guidance solution or None, transfer or None) for one payload.

    With an upper stage (``upper``, an id) or with the vehicle's own restartable last stage
    (``own_stage``, catalog.restartable_last_stage) the ascent goes to a circular parking orbit at
    the target's perigee radius, and the margin is that stage's propellant left after the
    transfer burns.
    """
    parking = upper is not None or own_stage is not None
    ascent_target = target
    if parking:
        ascent_target = G.OrbitTarget(
            target.radius, 0.0, target.radius, target.inclination, target.heading
        )
    st = setup(vehicle_id, site_id, payload, ascent_target, wind, upper, launch_inc)
    seq = st.sequence
    flow = float(seq.seg_mass_flow[-1])
    ve = float(seq.seg_thrust_vac[-1]) / flow
    m_end = st.vehicle.stages[-1].dry_mass_kg + payload
    try:
        sol = G.solve(
            st.problem,
            math.radians(st.vehicle.guidance.kick_min_deg),
            math.radians(st.vehicle.guidance.kick_max_deg),
            kick_guess=kick_guess,
            params_guess=params_guess if kick_guess is not None else None,
        )
    except G._TooHeavy as exc:
        dv = exc.energy_deficit / math.sqrt(MU_EARTH / target.radius)
        if parking:  # the transfer's velocity is missing too
            ra = 2.0 * target.semi_major_axis - target.radius
            v_p = math.sqrt(MU_EARTH * (2 / target.radius - 2 / (target.radius + ra)))
            dv += v_p - math.sqrt(MU_EARTH / target.radius)
        return -m_end * (math.exp(dv / ve) - 1.0), st, None, None
    if not parking:
        return sol.cutoff_mass - seq.unusable_mass(sol.cutoff_time, sol.fairing_on), st, sol, None
    status, tf, sf, _, fair, _, _, lag = st.problem.model.run_batch(
        st.problem.s0, 0.0, 0, True, False, sol.prm, np.inf
    )
    ra = 2.0 * target.semi_major_axis - target.radius
    us = own_stage or catalog.upper_stage(upper)
    t_park = float(tf[0])
    s_park, usable = parking_state(seq, us, sf[0], t_park, payload, float(lag[0]), bool(fair[0]))
    try:
        tr = fly_transfer(seq, us, s_park, t_park, ra, target.inclination, usable)
    except TransferTooHeavy as exc:
        return exc.margin, st, sol, None
    return tr.margin, st, sol, tr


def max_payload(
    vehicle_id: str,
    site_id: str,
    target: G.OrbitTarget,
    requested_payload_kg: float | None = None,
    wind=None,
    target_info: dict[str, Any] | None = None,
    launch_time_utc: str = "2027-01-01T00:00:00Z",
    initial_payload_kg: float | None = None,
    kick_guess: float | None = None,
    upper_stage_id: str | None = None,
    launch_inclination: float | None = None,
    reach_limit: bool = True,
) -> PerformanceResult:
    """The largest payload that reaches ``target`` from ``site_id`` on ``vehicle_id``.

    Out of reach even without payload: InfeasibleError, whose limit names the highest orbit of
    the same family that is reached (``reach_limit``; a few seconds more; curves skip it).

    A direct ascent solves the payload with the guidance in one Newton system per kick
    (``performance.depletion``); with a parking orbit the propellant kept for the transfer is
    balanced (module docstring). A last stage that can restart flies whichever of the two carries
    more. ``initial_payload_kg`` (and, on the regula-falsi path, ``kick_guess``, rad) only speed
    it up (e.g. from the neighbouring point of a curve); the result does not depend on them.
    """
    v = catalog.vehicle(vehicle_id)
    start = v.reference_payload_kg * (0.3 if upper_stage_id else 1.0)
    p_start = float(initial_payload_kg or requested_payload_kg or start)
    info = target_info or {}
    if upper_stage_id is not None and target.argument_of_perigee is not None:
        raise InputError(
            "target.argument_of_perigee_deg",
            round(math.degrees(target.argument_of_perigee), 3),
            "no argument of perigee with an upper stage (its burns are centred on a node: the "
            "perigee lies on the equator); leave it out, or fly direct",
        )
    notes: tuple[str, ...] = ()
    own = catalog.restartable_last_stage(v) if upper_stage_id is None else None
    try_parking = (
        own is not None
        and abs(target.semi_major_axis) - target.radius > PARKING_MIN_RAISE_M  # a < 0: escape
        and target.argument_of_perigee is None
    )
    if upper_stage_id is None:
        try:
            payload, st, sol, evals = _direct_maximum(
                vehicle_id, site_id, target, p_start, wind, launch_inclination, reach_limit
            )
        except (InfeasibleError, ConvergenceError) as exc:
            if not try_parking:
                raise
            payload, st, sol, evals = -math.inf, None, None, 0  # the parking orbit may still do
            direct_error = exc
        transfer = None
        if try_parking:
            # a restartable last stage: a parking orbit, a coast and a restart at the node,
            # against the direct ascent; the larger payload wins and both are reported
            try:
                parked = _parking_maximum(
                    vehicle_id, site_id, target, payload if math.isfinite(payload) else p_start,
                    None, wind, None, launch_inclination, own,
                )  # fmt: skip
            except (InfeasibleError, ConvergenceError) as exc:
                if not math.isfinite(payload):
                    raise direct_error from exc
                notes = (f"parking orbit and restart not possible: {exc}; direct ascent flown",)
            else:
                direct = (
                    f"direct ascent {payload:,.0f} kg"
                    if math.isfinite(payload)
                    else f"direct ascent impossible ({direct_error})"
                )
                note = (
                    f"{direct}; parking orbit at the target's perigee, "
                    f"coast and restart of {own.name} at the node {parked[0]:,.0f} kg"
                )
                if parked[0] > payload:
                    payload, st, sol, transfer, evals2 = parked
                    evals += evals2
                    notes = (f"{note}: parking orbit flown",)
                else:
                    notes = (f"{note}: direct ascent flown",)
    else:
        payload, st, sol, transfer, evals = _parking_maximum(
            vehicle_id, site_id, target, p_start, kick_guess, wind, upper_stage_id,
            launch_inclination,
        )  # fmt: skip
    traj = simulate(st, sol.prm, launch_time_utc, {"pitch_over_kick_deg": math.degrees(sol.kick)})
    return PerformanceResult(
        vehicle_id=vehicle_id,
        site_id=site_id,
        target=info,
        payload_kg=payload,
        requested_payload_kg=requested_payload_kg,
        constraints=constraints_of(st.vehicle, traj),
        trajectory=traj,
        evaluations=evals,
        notes=notes,
        transfer=transfer,
        ascent_profile="direct" if transfer is None else "parking_orbit",
        provenance=provenance({"vehicle": vehicle_id, "site": site_id, "target": info}),
    )


def _direct_maximum(
    vehicle_id, site_id, target, p_start, wind, launch_inclination, reach_limit=True
):
    """(payload, setup, guidance solution, Newton solutions) of a direct ascent's maximum.

    The depletion system (``performance.depletion``) gives the maximum payload ``P*`` and its law;
    the trajectory handed over carries ``P* - DIRECT_MARGIN_KG`` and is cut off by the target
    energy as every flight is, so it ends with that much usable propellant left.
    """
    v = catalog.vehicle(vehicle_id)
    g = v.guidance
    st = setup(vehicle_id, site_id, p_start, target, wind, None, launch_inclination)
    try:
        best = D.maximum_over_kick(
            st.problem,
            math.radians(g.kick_min_deg),
            math.radians(g.kick_max_deg),
            p_start,
            -0.5 * v.stages[-1].dry_mass_kg,
            max_q=v.limits.max_dynamic_pressure_kpa * 1e3,
        )
    except ConvergenceError:
        best = None
    if best is None or best.payload < DIRECT_MARGIN_KG:
        m0 = _margin(vehicle_id, site_id, 0.0, target, None, wind, None, launch_inclination)[0]
        if m0 < 0.0:
            limit, text = {"payload_kg": 0.0}, ""
            if reach_limit:
                limit, text = _reach_limit(vehicle_id, site_id, target, wind, launch_inclination)
            raise InfeasibleError(
                f"{vehicle_id} cannot reach this orbit from {site_id} even without payload"
                + ("" if best is None else f" (short by about {-best.payload:,.0f} kg)")
                + text,
                limit,
            )
        if best is None:
            raise ConvergenceError(f"no maximum payload found for {vehicle_id} to this orbit")
    for back_off in (DIRECT_MARGIN_KG, 10.0 * DIRECT_MARGIN_KG):
        payload = max(best.payload - back_off, 0.0)
        st = setup(vehicle_id, site_id, payload, target, wind, None, launch_inclination)
        try:
            sol = _solution_at(st, best.kick, best.params)
        except (G._TooHeavy, ConvergenceError):
            continue
        return payload, st, sol, best.evaluations
    raise ConvergenceError(
        f"the guidance does not close at {best.payload:,.0f} kg, the maximum payload it found"
    )


def _parking_maximum(
    vehicle_id, site_id, target, p_start, kick_guess, wind, upper_id, launch_inclination, own=None
):
    """The maximum with a parking orbit and a transfer: by the depletion system when the transfer
    stage also finishes the ascent (the usual case), else by the margin search."""
    try:
        return _transfer_maximum(
            vehicle_id, site_id, target, p_start, wind, upper_id, launch_inclination, own
        )
    except _NotDepletionBound:
        return _upper_stage_maximum(
            vehicle_id, site_id, target, p_start, kick_guess, wind, upper_id, launch_inclination,
            own,
        )  # fmt: skip


class _NotDepletionBound(Exception):
    """The launcher reaches the parking orbit without the transfer stage: use the margin search."""


class TransferBalance:
    """For a parking orbit and a transfer: kept propellant -> (transfer margin, maximum payload).

    The transfer stage keeps ``r_keep`` kg of usable propellant for the transfer: its burn in
    the ascent is shortened by ``r_keep`` over its mass flow, and the depletion system
    (``performance.depletion``) gives the largest payload that reaches the parking orbit exactly
    as that shortened burn ends. The transfer is then flown with that payload. The margin (kg of
    transfer propellant left; < 0: short) grows with ``r_keep`` while the payload falls, so the
    maximum payload is where the margin is zero.
    """

    def __init__(
        self, vehicle_id, site_id, target, p_start, wind=None, upper_stage_id=None,
        launch_inclination=None, own_stage=None,
    ):  # fmt: skip
        v = catalog.vehicle(vehicle_id)
        self.args = (vehicle_id, site_id, wind, upper_stage_id, launch_inclination)
        self.target = target
        self.parking = G.OrbitTarget(
            target.radius, 0.0, target.radius, target.inclination, target.heading
        )
        self.setup = setup(
            vehicle_id, site_id, p_start, self.parking, wind, upper_stage_id, launch_inclination
        )
        self.stage = own_stage or catalog.upper_stage(upper_stage_id)
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
        return 2.0 * self.target.semi_major_axis - self.target.radius

    def __call__(self, r_keep: float, full: bool = False) -> tuple[float, D.DepletionSolution]:
        """(margin kg, depletion solution) keeping ``r_keep`` kg. After the first call the kick is
        searched within KICK_NEIGHBOURHOOD of the last one unless ``full``."""
        vehicle_id, site_id, wind, upper_id, launch_inc = self.args
        seq = self.setup.sequence
        seq_r = dataclasses.replace(
            seq, seg_end=np.append(seq.seg_end[:-1], seq.seg_end[-1] - r_keep / self.flow)
        )
        pr = self.setup.problem
        prob = G.Problem(seq_r, pr.s0, self.parking, pr.azimuth, pr.pitch_over_speed, wind)
        kicks, n_scan, p0 = self.kicks, 9, self.p_start
        if self.last is not None and not full:
            k, p0 = self.last.kick, self.last.payload
            kicks = (max(kicks[0], k - KICK_NEIGHBOURHOOD), min(kicks[1], k + KICK_NEIGHBOURHOOD))
            n_scan = 3
        best = D.maximum_over_kick(
            prob, *kicks, p0, -0.5 * self.stage.dry_mass_kg, n_scan, max_q=self.max_q
        )
        self.last = best
        self.evaluations += best.evaluations
        t_end, s_end, fair_end, lag_end = D.fly_to_depletion(
            prob, best.kick, best.payload, best.params
        )
        st_p = setup(vehicle_id, site_id, best.payload, self.parking, wind, upper_id, launch_inc)
        s_park, usable = parking_state(
            st_p.sequence, self.stage, s_end, t_end, best.payload, lag_end, fair_end
        )
        try:
            m = fly_transfer(
                st_p.sequence, self.stage, s_park, t_end, self.apogee_radius,
                self.target.inclination, usable,
            ).margin  # fmt: skip
        except TransferTooHeavy as exc:
            m = exc.margin
        self.solved[r_keep] = (m, best)
        return m, best


def _transfer_maximum(
    vehicle_id, site_id, target, p_start, wind, upper_stage_id, launch_inclination, own_stage=None
):
    """(payload, setup, solution, transfer, evaluations) with a parking orbit and a transfer.

    ``R``, the propellant the transfer stage keeps for the transfer, is solved by secant so that
    the transfer uses all of it (``TransferBalance``). Raises _NotDepletionBound when even the
    whole load kept is short: the launcher then reaches the parking orbit on its own.
    """
    bal = TransferBalance(
        vehicle_id, site_id, target, p_start, wind, upper_stage_id, launch_inclination, own_stage
    )
    us, r_max, solved = bal.stage, bal.r_max, bal.solved
    parking = bal.parking
    ra = bal.apogee_radius
    v_p = math.sqrt(MU_EARTH * (2 / target.radius - 2 / (target.radius + ra)))
    x = math.exp(-(v_p - math.sqrt(MU_EARTH / target.radius)) / bal.ve)

    def margin(r_keep: float) -> float:
        """The transfer margin less the small margin aimed at (the root of this is sought)."""
        return bal(r_keep)[0] - TRANSFER_MARGIN_KG

    # impulsive estimate of what the transfer needs, for the start payload
    r0 = min((p_start + us.dry_mass_kg) * (1.0 - x) / x, 0.9 * r_max)
    r1 = min(1.05 * r0, r_max)
    try:
        m0, m1 = margin(r0), margin(r1)
        for _ in range(12):
            if abs(m1) <= TRANSFER_MARGIN_KG or m1 == m0:
                break
            r2 = r1 - m1 * (r1 - r0) / (m1 - m0)
            r2 = min(max(r2, 0.0), r_max)
            if r2 == r1:
                break
            r0, m0, r1 = r1, m1, r2
            m1 = margin(r1)
            if r1 >= r_max and m1 < 0.0:
                # even the whole load kept is short: the launcher must reach the parking orbit
                # on its own with a lighter payload, and the transfer stage starts full
                raise _NotDepletionBound
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
            raise _NotDepletionBound
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
            f"{vehicle_id} with {us.id} cannot reach this orbit from {site_id} even without "
            f"payload (short by about {-best.payload:,.0f} kg)",
            {"payload_kg": 0.0},
        )
    # the flight handed over: this payload and law, cut off by the parking orbit's energy (the
    # law already meets it; a lighter payload would need the law solved again)
    for back_off in (0.0, DIRECT_MARGIN_KG, 10.0 * DIRECT_MARGIN_KG):
        payload = max(best.payload - back_off, 0.0)
        st_f = setup(vehicle_id, site_id, payload, parking, wind, upper_stage_id,
                     launch_inclination)  # fmt: skip
        try:
            sol = _solution_at(st_f, best.kick, best.params)
        except (G._TooHeavy, ConvergenceError):
            continue
        s_park, usable = parking_state(
            st_f.sequence, us, sol.cutoff_state, sol.cutoff_time, payload, sol.cutoff_lag,
            sol.fairing_on,
        )  # fmt: skip
        try:
            tr = fly_transfer(
                st_f.sequence, us, s_park, sol.cutoff_time, ra, target.inclination, usable
            )
        except TransferTooHeavy:
            continue
        return payload, st_f, sol, tr, bal.evaluations
    raise ConvergenceError(f"the parking-orbit ascent does not close at {best.payload:,.0f} kg")


def _solution_at(st, kick: float, params: np.ndarray) -> G.GuidanceSolution:
    """The guidance solution of a setup from a kick and a vacuum law that (nearly) meet its
    target: Newton polishes the law with the energy cutoff. Raises G._TooHeavy or
    ConvergenceError when it does not close."""
    t_g, s_g, fair, armed, lag = D.closed_loop_start(st.problem, kick)
    cl = st.problem.solve_vacuum(s_g, t_g, fair, armed, params, lag=lag)
    prm = cl.prm.copy()
    prm[1] = kick
    return G.GuidanceSolution(
        kick, prm, float(cl.cutoff_state[6]), cl.iterations, cl.cutoff_time, cl.params,
        cl.fairing_on, cl.cutoff_lag, cl.cutoff_state,
    )  # fmt: skip


def _reach_limit(vehicle_id, site_id, target, wind, launch_inclination):
    """The highest orbit of the target's family reachable without payload, by direct ascent.

    Circular targets: the highest altitude at the same inclination; elliptical: the highest apogee
    at the same perigee. Found by bisection (Illinois) on the depletion system's maximum payload,
    which is continued below zero beyond reach, to 5 km. Returns (limit dict, message text).
    """
    v = catalog.vehicle(vehicle_id)
    g = v.guidance
    circular = abs(target.semi_major_axis - target.radius) < 1.0
    r_p = target.radius
    lowest = WGS84_A + 200e3 if circular else r_p

    def payload_at(r_hi: float) -> float:
        t = (
            G.OrbitTarget(r_hi, 0.0, r_hi, target.inclination, target.heading)
            if circular
            else G.OrbitTarget(r_p, 0.0, 0.5 * (r_p + r_hi), target.inclination, target.heading)
        )
        try:
            st = setup(vehicle_id, site_id, v.reference_payload_kg, t, wind, None,
                       launch_inclination)  # fmt: skip
            return D.maximum_over_kick(
                st.problem, math.radians(g.kick_min_deg), math.radians(g.kick_max_deg),
                0.3 * v.reference_payload_kg, -0.5 * v.stages[-1].dry_mass_kg,
                max_q=v.limits.max_dynamic_pressure_kpa * 1e3,
            ).payload  # fmt: skip
        except (ConvergenceError, InfeasibleError):
            return -math.inf

    r_hi = r_p if circular else 2.0 * target.semi_major_axis - r_p
    a, fa = lowest, payload_at(lowest)
    if not fa > 0.0:
        return {"payload_kg": 0.0}, ""
    b, fb = r_hi, payload_at(r_hi)
    side = 0
    for _ in range(30):
        if b - a < 5e3:
            break
        c = 0.5 * (a + b) if not math.isfinite(fb) else b - fb * (b - a) / (fb - fa)
        c = min(max(c, a + 1e3), b - 1e3)
        fc = payload_at(c)
        if fc > 0.0:
            a, fa = c, fc
            if side == 1:
                fb *= 0.5
            side = 1
        else:
            b, fb = c, fc
            if side == -1:
                fa *= 0.5
            side = -1
    km = (a - WGS84_A) / 1e3
    if circular:
        return (
            {"payload_kg": 0.0, "max_altitude_km": round(km, 0)},
            f"; the highest circular orbit it reaches at this inclination by direct ascent is "
            f"about {km:,.0f} km",
        )
    return (
        {"payload_kg": 0.0, "max_apogee_km": round(km, 0)},
        f"; the highest apogee it reaches from this perigee by direct ascent is about {km:,.0f} km",
    )


def _upper_stage_maximum(
    vehicle_id,
    site_id,
    target,
    p_start,
    kick_guess,
    wind,
    upper_stage_id,
    launch_inclination,
    own_stage=None,
):
    """(payload, setup, solution, transfer, evaluations) with a parking orbit and a transfer.

    The transfer is flown by the upper stage ``upper_stage_id`` or by the vehicle's own
    restartable last stage ``own_stage``. The margin is that stage's propellant left after the
    transfer burns, so the payload is found by regula falsi on it, one guidance solution to the
    parking orbit per trial payload.
    """
    evals = 0

    warm_params = None  # the last vacuum-law solution: the Newton start of the next payload

    def evaluate(p, kick):
        nonlocal evals, warm_params
        evals += 1
        for k in (kick, None) if kick is not None else (None,):
            try:
                out = _margin(
                    vehicle_id,
                    site_id,
                    p,
                    target,
                    k,
                    wind,
                    upper_stage_id,
                    launch_inclination,
                    warm_params,
                    own_stage,
                )
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
    #    exists, Newton steps with the margin's slope (about -1.3 kg per kg of payload); then a
    #    full kick search confirms the maximum (more margin found: search on from there)
    for _round in range(3):
        if best is None:
            break
        side = 0
        for _ in range(20):
            p_lo, m_lo = best[0], best[1]
            if m_lo < PAYLOAD_TOL_KG or hi - p_lo < PAYLOAD_TOL_KG:
                break
            if np.isfinite(hi) and np.isfinite(m_hi):
                p = p_lo - m_lo * (hi - p_lo) / (m_hi - m_lo)
            elif np.isfinite(hi):
                p = 0.5 * (p_lo + hi)
            else:
                p = p_lo + m_lo / 1.3
            p = min(max(p, p_lo + 0.5 * PAYLOAD_TOL_KG), hi - 0.5 * PAYLOAD_TOL_KG)
            m, st, sol, tr = evaluate(p, kick)
            if sol is not None and m >= 0:
                kick = sol.kick
                best = (p, m, st, sol, tr)
                if side == 1:  # the infeasible end kept twice: halve its weight (Illinois)
                    m_hi *= 0.5
                side = 1
            else:
                hi, m_hi = p, m
                side = -1
        m_full, st_f, sol_f, tr_f = evaluate(best[0], None)
        if sol_f is None or m_full < best[1] + 2 * PAYLOAD_TOL_KG:
            break
        best = (best[0], m_full, st_f, sol_f, tr_f)  # a better kick: more margin, search on
        kick, hi, m_hi = sol_f.kick, np.inf, -np.inf
    if best is None:
        raise InfeasibleError(
            f"{vehicle_id} cannot reach this orbit from {site_id} even without payload",
            {"payload_kg": 0.0},
        )
    payload, _, st, sol, transfer = best
    return payload, st, sol, transfer, evals


def constraints_of(v: catalog.Vehicle, traj: Trajectory) -> tuple[Constraint, ...]:
    """Path constraints of the flight against the vehicle's limits, with which are active."""
    s = traj.summary()
    lim = v.limits
    out = [
        Constraint(
            "propellant_reserve",
            v.stages[-1].reserve_fraction * v.stages[-1].propellant_mass_kg * v.stages[-1].count,
            v.stages[-1].reserve_fraction * v.stages[-1].propellant_mass_kg * v.stages[-1].count,
            "kg",
            True,
            "last-stage propellant kept unburnt; active at the maximum payload",
        ),
        Constraint(
            "max_dynamic_pressure",
            s["max_dynamic_pressure_kpa"],
            lim.max_dynamic_pressure_kpa,
            "kPa",
            s["max_dynamic_pressure_kpa"] >= lim.max_dynamic_pressure_kpa * 0.99,
            ""
            if s["max_dynamic_pressure_kpa"] <= lim.max_dynamic_pressure_kpa * 1.001
            else "EXCEEDED",
        ),
        Constraint(
            "max_axial_load",
            s["max_axial_load_g"],
            lim.max_axial_load_g,
            "g",
            s["max_axial_load_g"] >= lim.max_axial_load_g * 0.999 or s["min_throttle"] < 1.0,
            _axial_note(traj, lim.max_axial_load_g),
        ),
    ]
    fair = traj.event("fairing_jettison")
    if fair is not None and v.fairing.jettison == "heat_flux":
        out.append(
            Constraint(
                "fairing_heat_flux",
                v.fairing.heat_flux_limit_W_m2,
                v.fairing.heat_flux_limit_W_m2,
                "W/m2",
                True,
                f"fairing jettisoned at T+{fair.time:.1f} s when 0.5 rho v^3 fell to the limit",
            )
        )
    return tuple(out)


AXIAL_TOL = 1e-3
"""Relative excess of the recorded axial load over the limit still counted as held, the
trajectory's series is the kernel's state re-evaluated with the exact geodesy and atmosphere
(about 1e-6 g apart); 1e-3 leaves room and is far below a real excess (>= 0.01 g)."""


def _axial_note(traj: Trajectory, limit: float) -> str:
    """Empty if the axial limit holds; otherwise EXCEEDED with why throttling did not hold it."""
    a = traj.axial_load
    i = int(np.argmax(a))
    if a[i] <= limit * (1.0 + AXIAL_TOL):
        held = np.any(traj.throttle < 1.0)
        return "held by throttling the engines down" if held else ""
    why = "at minimum throttle" if traj.throttle[i] < 1.0 - 1e-9 else "engines not throttleable"
    return f"EXCEEDED ({why})"


def max_payload_for_mission(mission, wind=None) -> PerformanceResult:
    """Maximum payload to a mission's target; the mission's payload is the requested one."""
    from baiterek.flight.simulate import orbit_target

    req = mission.mission.payload_kg or None
    info = mission.target.model_dump(exclude_none=True)
    info["inclination_deg"] = math.degrees(mission.inclination)
    info["heading"] = mission.heading
    if mission.mission.upper_stage:
        info["upper_stage"] = mission.mission.upper_stage
    target = orbit_target(mission)
    dogleg = mission.target.dogleg and abs(mission.launch_inclination - mission.inclination) > 1e-9
    res = max_payload(
        mission.mission.vehicle,
        mission.mission.site,
        target,
        requested_payload_kg=req,
        wind=wind if wind is not None else mission.wind_profile(),
        target_info=info,
        launch_time_utc=mission.mission.launch_time_utc,
        launch_inclination=mission.launch_inclination if dogleg else None,
        upper_stage_id=mission.mission.upper_stage,
    )
    if dogleg:  # the penalty against flying the corridor's own inclination directly
        direct = max_payload(
            mission.mission.vehicle,
            mission.mission.site,
            G.OrbitTarget(
                target.radius,
                0.0,
                target.semi_major_axis,
                mission.launch_inclination,
                target.heading,
                target.argument_of_perigee,
            ),
            initial_payload_kg=res.payload_kg,
        )
        note = (
            f"dog-leg: launched in the corridor at {math.degrees(mission.launch_inclination):.2f} deg "
            f"and yawed to {math.degrees(mission.inclination):.2f} deg after the first separation; "
            f"payload penalty {direct.payload_kg - res.payload_kg:.0f} kg against "
            f"{direct.payload_kg:.0f} kg direct; later stages fall off the corridor's drop zones"
        )
        info["dogleg_penalty_kg"] = direct.payload_kg - res.payload_kg
        info["dogleg_launch_inclination_deg"] = math.degrees(mission.launch_inclination)
        object.__setattr__(res, "notes", (*res.notes, note))
    object.__setattr__(res, "provenance", provenance(mission.to_dict()))
    object.__setattr__(res.trajectory, "provenance", res.provenance)
    return res
