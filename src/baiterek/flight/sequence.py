"""Compile a vehicle and a payload into a flight sequence: flat arrays the kernels read.

The flight is cut into segments at every staging event (ignition, cutoff, separation). Inside a
segment the propulsion is constant at its nominal throttle (thrust, mass flow, exit area), except
that the kernel may throttle the burning engines down to hold the axial-acceleration limit, never
below the segment's ``seg_min_throttle`` (a ratio to the nominal throttle; 1 = cannot throttle);
at the start of a segment a mass may be dropped (the stages that separate then).

Two clocks. Segment times (``seg_start``, ``seg_end``, the staging ``events``) are on the *burn
clock* ``t - L``, where the throttle lag ``L`` is the time lost to throttling so far (the kernel
integrates ``dL/dt = 1 - k`` for a throttle factor ``k``): a throttled stage burns longer and a
segment ends when its planned propellant is used. Without throttling the two clocks agree.
Pure-time items stay on real time ``t``: items jettisoned at a fixed time (``timed_drops``: the
``jettisons`` and a fairing jettisoned by time) and the start of closed-loop guidance. The
fairing, when its jettison follows the heat-flux rule, is dropped by a state event in the kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from baiterek.catalog.vehicles import Vehicle
from baiterek.constants import G0


@dataclass(frozen=True)
class FlightSequence:
    """Everything the kernels need about the vehicle, as arrays (SI)."""

    vehicle_id: str
    payload_mass: float
    liftoff_mass: float
    seg_start: np.ndarray  # (K,) s
    seg_end: np.ndarray  # (K,) s
    seg_thrust_vac: np.ndarray  # (K,) N
    seg_mass_flow: np.ndarray  # (K,) kg/s (main + auxiliary propellant)
    seg_exit_area: np.ndarray  # (K,) m^2
    seg_drop: np.ndarray  # (K,) kg dropped at segment start
    seg_min_throttle: np.ndarray  # (K,) lowest throttle / nominal throttle (1: not throttleable)
    seg_stages: tuple[tuple[str, ...], ...]  # (K,) names of the stages burning in each segment
    timed_drops: tuple[tuple[float, float, str], ...]  # (real time s, mass kg, event name)
    max_axial_acceleration: float  # m/s^2, sensed along the body axis (limit held by throttling)
    fairing_mode: int  # 1: heat-flux rule in the kernel; 0: dropped at a fixed time (in seg_drop)
    fairing_mass: float
    fairing_flux_limit: float
    closed_loop_start: float  # s, start of the vacuum guidance law
    reference_area: float
    mach_table: np.ndarray
    cd_table: np.ndarray
    events: tuple[tuple[float, str], ...]  # staging events (burn-clock time s, name)
    last_stage: str

    @property
    def burnout_time(self) -> float:
        """Depletion of the last stage (less its reserve) on the burn clock, s (real time when
        nothing was throttled; later by the throttle lag otherwise)."""
        return float(self.seg_end[-1])

    @property
    def max_duration(self) -> float:
        """Upper bound of the real time to burnout: every segment at its minimum throttle, s."""
        return float(np.sum((self.seg_end - self.seg_start) / self.seg_min_throttle))

    def unusable_mass(self, t: float, fairing_on: bool) -> float:
        """Mass aboard at real time ``t`` in the last segment other than the last stage's usable
        propellant, kg: everything left at its planned burnout (payload, last-stage dry mass,
        reserve and residuals), plus what is still attached at ``t`` (items jettisoned later by
        time, the heat-flux fairing if ``fairing_on``).

        Planned burnout mass = liftoff - drops - propellant burnt on plan (flow x duration of
        each segment): exact whatever the throttle history, since throttling changes when the
        propellant burns, not how much.
        """
        burnt = float(np.sum(self.seg_mass_flow * (self.seg_end - self.seg_start)))
        timed = sum(m for _, m, _ in self.timed_drops)
        m = self.liftoff_mass - float(np.sum(self.seg_drop)) - timed - burnt
        m -= self.fairing_mass if self.fairing_mode == 1 else 0.0
        m += sum(mass for when, mass, _ in self.timed_drops if when > t + 1e-9)
        m += self.fairing_mass if self.fairing_mode == 1 and fairing_on else 0.0
        return m


def stage_times(vehicle: Vehicle) -> dict[str, tuple[float, float, float]]:
    """(ignition, cutoff, separation) times of each stage, s from liftoff."""
    out: dict[str, tuple[float, float, float]] = {}
    for s in vehicle.stages:
        if s.ignition == "liftoff":
            t_ign = 0.0
        else:
            t_ign = out[s.ignition_after_cutoff_of][1] + s.ignition_offset_s
        t_cut = t_ign + s.usable_burn_time
        out[s.name] = (t_ign, t_cut, t_cut + s.separation_delay_s)
    return out


def build_sequence(vehicle: Vehicle, payload_mass: float) -> FlightSequence:
    """Segments, mass drops and events of a vehicle carrying ``payload_mass`` kg."""
    times = stage_times(vehicle)
    last = vehicle.stages[-1].name
    t_end = times[last][1]
    events: list[tuple[float, str]] = [(0.0, "liftoff")]
    drops: dict[float, float] = {}
    timed: list[tuple[float, float, str]] = []
    for s in vehicle.stages:
        t_ign, t_cut, t_sep = times[s.name]
        if t_ign > 0:
            events.append((t_ign, f"{s.name}_ignition"))
        if s.name != last:
            events.append((t_cut, f"{s.name}_cutoff"))
            events.append((t_sep, f"{s.name}_separation"))
            residual = (s.propellant_mass_kg - s.mass_flow_unit * s.usable_burn_time) * s.count
            drops[t_sep] = drops.get(t_sep, 0.0) + s.dry_mass_kg * s.count + residual
    for j in vehicle.jettisons:
        timed.append((j.time_s, j.mass_kg, j.name.replace(" ", "_") + "_jettison"))
    if vehicle.fairing.jettison == "time":
        timed.append((vehicle.fairing.time_s, vehicle.fairing.mass_kg, "fairing_jettison"))

    bounds = {0.0, t_end}
    for s in vehicle.stages:
        bounds.update(t for t in times[s.name] if t <= t_end)
    bounds.update(t for t in drops if t <= t_end)
    edges = np.array(sorted(bounds))
    k = len(edges) - 1
    thrust = np.zeros(k)
    flow = np.zeros(k)
    area = np.zeros(k)
    drop = np.zeros(k)
    min_throttle = np.ones(k)
    burning: list[tuple[str, ...]] = []
    for i in range(k):
        mid = 0.5 * (edges[i] + edges[i + 1])
        names, ratios = [], []
        for s in vehicle.stages:
            t_ign, t_cut, _ = times[s.name]
            if t_ign <= mid < t_cut:
                thrust[i] += s.thrust_vac
                flow[i] += s.mass_flow + s.auxiliary_flow
                area[i] += s.exit_area
                names.append(s.name)
                # a stage whose engine cannot go below its nominal throttle holds the segment at 1
                ratios.append(min(1.0, s.engine.throttle_min / s.throttle))
        min_throttle[i] = max(ratios, default=1.0)
        burning.append(tuple(names))
        drop[i] = drops.get(float(edges[i]), 0.0)
    aero = vehicle.aerodynamics
    return FlightSequence(
        vehicle_id=vehicle.id,
        payload_mass=float(payload_mass),
        liftoff_mass=vehicle.dry_liftoff_mass + float(payload_mass),
        seg_start=edges[:-1].copy(),
        seg_end=edges[1:].copy(),
        seg_thrust_vac=thrust,
        seg_mass_flow=flow,
        seg_exit_area=area,
        seg_drop=drop,
        seg_min_throttle=min_throttle,
        seg_stages=tuple(burning),
        timed_drops=tuple(sorted(timed)),
        max_axial_acceleration=vehicle.limits.max_axial_load_g * G0,
        fairing_mode=1 if vehicle.fairing.jettison == "heat_flux" else 0,
        fairing_mass=vehicle.fairing.mass_kg,
        fairing_flux_limit=vehicle.fairing.heat_flux_limit_W_m2,
        closed_loop_start=times[vehicle.guidance.closed_loop_after_separation_of][2],
        reference_area=aero.reference_area,
        mach_table=np.array(aero.mach, float),
        cd_table=np.array(aero.cd, float),
        events=tuple(sorted(events)),
        last_stage=last,
    )
