"""Maximum payload to an orbit, with the margin against a requested payload.

Direct ascent: the payload is solved together with the vacuum guidance law, as one Newton system
per pitch-over kick (the last stage reaches the target exactly at depletion of its usable
propellant; ``performance.depletion``), and the kick is the one with the largest payload. The
trajectory handed over carries that payload less ``DIRECT_MARGIN_KG`` and is cut off by energy
like every flight.

With an upper stage the margin is the stage's propellant left after the transfer burns from the
parking orbit: for a given payload the guidance to the parking orbit is solved and the transfer
flown; beyond reach the margin is continued below zero by the propellant the missing velocity
would need (rocket equation), and regula falsi (Illinois) converges on zero margin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from baiterek import catalog
from baiterek.constants import MU_EARTH
from baiterek.errors import ConvergenceError, InfeasibleError
from baiterek.flight import guidance as G
from baiterek.flight.simulate import setup, simulate
from baiterek.flight.trajectory import Trajectory
from baiterek.flight.transfer import TransferTooHeavy, fly_transfer, parking_state
from baiterek.performance import depletion as D
from baiterek.provenance import provenance

PAYLOAD_TOL_KG = 3.0
"""With an upper stage the maximum payload is solved to this tolerance, kg."""
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
):
    """(margin kg, setup, guidance solution or None, transfer or None) for one payload.

    With an upper stage the ascent goes to a circular parking orbit at the target's perigee
    radius, and the margin is the upper-stage propellant left after the transfer burns.
    """
    ascent_target = target
    if upper is not None:
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
        if upper is not None:  # the transfer's velocity is missing too
            ra = 2.0 * target.semi_major_axis - target.radius
            v_p = math.sqrt(MU_EARTH * (2 / target.radius - 2 / (target.radius + ra)))
            dv += v_p - math.sqrt(MU_EARTH / target.radius)
        return -m_end * (math.exp(dv / ve) - 1.0), st, None, None
    if upper is None:
        return sol.cutoff_mass - seq.unusable_mass(sol.cutoff_time, sol.fairing_on), st, sol, None
    status, tf, sf, _, fair, _, _, lag = st.problem.model.run_batch(
        st.problem.s0, 0.0, 0, True, False, sol.prm, np.inf
    )
    ra = 2.0 * target.semi_major_axis - target.radius
    us = catalog.upper_stage(upper)
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
) -> PerformanceResult:
    """The largest payload that reaches ``target`` from ``site_id`` on ``vehicle_id``.

    A direct ascent solves the payload with the guidance in one Newton system per kick
    (``performance.depletion``); with an upper stage the payload is searched on the propellant
    left after the transfer. ``initial_payload_kg`` (and, with an upper stage, ``kick_guess``,
    rad) only speed it up (e.g. from the neighbouring point of a curve); the result does not
    depend on them.
    """
    v = catalog.vehicle(vehicle_id)
    start = v.reference_payload_kg * (0.3 if upper_stage_id else 1.0)
    p_start = float(initial_payload_kg or requested_payload_kg or start)
    info = target_info or {}
    if upper_stage_id is None:
        payload, st, sol, evals = _direct_maximum(
            vehicle_id, site_id, target, p_start, wind, launch_inclination
        )
        transfer = None
    else:
        payload, st, sol, transfer, evals = _upper_stage_maximum(
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
        notes=(),
        transfer=transfer,
        provenance=provenance({"vehicle": vehicle_id, "site": site_id, "target": info}),
    )


def _direct_maximum(vehicle_id, site_id, target, p_start, wind, launch_inclination):
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
        )
    except ConvergenceError:
        best = None
    if best is None or best.payload < DIRECT_MARGIN_KG:
        m0 = _margin(vehicle_id, site_id, 0.0, target, None, wind, None, launch_inclination)[0]
        if m0 < 0.0:
            raise InfeasibleError(
                f"{vehicle_id} cannot reach this orbit from {site_id} even without payload"
                + ("" if best is None else f" (short by about {-best.payload:,.0f} kg)"),
                {"payload_kg": 0.0},
            )
        if best is None:
            raise ConvergenceError(f"no maximum payload found for {vehicle_id} to this orbit")
    for back_off in (DIRECT_MARGIN_KG, 10.0 * DIRECT_MARGIN_KG):
        payload = max(best.payload - back_off, 0.0)
        st = setup(vehicle_id, site_id, payload, target, wind, None, launch_inclination)
        t_g, s_g, fair, armed, lag = D.closed_loop_start(st.problem, best.kick)
        try:
            cl = st.problem.solve_vacuum(s_g, t_g, fair, armed, best.params, lag=lag)
        except (G._TooHeavy, ConvergenceError):
            continue
        prm = cl.prm.copy()
        prm[1] = best.kick
        sol = G.GuidanceSolution(
            best.kick, prm, float(cl.cutoff_state[6]), cl.iterations, cl.cutoff_time, cl.params,
            cl.fairing_on, cl.cutoff_lag,
        )  # fmt: skip
        return payload, st, sol, best.evaluations
    raise ConvergenceError(
        f"the guidance does not close at {best.payload:,.0f} kg, the maximum payload it found"
    )


def _upper_stage_maximum(
    vehicle_id, site_id, target, p_start, kick_guess, wind, upper_stage_id, launch_inclination
):
    """(payload, setup, solution, transfer, evaluations) with an upper stage.

    The margin is the upper stage's propellant left after the transfer burns, so the payload is
    found by regula falsi on it, one guidance solution to the parking orbit per trial payload.
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
            s["max_dynamic_pressure_kpa"] >= lim.max_dynamic_pressure_kpa * 0.999,
            "" if s["max_dynamic_pressure_kpa"] <= lim.max_dynamic_pressure_kpa else "EXCEEDED",
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
