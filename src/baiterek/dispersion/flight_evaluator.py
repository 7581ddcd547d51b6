"""The dispersed flight in the Monte Carlo: ``FlightEvaluator(mission)``, the kernel in one batch.

Named :data:`KERNEL_OPEN_LOOP` in every document: the nominal guidance is solved once (pitch-over
kick and vacuum law, ``flight.simulate.solve_guidance``) and every sample flies those nominal
parameters through the compiled kernel (``flight._packing.Model.run_batch``), all samples of a
chunk in ONE batched call. The kernel cuts off at the target specific energy, so performance
scatter becomes cutoff-time scatter and a small orbit spread; the steering is the nominal vacuum
law, open loop: re-targeting in flight (closed loop in the compiled batch, issue 12 item 2) is
NOT in it, so the orbit spread is larger than a closed-loop vehicle's.

Mapping of the drawn :class:`~baiterek.dispersion.sampling.Dispersions` onto the kernel model
(per sample; the segments are rebuilt from the dispersed stage events, see ``_segments``):

- ``thrust_scale`` of a stage: its vacuum thrust and mass flow times the factor (Isp kept); the
  same usable propellant then burns in ``burn / thrust_scale`` (a hotter stage burns out sooner);
- ``isp_scale``: its thrust times the factor at the same mass flow (burn time unchanged);
- ``propellant_scale``: ``dP = load x (scale - 1)`` kg more at liftoff (start mass ``s0``) and a
  burn longer by ``dP / mdot`` (mdot the dispersed flow); residuals kept at nominal;
- ``dry_mass_scale``: ``dM = dry x count x (scale - 1)`` kg more at liftoff and in the mass dropped
  at its separation (the last stage keeps it to cutoff: less margin);
- ``ignition_offset_s`` (+ = later): a stage lit after another's cutoff ignites that much later
  (its cutoff and separation follow); a stage lit at liftoff burns that much longer (it lit later
  on the pad, so it lifts off with ``mdot x offset`` kg more and cuts off later);
- ``separation_offset_s`` (+ = later): the separation (mass drop) of a lower stage is later; for
  the last stage it moves only the payload separation (``payload_separation_time_s``);
- ``drag_scale``, ``density_scale``: factors on Cd and on the air density (``Model.dispersed``);
- ``wind_speed`` / ``wind_azimuth`` (toward, from north): one constant vector added at every
  altitude row of the mission's profile (calm: rows 0 and 100 km), one profile per sample;
- ``nav_error`` (radial, along, cross of the cutoff state; m, then m/s): added to the cutoff
  state before the elements (the navigation's knowledge error becomes an orbit error);
- ``body_dv``: the separation delta-v of each jettisoned body, added to its separation state
  (``dispersion.flight_bodies``; ``bodies=False`` skips the falls).

Outputs (1-D, the keys of the stand-in): ``status`` (0 orbit, 1 last stage depleted short of the
target energy, 2 crashed, failed, or a drawn sequence broken: a lower-stage event after the last
cutoff), the elements (``raan_deg`` is GCRS-like: launch-frame node plus
Greenwich sidereal angle at liftoff, unwrapped around the nominal), the insertion state in GCRS
(``insertion.r_x_m`` ...), ``cutoff_time_s`` (real time), ``propellant_margin_kg`` (last-stage
usable propellant left at cutoff: flow x burn-clock time to its planned depletion) and
``payload_separation_time_s``, and ``body.<name>.latitude_deg`` / ``longitude_deg`` (geodetic, deg)
of every jettisoned body. Rows depend only on their own sample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from baiterek.constants import WGS84_A
from baiterek.dispersion.flight_bodies import body_impacts, rsw_axes

if TYPE_CHECKING:
    from baiterek.dispersion.sampling import Dispersions
    from baiterek.mission import Mission

KERNEL_OPEN_LOOP = "kernel, open-loop vacuum law with energy cutoff"
OK, DEPLETED, FAILED = 0, 1, 2
CALM_WIND_TOP_M = 100e3
"""Top row of the profile that carries a dispersed wind when the mission has none, m."""


@dataclass(frozen=True, slots=True)
class _Nominal:
    """What every chunk reuses: the setup, the solved parameters and the stage-event tables."""

    setup: Any  # flight.simulate.Setup
    prm: np.ndarray  # (N_PARAMS,) solved guidance
    thrust: np.ndarray  # (S,) N, per stage (all units)
    flow: np.ndarray  # (S,) kg/s main + auxiliary
    area: np.ndarray  # (S,) m2 exit area
    min_throttle: np.ndarray  # (S,) ratio
    burn: np.ndarray  # (S,) s usable burn
    load: np.ndarray  # (S,) kg propellant loaded (all units)
    dry: np.ndarray  # (S,) kg (all units)
    residual: np.ndarray  # (S,) kg dropped with the dry mass
    sep_delay: np.ndarray  # (S,) s cutoff to separation
    ign_ref: np.ndarray  # (S,) index of the stage whose cutoff lights it (-1: liftoff)
    ign_delay: np.ndarray  # (S,) s after that cutoff
    gmst: float  # rad, Greenwich sidereal angle at liftoff
    liftoff: Any  # earth.time Time
    raan_nominal: float  # rad, nominal node (GCRS-like), for unwrapping


def _build(mission_dict: dict[str, Any]) -> _Nominal:
    from baiterek.earth import time as T
    from baiterek.flight import _kernel as K
    from baiterek.flight.simulate import fly_batch, orbit_target, setup, solve_guidance
    from baiterek.mission import mission_from_dict
    from baiterek.orbit.elements import state_to_elements

    m = mission_from_dict(mission_dict)
    payload = m.mission.payload_kg
    if payload is None:
        from baiterek import catalog

        payload = catalog.vehicle(m.mission.vehicle).reference_payload_kg
    from baiterek.flight.configuration import FlownConfiguration

    st = setup(m.mission.vehicle, m.mission.site, payload, orbit_target(m), m.wind_profile(),
               launch_inclination=m.launch_inclination,
               configuration=FlownConfiguration.from_section(m.configuration))  # fmt: skip
    sol = solve_guidance(st)
    stages = st.vehicle.stages
    names = [s.name for s in stages]
    ref = np.array([-1 if s.ignition == "liftoff" else names.index(str(s.ignition_after_cutoff_of))
                    for s in stages])  # fmt: skip
    liftoff = T.to_time(m.mission.launch_time_utc)
    gmst = math.radians(float(liftoff.gmst) * 15.0)
    status, _, sf = fly_batch(st, sol.prm)
    if status[0] != K.STATUS_CUTOFF:
        raise RuntimeError("the nominal open-loop flight does not reach the target energy")  # bug
    el = state_to_elements(sf[:, :3], sf[:, 3:6])
    return _Nominal(
        setup=st,
        prm=np.asarray(sol.prm, float),
        thrust=np.array([s.thrust_vac for s in stages]),
        flow=np.array([s.mass_flow + s.auxiliary_flow for s in stages]),
        area=np.array([s.exit_area for s in stages]),
        min_throttle=np.array([min(1.0, s.engine.throttle_min / s.throttle) for s in stages]),
        burn=np.array([s.usable_burn_time for s in stages]),
        load=np.array([s.propellant_mass_kg * s.count for s in stages]),
        dry=np.array([s.dry_mass_kg * s.count for s in stages]),
        residual=np.array(
            [
                (s.propellant_mass_kg - s.mass_flow_unit * s.usable_burn_time) * s.count
                for s in stages
            ]
        ),  # fmt: skip
        sep_delay=np.array([s.separation_delay_s for s in stages]),
        ign_ref=ref,
        ign_delay=np.array(
            [s.ignition_offset_s if s.ignition != "liftoff" else 0.0 for s in stages]
        ),  # fmt: skip
        gmst=gmst,
        liftoff=liftoff,
        raan_nominal=float(el.raan[0]) + gmst,
    )


def stage_events(nom: _Nominal, d: Dispersions) -> tuple[np.ndarray, ...]:
    """Dispersed (ignition, cutoff, separation) times (n, S) on the burn clock, the per-stage
    thrust and flow factors, and the extra liftoff mass (n,) kg."""
    n, ns = d.n, len(nom.burn)
    ts, isp = np.asarray(d.thrust_scale), np.asarray(d.isp_scale)
    flow = nom.flow * ts
    d_prop = nom.load * (np.asarray(d.propellant_scale) - 1.0)
    d_dry = nom.dry * (np.asarray(d.dry_mass_scale) - 1.0)
    ign_off = np.asarray(d.ignition_offset_s)
    burn = nom.burn / ts + d_prop / flow
    ign = np.zeros((n, ns))
    cut = np.zeros((n, ns))
    extra = d_prop.sum(1) + d_dry.sum(1)
    for k in range(ns):  # stages are in firing order (catalog): a reference precedes its user
        if nom.ign_ref[k] < 0:
            burn[:, k] += ign_off[:, k]  # lit later on the pad: more propellant at liftoff
            extra += flow[:, k] * ign_off[:, k]
        else:
            ign[:, k] = cut[:, nom.ign_ref[k]] + nom.ign_delay[k] + ign_off[:, k]
        cut[:, k] = ign[:, k] + burn[:, k]
    sep = cut + nom.sep_delay + np.asarray(d.separation_offset_s)
    return ign, cut, sep, ts * isp, ts, extra, d_dry


def _segments(nom: _Nominal, d: Dispersions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-sample segment table ``(n, N_SEG_ROWS, E)``, liftoff mass offsets (n,) kg and the
    samples whose drawn sequence is broken (n,) bool: a lower-stage event after the last stage's
    cutoff (a separation that never happens in flight). Those are flown with their events held
    at that cutoff, only to keep the batch valid, and reported as failed by the evaluator.

    Edges are liftoff and every stage event up to the last cutoff (lower-stage ignitions after
    liftoff, cutoffs, separations), sorted per sample: coinciding events at the nominal (a hot
    staging) give zero-length segments, so a dispersed sample can order them either way (a coast,
    or both stages burning) with the same number of segments.
    """
    from baiterek.flight import _kernel as K

    ign, cut, sep, f_thrust, f_flow, extra, d_dry = stage_events(nom, d)
    n, ns = ign.shape
    cols, drop = [], []
    for k in range(ns):
        if nom.ign_ref[k] >= 0:
            cols.append(ign[:, k])
            drop.append(np.zeros(n))
        cols.append(cut[:, k])
        drop.append(np.zeros(n))
        if k < ns - 1:
            cols.append(sep[:, k])
            drop.append(nom.dry[k] + d_dry[:, k] + nom.residual[k])
    ev = np.column_stack(cols)
    broken = np.any(ev > cut[:, -1:], axis=1)
    ev = np.where(broken[:, None], np.minimum(ev, cut[:, -1:]), ev)
    dm = np.column_stack(drop)
    order = np.argsort(ev, axis=1, kind="stable")
    edges = np.concatenate([np.zeros((n, 1)), np.take_along_axis(ev, order, 1)], axis=1)
    drops = np.concatenate([np.zeros((n, 1)), np.take_along_axis(dm, order, 1)], axis=1)[:, :-1]
    start, end = edges[:, :-1], edges[:, 1:]
    mid = 0.5 * (start + end)
    burning = (ign[:, None, :] <= mid[:, :, None]) & (mid[:, :, None] < cut[:, None, :])  # n,E,S
    zero_len = end <= start
    # a zero-length segment: thrust of the stages lit exactly there (never integrated)
    burning |= (
        zero_len[:, :, None]
        & (ign[:, None, :] <= start[:, :, None])
        & (start[:, :, None] < cut[:, None, :])
    )
    segs = np.zeros((n, K.N_SEG_ROWS, start.shape[1]))
    segs[:, K.SEG_THRUST] = np.einsum("nes,ns->ne", burning, nom.thrust * f_thrust)
    segs[:, K.SEG_MASS_FLOW] = np.einsum("nes,ns->ne", burning, nom.flow * f_flow)
    segs[:, K.SEG_EXIT_AREA] = burning @ nom.area
    segs[:, K.SEG_START] = start
    segs[:, K.SEG_END] = end
    segs[:, K.SEG_DROP] = drops
    segs[:, K.SEG_MIN_THROTTLE] = np.max(np.where(burning, nom.min_throttle, 0.0), 2)
    segs[:, K.SEG_MIN_THROTTLE] = np.where(burning.any(2), segs[:, K.SEG_MIN_THROTTLE], 1.0)
    return segs, extra, broken


