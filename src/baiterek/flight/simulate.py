"""Fly a mission: guidance solution, recorded ascent, events, insertion orbit.

``fly(mission)`` is the public entry point; ``simulate(...)`` flies given guidance parameters;
``fly_batch(...)`` flies many trajectories at once (Monte Carlo) and returns their final states.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from baiterek import catalog
from baiterek.constants import G0, MU_EARTH, OMEGA_EARTH
from baiterek.earth.geodesy import geodetic_to_ecef
from baiterek.errors import ConvergenceError, InfeasibleError, InputError
from baiterek.flight import _kernel as K
from baiterek.flight import _packing as P
from baiterek.flight import guidance as G
from baiterek.flight.azimuth import refine_azimuth, solution_azimuth, with_azimuth
from baiterek.flight.configuration import (
    FlownConfiguration,
    configure_sequence,
    configure_vehicle,
    cutoff_angle_target,
)
from baiterek.flight.iip import iip_events_ecef
from baiterek.flight.sequence import FlightSequence, build_sequence
from baiterek.flight.trajectory import Event, InsertionOrbit, Trajectory, derive_series
from baiterek.kepler import state_to_elements
from baiterek.provenance import provenance

_STATUS = {
    K.STATUS_CUTOFF: "inserted",
    K.STATUS_DEPLETED: "depleted",
    K.STATUS_CRASHED: "crashed",
    K.STATUS_END_TIME: "stopped",
}


def initial_state(site, liftoff_mass: float) -> np.ndarray:
    """State on the pad at liftoff in the launch frame: [r, v, m] (m, m/s, kg)."""
    r0 = geodetic_to_ecef(site.latitude, site.longitude, site.altitude_m)
    v0 = np.cross(np.array([0.0, 0.0, OMEGA_EARTH]), r0)
    return np.concatenate([r0, v0, [liftoff_mass]])


def orbit_target(mission) -> G.OrbitTarget:
    rp, ra = mission.perigee_radius, mission.apogee_radius
    w = mission.target.argument_of_perigee_deg
    return G.OrbitTarget(
        rp,
        0.0,
        0.5 * (rp + ra),
        mission.inclination,
        mission.heading,
        None if w is None else math.radians(w),
    )


@dataclass(frozen=True)
class Setup:
    """A guidance problem built from catalog items and a target (no results inside)."""

    vehicle: catalog.Vehicle
    site: catalog.Site
    sequence: FlightSequence
    problem: G.Problem


def setup(
    vehicle_id: str,
    site_id: str,
    payload_kg: float,
    target: G.OrbitTarget,
    wind=None,
    upper_stage_id: str | None = None,
    launch_inclination: float | None = None,
    configuration: FlownConfiguration | None = None,
) -> Setup:
    """A guidance problem. ``launch_inclination`` (rad) sets the launch azimuth when it differs
    from the target's (a dog-leg: the closed-loop guidance yaws to the target plane);
    ``configuration`` is how this flight is flown (``flight.configuration``)."""
    vehicle = catalog.vehicle(vehicle_id)
    if configuration is not None and not configuration.empty:
        vehicle = configure_vehicle(vehicle, configuration)
    if upper_stage_id:
        vehicle = catalog.stacked(vehicle, catalog.upper_stage(upper_stage_id))
    site = catalog.site(site_id)
    seq = build_sequence(vehicle, payload_kg)
    if configuration is not None and not configuration.empty:
        seq = configure_sequence(seq, vehicle, configuration)
    s0 = initial_state(site, seq.liftoff_mass)
    az = G.launch_azimuth(
        site.latitude,
        target.inclination if launch_inclination is None else launch_inclination,
        target.heading,
        orbit_speed=math.sqrt(MU_EARTH / target.radius),
    )
    problem = G.Problem(seq, s0, target, az, vehicle.guidance.pitch_over_speed_m_s, wind)
    if configuration is not None and not configuration.empty:
        problem.cutoff_angle = cutoff_angle_target(vehicle, configuration, seq.closed_loop_start)
    return Setup(vehicle, site, seq, problem)


def solve_guidance(
    st: Setup, kick_guess: float | None = None, steer_azimuth: bool = True
) -> G.GuidanceSolution:
    """Guidance parameters for a setup (a converged solution).

    With ``steer_azimuth`` the kick azimuth is solved too (``flight.azimuth``: yaw steering from
    liftoff, the largest cutoff mass over the azimuth); its ``prm`` carries it. With a configured
    ``cutoff_flight_path_angle_deg`` (``problem.cutoff_angle``) the kick is the one that gives that
    angle at the stage's cutoff (solved again at the steered azimuth), not the mass-optimal one.

    For a user's mission a payload beyond reach is the answer to the request: InfeasibleError,
    with the velocity missing. No trajectory closes: ConvergenceError.
    """
    g = st.vehicle.guidance
    kick_min, kick_max = math.radians(g.kick_min_deg), math.radians(g.kick_max_deg)
    if st.problem.cutoff_angle is not None:  # a lofted stage: the kick is set by the angle
        sol = _solve_lofted(st.problem, kick_min, kick_max)
        if steer_azimuth and sol.status == "converged":
            # the azimuth of the largest cutoff mass, then the kick again for the angle there
            az = solution_azimuth(refine_azimuth(st.problem, sol))
            sol = _solve_lofted(with_azimuth(st.problem, az), kick_min, kick_max)
        steer_azimuth = False
    else:
        sol = G.solve(st.problem, kick_min, kick_max, kick_guess=kick_guess)
    if sol.status == "too_heavy":
        v_circ = math.sqrt(MU_EARTH / st.problem.target.radius)
        dv = sol.energy_deficit / v_circ
        raise InfeasibleError(
            f"payload {st.sequence.payload_mass:.0f} kg is too heavy for {st.vehicle.id} to reach "
            f"this orbit: the last stage runs dry about {dv:.0f} m/s short of the insertion "
            "velocity (see `baiterek performance` for the maximum payload)",
            {"velocity_shortfall_m_s": round(dv, 1)},
        )
    if steer_azimuth:
        sol = refine_azimuth(st.problem, sol)
    return sol


def _solve_lofted(problem: G.Problem, kick_min: float, kick_max: float) -> G.GuidanceSolution:
    """The solution whose kick gives the configured flight-path angle at the stage's cutoff
    (``problem.cutoff_angle``; an angle no kick reaches: InputError, ``G.configured_kick``)."""
    kick = G.configured_kick(problem, kick_min, kick_max)
    return G.solve(problem, kick, kick, n_scan=1)


GUIDANCE_CYCLE_S = 20.0
"""Closed loop: the vacuum law is solved again from the flown state every this many seconds."""
GUIDANCE_FREEZE_S = 20.0
"""No re-solution in the last seconds before the predicted cutoff (as PEG freezes its terminal phase)."""


def simulate(
    st: Setup, prm: np.ndarray, launch_time_utc: str, guidance_info=None, closed_loop: bool = True
) -> Trajectory:
    """Fly the whole ascent and record it.

    ``prm`` holds the pitch program and the vacuum law solved at closed-loop start. With
    ``closed_loop`` the vacuum law is solved again from the flown state every
    ``GUIDANCE_CYCLE_S`` (warm-started); on a nominal flight each update confirms the law. Each
    leg and each re-solution restarts from the recorded state, time and throttle lag (closed-loop
    cycles are on real time; staging on the burn clock, see ``flight.sequence``).
    """
    seq = st.sequence
    t_max = seq.max_duration  # throttling stretches the burns: at most to the minimum throttle
    n_max = int(t_max / P.DT_ATMO) + 4 * len(seq.seg_start) + len(seq.timed_drops) + 64
    n_max += int(t_max / GUIDANCE_CYCLE_S) + 8
    rec_t = np.zeros(n_max)
    rec_s = np.zeros((n_max, 7))
    rec_u = np.zeros((n_max, 3))
    rec_seg = np.zeros(n_max, np.int64)
    rec_k = np.zeros((n_max, 2))  # throttle factor, throttle lag
    ev = np.full(K.N_EVENTS, np.nan)
    md = st.problem.model
    prm = np.array(prm, float)

    def leg(s, t, mode, fair, armed, lag, t_stop, start):
        rec = (rec_t[start:], rec_s[start:], rec_u[start:], rec_seg[start:], rec_k[start:])
        return md.run_one(s, t, mode, fair, armed, prm, t_stop, rec, ev, lag)

    t_cl = seq.closed_loop_start
    status, tf, sf, nrec, mode, fair, armed, lag = leg(
        st.problem.s0, 0.0, K.MODE_VERTICAL, True, False, 0.0, t_cl if closed_loop else np.inf, 0
    )
    updates = 0
    skipped = 0
    t_cut_pred = np.inf
    while status == K.STATUS_END_TIME:
        if t_cut_pred - tf > GUIDANCE_FREEZE_S:
            lam = prm[K.P_LAM : K.P_LAM + 3]
            lamdot = prm[K.P_LAMDOT : K.P_LAMDOT + 3]
            p0 = G.law_parameters(sf, lam + lamdot * (tf - prm[K.P_T_CLOSED_LOOP]), lamdot)
            try:
                sol = st.problem.solve_vacuum(sf, tf, fair, armed, p0, lag=lag)
            except ConvergenceError:
                sol = None
            if sol is not None and sol.status == "converged":
                # the vacuum law and its start time (the pitch program is flown already)
                prm[K.P_T_CLOSED_LOOP :] = sol.prm[K.P_T_CLOSED_LOOP :]
                t_cut_pred = sol.cutoff_time
                updates += 1
            else:
                skipped += 1  # no better law from here: keep flying the current one
        stop = (
            tf + GUIDANCE_CYCLE_S
            if t_cut_pred - tf > GUIDANCE_FREEZE_S + GUIDANCE_CYCLE_S
            else np.inf
        )
        # each leg starts by re-recording the point where the previous one stopped
        status, tf, sf, n_leg, mode, fair, armed, lag = leg(
            sf, tf, K.MODE_VACUUM_LAW, fair, armed, lag, stop, nrec - 1
        )
        nrec += n_leg - 1
    if nrec >= n_max:
        raise RuntimeError(f"ascent record full ({n_max} samples): raise n_max")  # a bug
    t = rec_t[:nrec]
    series = derive_series(
        t,
        rec_s[:nrec],
        rec_u[:nrec],
        seq.seg_thrust_vac,
        seq.seg_exit_area,
        rec_seg[:nrec],
        seq.mach_table,
        seq.cd_table,
        seq.reference_area,
        rec_k[:nrec, 0],
    )
    events = _events(st, t, series, ev, status, rec_k[:nrec, 1], rec_seg[:nrec])
    insertion = _insertion(sf, float(tf), launch_time_utc) if status == K.STATUS_CUTOFF else None
    info = dict(guidance_info or {})
    info["closed_loop_updates"] = updates
    info["closed_loop_updates_skipped"] = skipped
    info["throttle_lag_s"] = float(lag)
    return Trajectory(
        vehicle_id=st.vehicle.id,
        site_id=st.site.id,
        payload_mass=seq.payload_mass,
        launch_time_utc=launch_time_utc,
        status=_STATUS.get(int(status), "unknown"),
        time=t,
        position=rec_s[:nrec, :3].copy(),
        velocity=rec_s[:nrec, 3:6].copy(),
        events=events,
        insertion=insertion,
        guidance=info,
        **series,
    )


def fly(mission, wind=None) -> Trajectory:
    """Solve the guidance for a mission and fly it. Raises InfeasibleError when out of reach."""

    if mission.mission.payload_kg is None:
        raise InputError("mission.payload_kg", None, "a payload mass in kg (fly needs one)")
    if mission.mission.upper_stage:
        raise InputError(
            "mission.upper_stage",
            mission.mission.upper_stage,
            "no upper stage in `fly` (it flies the ascent to insertion); upper-stage transfers are "
            "flown by `baiterek performance`",
        )
    st = setup(
        mission.mission.vehicle,
        mission.mission.site,
        mission.mission.payload_kg,
        orbit_target(mission),
        wind if wind is not None else mission.wind_profile(),
        launch_inclination=mission.launch_inclination,
        configuration=FlownConfiguration.from_section(mission.configuration),
    )
    sol = solve_guidance(st)
    info = {
        "launch_azimuth_deg": math.degrees(float(sol.prm[K.P_AZIMUTH])),
        "pitch_over_kick_deg": math.degrees(sol.kick),
        "pitch_over_speed_m_s": st.problem.pitch_over_speed,
        "closed_loop_start_s": st.sequence.closed_loop_start,
        "kick_evaluations": sol.iterations,
    }
    traj = simulate(st, sol.prm, mission.mission.launch_time_utc, info)
    return dataclasses.replace(traj, provenance=provenance(mission.to_dict()))


def fly_batch(st: Setup, prm: np.ndarray, s0: np.ndarray | None = None, model=None):
    """Fly n trajectories at once: ``prm`` (n, N_PARAMS), ``s0`` (n, 7) or the nominal pad state,
    ``model`` a batched ``_packing.Model`` (n samples, e.g. ``st.problem.model.dispersed(n,
    ...)``) or the setup's nominal one.

    Returns (status (n,), cutoff time (n,), final state (n, 7)); no time series are kept.
    """
    md = st.problem.model if model is None else model
    prm = np.atleast_2d(np.asarray(prm, float))
    n = max(prm.shape[0], md.n_samples)
    s0 = np.repeat(st.problem.s0[None, :], n, 0) if s0 is None else np.atleast_2d(s0)
    status, tf, sf, *_ = md.run_batch(s0, 0.0, K.MODE_VERTICAL, True, False, prm, np.inf)
    return status, tf, sf


def _at(t, series, name, when):
    return float(np.interp(when, t, series[name]))


def _events(st: Setup, t, series, ev, status, lag, segments) -> tuple[Event, ...]:
    """The event table. Staging events (ignition, cutoff, separation) are planned on the burn
    clock ``t - lag`` and placed in real time through the recorded lag (exact: the kernel records
    every segment boundary); timed jettisons, closed-loop start and payload separation (cutoff +
    delay) are on real time; the others are located states."""
    seq = st.sequence
    t_end = float(t[-1])
    tau = t - lag
    items: list[tuple[float, str]] = [
        (float(np.interp(e_t, tau, t)), n) for e_t, n in seq.events if e_t <= tau[-1] + 1e-6
    ]
    items += [(when, name) for when, _, name in seq.timed_drops if when <= t_end + 1e-6]
    items += _throttle_events(st, t, series, segments)
    items += iip_events_ecef(t, series["position_ecef"], series["velocity_ecef"])  # hook: IIP
    alt0 = series["altitude"][0]
    above = np.nonzero(series["altitude"] - alt0 > st.vehicle.guidance.tower_height_m)[0]
    if above.size:
        k = int(above[0])
        h0, h1 = series["altitude"][k - 1] - alt0, series["altitude"][k] - alt0
        frac = (st.vehicle.guidance.tower_height_m - h0) / (h1 - h0)
        items.append((float(t[k - 1] + frac * (t[k] - t[k - 1])), "tower_clear"))
    names = {K.EV_PITCH_OVER: "pitch_over_start", K.EV_GRAVITY_TURN: "gravity_turn_start"}
    for idx, name in names.items():
        if np.isfinite(ev[idx]):
            items.append((float(ev[idx]), name))
    if np.isfinite(ev[K.EV_FAIRING]):
        items.append((float(ev[K.EV_FAIRING]), "fairing_jettison"))
    items.append((float(t[int(np.argmax(series["dynamic_pressure"]))]), "max_q"))
    axial = series["axial_load"]  # first sample at the maximum (a plateau when throttled)
    items.append(
        (float(t[int(np.argmax(axial >= np.max(axial) * (1.0 - 1e-6)))]), "max_axial_load")
    )
    if seq.closed_loop_start <= t_end:
        items.append((seq.closed_loop_start, "closed_loop_guidance_start"))
    if status == K.STATUS_CUTOFF:
        tc = float(ev[K.EV_CUTOFF])
        items.append((tc, f"{seq.last_stage}_cutoff"))
        items.append((tc, "orbit_insertion"))
        sep = st.vehicle.stages[-1].separation_delay_s
        items.append((tc + sep, "payload_separation"))
    out = []
    for when, name in sorted(items, key=lambda x: x[0]):
        w = min(when, t_end)
        # after the last record (payload separation, a coast after cutoff) the engines are off
        # in vacuum: the sensed axial load is zero, not the thrusting value at cutoff
        coasting = when > t_end + 1e-9
        out.append(
            Event(
                name=name,
                time=when,
                altitude=_at(t, series, "altitude", w),
                speed_relative=_at(t, series, "speed_relative", w),
                dynamic_pressure=_at(t, series, "dynamic_pressure", w),
                axial_load=0.0 if coasting else _at(t, series, "axial_load", w),
            )
        )
    return tuple(out)


def _throttle_events(st: Setup, t, series, segments) -> list[tuple[float, str]]:
    """``<stage>_throttle_down``: when each stage first throttled down to hold the axial limit.

    Located between samples where the axial load at full (nominal) throttle crosses the limit.
    """
    seq = st.sequence
    k = series["throttle"]
    throttled = k < 1.0 - 1e-9
    if not np.any(throttled):
        return []
    limit = st.vehicle.limits.max_axial_load_g
    m = series["mass"]
    full = series["axial_load"] + (1.0 - k) * seq.seg_thrust_vac[segments] / (m * G0)
    out: list[tuple[float, str]] = []
    done: set[str] = set()
    for i in np.nonzero(throttled)[0]:
        for name in seq.seg_stages[segments[i]]:
            if name in done:
                continue
            done.add(name)
            when = float(t[i])
            if i > 0 and segments[i - 1] == segments[i] and full[i] != full[i - 1]:
                frac = (limit - full[i - 1]) / (full[i] - full[i - 1])
                when = float(t[i - 1] + min(max(frac, 0.0), 1.0) * (t[i] - t[i - 1]))
            out.append((when, f"{name}_throttle_down"))
    return out


def _insertion(sf: np.ndarray, t_cut: float, launch_time_utc: str) -> InsertionOrbit:
    from baiterek.earth import frames
    from baiterek.earth import time as T

    liftoff = T.to_time(launch_time_utc)
    el_l = state_to_elements(sf[:3], sf[3:6])
    gmst = math.radians(float(liftoff.gmst) * 15.0)
    r_g, v_g = frames.launch_frame_to_gcrs(liftoff, sf[:3], sf[3:6])
    epoch = T.offset_time(liftoff, t_cut)
    return InsertionOrbit(
        epoch_utc=T.utc_iso(epoch, 3),
        time=t_cut,
        semi_major_axis=float(el_l.a),
        eccentricity=float(el_l.e),
        inclination=float(el_l.i),
        raan=float((el_l.raan + gmst) % (2 * math.pi)),
        argument_of_perigee=float(el_l.argp),
        true_anomaly=float(el_l.nu),
        raan_launch_frame=float(el_l.raan),
        argument_of_latitude=float((el_l.argp + el_l.nu) % (2 * math.pi)),
        mass=float(sf[6]),
        position_gcrs=np.asarray(r_g, float),
        velocity_gcrs=np.asarray(v_g, float),
    )
