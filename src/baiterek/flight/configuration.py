"""A flown configuration: how one flight was (or will be) flown, as a change of the catalog data.

A mission file's ``[configuration]`` table states what a particular flight did differently from
the catalog vehicle, without editing the catalog:

```toml
[configuration]
cutoff_s = { stage1 = 145.0 }        # MECO at T+145 s: the rest stays aboard as reserve
throttle = { stage2 = 0.9 }          # a constant throttle (ratio to the engine's rated thrust)
throttle_profile = { stage1 = [[48.0, 0.7], [68.0, 0.94]] }   # (T+ s, throttle) from then on
ignition_s = { stage2 = 156.0 }      # T+ s
separation_s = { stage1 = 148.0 }    # T+ s
fairing_jettison_s = 190.0           # by time instead of the heat-flux rule
fairing = false                      # flown without a fairing (a capsule with its own nose)
cutoff_flight_path_angle_deg = { stage1 = 45.0 }   # a lofted booster (kept for its return)
```

Stages are named as in the vehicle file. Everything is applied to the data the kernel reads, so
the guidance (and its vacuum loop) is untouched and still steers the flight to its orbit:

- ``configure_vehicle``: the stage and fairing entries of the catalog vehicle (cutoff = burn
  time from ignition, throttle, ignition offset, separation delay, fairing by time). A stage cut
  off early keeps the propellant it did not burn and drops it at separation (``sequence`` counts
  it in the stage's residual).
- ``configure_sequence``: the throttle profile (segments split at each row's time, thrust and
  mass flow of that stage scaled; the cutoff time stays, so what a throttle-down did not burn
  stays aboard as reserve and is dropped with the stage) and the flight without a fairing.

- ``cutoff_flight_path_angle_deg``: the Earth-relative flight-path angle (geocentric, as the
  trajectory's ``flight_path_angle``) at a stage's cutoff, for a stage cut off before closed-loop
  guidance starts. The pitch-over kick is then solved for that angle instead of for the largest
  cutoff mass (``guidance.kick_for_cutoff_angle``): a booster that keeps propellant for its
  return flies a lofted trajectory that the mass-optimal one is not. The vacuum guidance still
  steers the rest of the flight to the orbit.
A profile's times are on the burn clock of ``flight.sequence`` (= time from liftoff unless the
axial-load limit throttled the engines). The last stage's burn is cut by the guidance, so a
throttle profile for it is refused (a constant ``throttle`` and a planned ``cutoff_s``, i.e. a
planned reserve, are accepted). Every mistake is an ``InputError`` naming the key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import ValidationError

from baiterek.catalog.vehicles import Vehicle
from baiterek.errors import InputError
from baiterek.flight.sequence import FlightSequence, stage_times

Rows = tuple[tuple[float, float], ...]
"""Throttle-profile rows: (time s, throttle)."""

_TIME_EPS = 1e-6
"""s: two profile rows or a cutoff closer than this to an edge are taken as equal."""


@dataclass(frozen=True, slots=True)
class FlownConfiguration:
    """How a flight is flown (SI: s from liftoff, throttle ratios to the engine's rated thrust).

    Mappings are keyed by the vehicle's stage names; ``throttle_profile`` rows are
    (time s, throttle) pairs in increasing time, each holding until the next one.
    """

    cutoff: Mapping[str, float] = field(default_factory=dict)
    throttle: Mapping[str, float] = field(default_factory=dict)
    throttle_profile: Mapping[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    ignition: Mapping[str, float] = field(default_factory=dict)
    separation: Mapping[str, float] = field(default_factory=dict)
    fairing_jettison: float | None = None
    fairing: bool = True
    cutoff_flight_path_angle: Mapping[str, float] = field(default_factory=dict)  # rad

    @property
    def empty(self) -> bool:
        """True when the configuration changes nothing."""
        return self == FlownConfiguration()

    @classmethod
    def from_section(cls, section: Any) -> FlownConfiguration:
        """From a mission file's ``[configuration]`` table (``mission.ConfigurationSection``)."""
        if section is None:
            return cls()
        return cls(
            cutoff=dict(section.cutoff_s or {}),
            throttle=dict(section.throttle or {}),
            throttle_profile={
                k: tuple((float(t), float(v)) for t, v in rows)
                for k, rows in (section.throttle_profile or {}).items()
            },
            ignition=dict(section.ignition_s or {}),
            separation=dict(section.separation_s or {}),
            fairing_jettison=section.fairing_jettison_s,
            fairing=section.fairing,
            cutoff_flight_path_angle={
                k: float(np.radians(v))
                for k, v in (section.cutoff_flight_path_angle_deg or {}).items()
            },
        )


def _stage_key(vehicle: Vehicle, key: str, name: str) -> None:
    names = [s.name for s in vehicle.stages]
    if name not in names:
        raise InputError(f"configuration.{key}.{name}", name, f"a stage of {vehicle.id}: "
                         + ", ".join(names))  # fmt: skip


def _time(key: str, value: float) -> None:
    if not np.isfinite(value) or value < 0.0:
        raise InputError(key, value, "a time in seconds from liftoff, >= 0")


def configure_vehicle(vehicle: Vehicle, cfg: FlownConfiguration) -> Vehicle:
    """The catalog vehicle with the configuration's stage and fairing entries applied (checked).

    Raises InputError naming the key for an unknown stage, a negative time, a cutoff after the
    stage's propellant runs out (with that limit), a throttle outside the engine's range, a
    separation before cutoff or an ignition that comes before the stage it follows ignites.
    """
    if cfg.empty:
        return vehicle
    for key, table in (("cutoff_s", cfg.cutoff), ("throttle", cfg.throttle),
                       ("throttle_profile", cfg.throttle_profile), ("ignition_s", cfg.ignition),
                       ("separation_s", cfg.separation),
                       ("cutoff_flight_path_angle_deg", cfg.cutoff_flight_path_angle)):  # fmt: skip
        for name in table:
            _stage_key(vehicle, key, name)
    data = vehicle.model_dump()
    stages = {s["name"]: s for s in data["stages"]}
    for name, k in cfg.throttle.items():
        eng = vehicle.stage(name).engine
        if not (eng.throttle_min - 1e-9 <= k <= eng.throttle_max + 1e-9):
            raise InputError(f"configuration.throttle.{name}", k,
                             f"{eng.throttle_min:g} to {eng.throttle_max:g} ({eng.name})")  # fmt: skip
        stages[name]["throttle"] = k
    for name, t in cfg.ignition.items():
        _time(f"configuration.ignition_s.{name}", t)
        st = vehicle.stage(name)
        if st.ignition == "liftoff":
            raise InputError(f"configuration.ignition_s.{name}", t,
                             "no ignition time: this stage ignites at liftoff")  # fmt: skip
    # ignition offsets and burn times follow the stage order (each stage's times are known
    # once the stages before it are configured)
    times: dict[str, tuple[float, float]] = {}
    for st in vehicle.stages:
        s = stages[st.name]
        if st.ignition == "liftoff":
            t_ign = 0.0
        else:
            prev = st.ignition_after_cutoff_of or ""
            t_prev_ign, t_prev_cut = times[prev]
            if st.name in cfg.ignition:
                t_ign = cfg.ignition[st.name]
                if t_ign <= t_prev_ign:
                    raise InputError(f"configuration.ignition_s.{st.name}", t_ign,
                                     f"after the ignition of {prev} (T+{t_prev_ign:.1f} s)")  # fmt: skip
                s["ignition_offset_s"] = t_ign - t_prev_cut
            else:
                t_ign = t_prev_cut + float(s["ignition_offset_s"])
        k = float(s["throttle"])
        t_dry = t_ign + _depletion_time(vehicle, st.name, k)
        if st.name in cfg.cutoff:
            t_cut = cfg.cutoff[st.name]
            key = f"configuration.cutoff_s.{st.name}"
            _time(key, t_cut)
            if t_cut <= t_ign + _TIME_EPS:
                raise InputError(key, t_cut, f"after the stage's ignition (T+{t_ign:.1f} s)")
            if t_cut > t_dry + _TIME_EPS:
                raise InputError(key, t_cut, f"at most T+{t_dry:.1f} s: the stage's propellant "
                                 f"runs out then (at throttle {k:g})")  # fmt: skip
            s["burn_time_s"] = t_cut - t_ign
        elif s.get("burn_time_s") is not None and t_ign + float(s["burn_time_s"]) > t_dry + 1e-6:
            raise InputError(f"configuration.throttle.{st.name}", k,
                             f"a throttle the stage can hold to its catalog cutoff at T+"
                             f"{t_ign + float(s['burn_time_s']):.1f} s (or give cutoff_s)")  # fmt: skip
        t_cut = t_ign + (float(s["burn_time_s"]) if s.get("burn_time_s") else
                         _usable_time(vehicle, st.name, k))  # fmt: skip
        times[st.name] = (t_ign, t_cut)
        if st.name in cfg.separation:
            t_sep = cfg.separation[st.name]
            key = f"configuration.separation_s.{st.name}"
            _time(key, t_sep)
            if t_sep < t_cut - _TIME_EPS:
                raise InputError(key, t_sep, f"at or after the stage's cutoff (T+{t_cut:.1f} s)")
            s["separation_delay_s"] = max(0.0, t_sep - t_cut)
    if cfg.fairing_jettison is not None:
        _time("configuration.fairing_jettison_s", cfg.fairing_jettison)
        if not cfg.fairing:
            raise InputError("configuration.fairing_jettison_s", cfg.fairing_jettison,
                             "no jettison time with fairing = false")  # fmt: skip
        data["fairing"]["jettison"] = "time"
        data["fairing"]["time_s"] = cfg.fairing_jettison
    data["stages"] = [stages[s.name] for s in vehicle.stages]
    try:
        out = Vehicle.model_validate(data)
    except ValidationError as exc:  # a combination the catalog's own checks refuse
        raise InputError("configuration", "(table)", exc.errors()[0]["msg"]) from None
    _check_profiles(out, cfg)
    return out


def _depletion_time(vehicle: Vehicle, name: str, throttle: float) -> float:
    """Burn time of a stage's whole main propellant at a throttle, s."""
    st = vehicle.stage(name)
    flow_unit = st.engine.mass_flow * st.engines_per_unit * throttle
    return st.propellant_mass_kg / flow_unit


def _usable_time(vehicle: Vehicle, name: str, throttle: float) -> float:
    """Burn time to depletion less the stage's reserve at a throttle, s (``Stage.usable_burn_time``)."""
    st = vehicle.stage(name)
    return _depletion_time(vehicle, name, throttle) * (1.0 - st.reserve_fraction)


def _check_profiles(vehicle: Vehicle, cfg: FlownConfiguration) -> None:
    times = stage_times(vehicle)
    last = vehicle.stages[-1].name
    for name, rows in cfg.throttle_profile.items():
        key = f"configuration.throttle_profile.{name}"
        if name == last:
            raise InputError(key, "(rows)", "a stage other than the last: the guidance cuts the "
                             f"last stage ({last}) off; give it a constant throttle instead")  # fmt: skip
        if not rows:
            raise InputError(key, "[]", "rows of [time_s, throttle]")
        eng = vehicle.stage(name).engine
        t_ign, t_cut, _ = times[name]
        prev = -np.inf
        for t, k in rows:
            _time(key, t)
            if t <= prev:
                raise InputError(key, t, "row times increasing")
            if not (t_ign - _TIME_EPS <= t < t_cut - _TIME_EPS):
                raise InputError(key, t, f"a time within the stage's burn, T+{t_ign:.1f} to "
                                 f"{t_cut:.1f} s")  # fmt: skip
            if not (eng.throttle_min - 1e-9 <= k <= eng.throttle_max + 1e-9):
                raise InputError(key, k, f"a throttle from {eng.throttle_min:g} to "
                                 f"{eng.throttle_max:g} ({eng.name})")  # fmt: skip
            prev = t
        st = vehicle.stage(name)
        burnt = _profile_burn(st.throttle, rows, t_ign, t_cut) * st.mass_flow / st.throttle
        loaded = st.propellant_mass_kg * st.count
        if burnt > loaded * (1.0 + 1e-9):
            raise InputError(key, "(rows)", f"a profile that burns at most the {loaded:,.0f} kg "
                             f"loaded (this one burns {burnt:,.0f} kg by T+{t_cut:.1f} s)")  # fmt: skip


def _profile_burn(k0: float, rows: Rows, t_ign: float, t_cut: float) -> float:
    """Integral of the throttle over the burn, throttle x s (``k0`` until the first row)."""
    edges = [t_ign, *[t for t, _ in rows], t_cut]
    ks = [k0, *[k for _, k in rows]]
    return float(sum(k * (b - a) for k, a, b in zip(ks, edges[:-1], edges[1:], strict=True)))


def configure_sequence(
    seq: FlightSequence, vehicle: Vehicle, cfg: FlownConfiguration
) -> FlightSequence:
    """The sequence of a configured vehicle with the throttle profiles and the fairing choice.

    ``vehicle`` is the configured one (``configure_vehicle``). Each profile row starts a segment;
    the stage's thrust and mass flow are scaled in the segments it burns in, its minimum throttle
    ratio follows, and the propellant a throttle-down leaves is added to what the stage drops at
    its separation. Without a fairing, its mass leaves the liftoff mass and nothing is dropped.
    """
    if cfg.throttle_profile:
        seq = _with_profiles(seq, vehicle, cfg.throttle_profile)
    if not cfg.fairing:
        seq = dataclasses.replace(
            seq,
            liftoff_mass=seq.liftoff_mass - seq.fairing_mass,
            fairing_mode=0,
            fairing_mass=0.0,
            timed_drops=tuple(d for d in seq.timed_drops if d[2] != "fairing_jettison"),
        )
    return seq


def _with_profiles(
    seq: FlightSequence, vehicle: Vehicle, profiles: Mapping[str, Rows]
) -> FlightSequence:
    times = stage_times(vehicle)
    cuts = sorted({float(t) for rows in profiles.values() for t, _ in rows})
    start, end = list(seq.seg_start), list(seq.seg_end)
    cols = {n: list(getattr(seq, n)) for n in ("seg_thrust_vac", "seg_mass_flow",
                                               "seg_exit_area", "seg_drop")}  # fmt: skip
    stages = list(seq.seg_stages)
    for t in cuts:  # split the segment holding t (no split at an existing edge)
        i = next((j for j in range(len(start)) if start[j] + _TIME_EPS < t < end[j] - _TIME_EPS),
                 None)  # fmt: skip
        if i is None:
            continue
        start.insert(i + 1, t)
        end.insert(i, t)
        for n, c in cols.items():
            c.insert(i + 1, 0.0 if n == "seg_drop" else c[i])
        stages.insert(i + 1, stages[i])
    k_seg = np.array(start, float)
    thrust = np.array(cols["seg_thrust_vac"])
    flow = np.array(cols["seg_mass_flow"])
    drop = np.array(cols["seg_drop"])
    min_thr = np.ones(len(start))
    for i in range(len(start)):
        mid = 0.5 * (start[i] + end[i])
        ratios = []
        for name in stages[i]:
            st = vehicle.stage(name)
            k = _throttle_at(st.throttle, profiles.get(name, ()), mid)
            thrust[i] += (k / st.throttle - 1.0) * st.thrust_vac
            flow[i] += (k / st.throttle - 1.0) * st.mass_flow
            ratios.append(min(1.0, st.engine.throttle_min / k))
        min_thr[i] = max(ratios, default=1.0)
    for name, rows in profiles.items():
        st = vehicle.stage(name)
        t_ign, t_cut, t_sep = times[name]
        kept = (t_cut - t_ign) - _profile_burn(st.throttle, rows, t_ign, t_cut) / st.throttle
        j = int(np.argmin(np.abs(k_seg - t_sep)))
        drop[j] += kept * st.mass_flow  # unburnt by the throttle-down: dropped with the stage
    return dataclasses.replace(
        seq,
        seg_start=np.array(start, float),
        seg_end=np.array(end, float),
        seg_thrust_vac=thrust,
        seg_mass_flow=flow,
        seg_exit_area=np.array(cols["seg_exit_area"]),
        seg_drop=drop,
        seg_min_throttle=min_thr,
        seg_stages=tuple(stages),
    )


def _throttle_at(k0: float, rows: Rows, t: float) -> float:
    k = k0
    for when, value in rows:
        if t >= when:
            k = value
    return k


def unburnt_propellant(vehicle: Vehicle, cfg: FlownConfiguration) -> dict[str, float]:
    """Propellant per unit that each stage but the last keeps by this configuration, kg.

    What a stage drops at separation beyond the catalog flight's residual: the reserve an early
    ``cutoff_s`` leaves (or a constant throttle changes), plus what a throttle profile did not
    burn (as ``configure_sequence`` drops it). ``vehicle`` is the catalog one; zero for a stage
    the configuration leaves alone. The last stage is cut off by the guidance: not counted.
    """
    out = {s.name: 0.0 for s in vehicle.stages[:-1]}
    if cfg.empty:
        return out
    flown = configure_vehicle(vehicle, cfg)
    times = stage_times(flown)
    for name in out:
        a, b = vehicle.stage(name), flown.stage(name)
        left = b.propellant_mass_kg - b.mass_flow_unit * b.usable_burn_time
        out[name] = left - (a.propellant_mass_kg - a.mass_flow_unit * a.usable_burn_time)
        rows = cfg.throttle_profile.get(name)
        if rows:
            t_ign, t_cut, _ = times[name]
            out[name] += ((t_cut - t_ign) - _profile_burn(b.throttle, rows, t_ign, t_cut)
                          / b.throttle) * b.mass_flow_unit  # fmt: skip
    return out


def cancelled_events(cfg: FlownConfiguration) -> frozenset[str]:
    """Ascent events the catalog flight has and this configuration removes (no fairing: its
    jettison)."""
    return frozenset() if cfg.fairing else frozenset({"fairing_jettison"})


def cutoff_angle_target(
    vehicle: Vehicle, cfg: FlownConfiguration, closed_loop_start: float
) -> tuple[str, float, float] | None:
    """(stage, cutoff time s, flight-path angle rad) of ``cutoff_flight_path_angle_deg``, or None.

    ``vehicle`` is the configured one. One stage at most, cut off before closed-loop guidance
    starts (the kick shapes only the atmospheric phase); else InputError naming the key.
    """
    table = cfg.cutoff_flight_path_angle
    if not table:
        return None
    if len(table) > 1:
        raise InputError("configuration.cutoff_flight_path_angle_deg", ", ".join(table),
                         "one stage (the kick sets one angle)")  # fmt: skip
    ((name, angle),) = table.items()
    key = f"configuration.cutoff_flight_path_angle_deg.{name}"
    _stage_key(vehicle, "cutoff_flight_path_angle_deg", name)
    t_cut = stage_times(vehicle)[name][1]
    if not t_cut < closed_loop_start - _TIME_EPS:
        raise InputError(key, round(float(np.degrees(angle)), 6),
                         f"a stage cut off before closed-loop guidance starts (T+"
                         f"{closed_loop_start:.1f} s); {name} is cut off at T+{t_cut:.1f} s")  # fmt: skip
    return name, float(t_cut), float(angle)