def dispersed_model(nom: _Nominal, d: Dispersions) -> tuple[Any, np.ndarray, np.ndarray]:
    """The batched kernel model of ``d``, the start states (n, 7) and the broken samples (n,)."""
    from baiterek.flight import _kernel as K
    from baiterek.flight._packing import Model

    base = nom.setup.problem.model
    segs, extra, broken = _segments(nom, d)
    east = np.asarray(d.wind_speed) * np.sin(d.wind_azimuth)
    north = np.asarray(d.wind_speed) * np.cos(d.wind_azimuth)
    w0 = base.wind[0]
    if w0.shape[1] == 0:
        w0 = np.array([[0.0, CALM_WIND_TOP_M], [0.0, 0.0], [0.0, 0.0]])
    wind = np.repeat(w0[None], d.n, 0)
    wind[:, K.WIND_EAST] += east[:, None]
    wind[:, K.WIND_NORTH] += north[:, None]
    misc = np.repeat(base.misc, d.n, 0)
    misc[:, K.MISC_DRAG_SCALE] = d.drag_scale
    misc[:, K.MISC_DENSITY_SCALE] = d.density_scale
    model = Model(segs, base.aero, misc, wind, base.drops)
    s0 = np.repeat(nom.setup.problem.s0[None, :], d.n, 0)
    s0[:, 6] += extra
    return model, s0, broken


