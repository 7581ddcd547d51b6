"""Compile a vehicle and a payload into a flight sequence: flat arrays the kernels read.

The flight is cut into segments at every fixed-time event (ignition, cutoff, separation,
jettison). Inside a segment the propulsion is constant (thrust, mass flow, exit area); at the
start of a segment a mass may be dropped (the stages that separate then). The fairing, when its
jettison follows the heat-flux rule, is dropped by an event inside the kernel instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from baiterek.catalog.vehicles import Vehicle


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
    fairing_mode: int  # 1: heat-flux rule in the kernel; 0: dropped at a fixed time (in seg_drop)
    fairing_mass: float
    fairing_flux_limit: float
    closed_loop_start: float  # s, start of the vacuum guidance law
    reference_area: float
    mach_table: np.ndarray
    cd_table: np.ndarray
    events: tuple[tuple[float, str], ...]  # fixed-time events (time s, name)
    last_stage: str

    @property
    def burnout_time(self) -> float:
        """Depletion time of the last stage (less its reserve), s."""
        return float(self.seg_end[-1])


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
        events.append((j.time_s, j.name.replace(" ", "_") + "_jettison"))
        drops[j.time_s] = drops.get(j.time_s, 0.0) + j.mass_kg
    if vehicle.fairing.jettison == "time":
        events.append((vehicle.fairing.time_s, "fairing_jettison"))
        drops[vehicle.fairing.time_s] = (
            drops.get(vehicle.fairing.time_s, 0.0) + vehicle.fairing.mass_kg
        )

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
    for i in range(k):
        mid = 0.5 * (edges[i] + edges[i + 1])
        for s in vehicle.stages:
            t_ign, t_cut, _ = times[s.name]
            if t_ign <= mid < t_cut:
                thrust[i] += s.thrust_vac
                flow[i] += s.mass_flow + s.auxiliary_flow
                area[i] += s.exit_area
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