class FlightEvaluator:
    """``evaluate(dispersions, sample_indices) -> dict`` through the kernel (see the module).

    Picklable: only the mission mapping travels; the nominal guidance is solved lazily in the
    process that first evaluates (deterministic, so every worker gets the same one).
    """

    name = KERNEL_OPEN_LOOP

    def __init__(self, mission: Mission | dict[str, Any], bodies: bool = True):
        self.mission = mission if isinstance(mission, dict) else mission.to_dict()
        self.bodies = bodies
        self._nominal: _Nominal | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"mission": self.mission, "bodies": self.bodies}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.mission = state["mission"]
        self.bodies = state["bodies"]
        self._nominal = None

    @property
    def nominal(self) -> _Nominal:
        if self._nominal is None:
            self._nominal = _build(self.mission)
        return self._nominal

    def __call__(self, d: Dispersions, sample_indices: np.ndarray) -> dict[str, np.ndarray]:
        from baiterek.earth import frames
        from baiterek.flight import _kernel as K
        from baiterek.orbit.elements import state_to_elements

        nom = self.nominal
        model, s0, broken = dispersed_model(nom, d)
        prm = np.repeat(nom.prm[None, :], d.n, 0)
        status, tf, sf, _, _, _, ev, lag = model.run_batch(
            s0, 0.0, K.MODE_VERTICAL, True, False, prm, np.inf
        )
        ok = (status == K.STATUS_CUTOFF) & ~broken
        code = np.where(ok, OK, np.where((status == K.STATUS_DEPLETED) & ~broken, DEPLETED, FAILED))
        nan = np.where(ok, 1.0, np.nan)
        r, v = sf[:, :3].copy(), sf[:, 3:6].copy()
        e_r, e_a, e_c = rsw_axes(r, v)
        nav = np.asarray(d.nav_error)
        r += nav[:, 0:1] * e_r + nav[:, 1:2] * e_a + nav[:, 2:3] * e_c
        v += nav[:, 3:4] * e_r + nav[:, 4:5] * e_a + nav[:, 5:6] * e_c
        el = state_to_elements(r, v)
        raan = el.raan + nom.gmst
        raan = nom.raan_nominal + np.mod(raan - nom.raan_nominal + np.pi, 2 * np.pi) - np.pi
        segs = model.segs
        flow_last = segs[:, K.SEG_MASS_FLOW, -1]
        margin = flow_last * (segs[:, K.SEG_END, -1] - (tf - lag))
        r_g, v_g = frames.launch_frame_to_gcrs(nom.liftoff, r, v)
        sep_last = nom.sep_delay[-1] + np.asarray(d.separation_offset_s)[:, -1]
        out = {
            "status": code.astype(np.int8),
            "cutoff_time_s": tf * nan,
            "propellant_margin_kg": margin * nan,
            "payload_separation_time_s": (tf + sep_last) * nan,
            "perigee_km": (el.a * (1 - el.e) - WGS84_A) / 1e3 * nan,
            "apogee_km": (el.a * (1 + el.e) - WGS84_A) / 1e3 * nan,
            "inclination_deg": np.degrees(el.i) * nan,
            "raan_deg": np.degrees(raan) * nan,
            "argument_of_perigee_deg": np.degrees(el.argp) * nan,
            "semi_major_axis_km": el.a / 1e3 * nan,
            "eccentricity": el.e * nan,
        }
        for k, ax in enumerate("xyz"):
            out[f"insertion.r_{ax}_m"] = r_g[:, k] * nan
        for k, ax in enumerate("xyz"):
            out[f"insertion.v_{ax}_m_s"] = v_g[:, k] * nan
        if self.bodies:
            sep = stage_events(nom, d)[2]
            out.update(body_impacts(nom, d, model, s0, prm, sep, ev[:, K.EV_FAIRING]))
        return out
