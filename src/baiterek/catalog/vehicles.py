"""Launch vehicles as data: stages, engines, fairing, aerodynamics, published events (schema).

A vehicle is a data file, not a subclass. Every number carries its source in the TOML file.
Per-unit values (mass, thrust) are multiplied by ``count`` (e.g. the four Soyuz boosters).

Timing model: a stage ignites at liftoff or at a fixed offset from the cutoff of another stage
(negative offset = hot staging), burns at a constant throttle, cuts off after ``burn_time_s``
(or at depletion of its usable propellant for the last stage, unless guidance cuts it off),
and separates ``separation_delay_s`` after cutoff. Propellant not burnt by the cutoff stays in
the stage (residuals) and leaves with it.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from baiterek.catalog.bodies import JettisonedBody
from baiterek.catalog.separation import SeparationData
from baiterek.constants import G0, P0_SEA_LEVEL
from baiterek.errors import InputError

_ID = r"^[a-z0-9]+(-[a-z0-9.]+)*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Engine(_Frozen):
    """One engine unit (all chambers of one unit together)."""

    name: str
    thrust_vac_kN: float = Field(gt=0)
    isp_vac_s: float = Field(gt=0)
    thrust_sl_kN: float | None = Field(default=None, gt=0)
    isp_sl_s: float | None = Field(default=None, gt=0)
    throttle_min: float = Field(default=1.0, gt=0, le=1.2)
    throttle_max: float = Field(default=1.0, gt=0, le=1.2)
    source: str

    @model_validator(mode="after")
    def _check(self) -> Engine:
        if self.thrust_sl_kN is not None and self.thrust_sl_kN > self.thrust_vac_kN:
            raise ValueError("thrust_sl_kN must not exceed thrust_vac_kN")
        if self.throttle_min > self.throttle_max:
            raise ValueError("throttle_min must not exceed throttle_max")
        return self

    @property
    def mass_flow(self) -> float:
        """Propellant mass flow at full thrust, kg/s (from vacuum thrust and Isp)."""
        return self.thrust_vac_kN * 1e3 / (self.isp_vac_s * G0)

    @property
    def exit_area(self) -> float:
        """Effective nozzle exit area, m^2: F_sl = F_vac - p0 * A_e (0 for vacuum-only engines)."""
        if self.thrust_sl_kN is None:
            return 0.0
        return (self.thrust_vac_kN - self.thrust_sl_kN) * 1e3 / P0_SEA_LEVEL


class Stage(_Frozen):
    """A stage or a group of identical boosters burning together."""

    name: str
    count: int = Field(default=1, ge=1)
    dry_mass_kg: float = Field(gt=0, description="per unit, at separation without propellant")
    propellant_mass_kg: float = Field(gt=0, description="per unit, main propellant loaded")
    auxiliary_propellant_kg: float = Field(
        default=0.0, ge=0, description="per unit, consumed over the burn without thrust (e.g. H2O2)"
    )
    engine: Engine
    engines_per_unit: int = Field(default=1, ge=1)
    throttle: float = Field(default=1.0, gt=0, le=1.2, description="nominal constant throttle")
    ignition: Literal["liftoff", "after"] = "liftoff"
    ignition_after_cutoff_of: str | None = None
    ignition_offset_s: float = 0.0
    burn_time_s: float | None = Field(default=None, gt=0)
    separation_delay_s: float = Field(default=0.0, ge=0)
    max_burns: int = Field(
        default=1, ge=1, description="ignitions in flight: > 1 lets the stage coast and restart"
    )
    reserve_fraction: float = Field(
        default=0.01, ge=0, lt=0.2, description="propellant kept unusable (last stage)"
    )
    source: str

    @model_validator(mode="after")
    def _check(self) -> Stage:
        if self.ignition == "after" and not self.ignition_after_cutoff_of:
            raise ValueError("ignition = 'after' needs ignition_after_cutoff_of")
        if self.burn_time_s is not None:
            burnt = self.mass_flow_unit * self.burn_time_s
            if burnt > self.propellant_mass_kg * 1.0005:
                raise ValueError(
                    f"stage {self.name}: burn_time_s x mass flow = {burnt:.0f} kg exceeds "
                    f"propellant_mass_kg = {self.propellant_mass_kg:.0f} kg"
                )
        return self

    @property
    def mass_flow_unit(self) -> float:
        """Mass flow of one unit at the nominal throttle, kg/s."""
        return self.engine.mass_flow * self.engines_per_unit * self.throttle

    @property
    def mass_flow(self) -> float:
        """Main propellant mass flow of all units, kg/s (the flow that makes thrust)."""
        return self.mass_flow_unit * self.count

    @property
    def auxiliary_flow(self) -> float:
        """Auxiliary propellant flow of all units over the burn, kg/s (no thrust)."""
        return self.auxiliary_propellant_kg * self.count / self.usable_burn_time

    @property
    def thrust_vac(self) -> float:
        """Vacuum thrust of all units at nominal throttle, N."""
        return self.engine.thrust_vac_kN * 1e3 * self.engines_per_unit * self.count * self.throttle

    @property
    def exit_area(self) -> float:
        """Total effective nozzle exit area, m^2."""
        return self.engine.exit_area * self.engines_per_unit * self.count

    @property
    def gross_mass(self) -> float:
        """All units with propellant, kg."""
        return (
            self.dry_mass_kg + self.propellant_mass_kg + self.auxiliary_propellant_kg
        ) * self.count

    @property
    def usable_burn_time(self) -> float:
        """Burn time to the published cutoff, or to depletion less the reserve, s."""
        if self.burn_time_s is not None:
            return self.burn_time_s
        return self.propellant_mass_kg * (1.0 - self.reserve_fraction) / self.mass_flow_unit


class Fairing(_Frozen):
    mass_kg: float = Field(gt=0)
    jettison: Literal["heat_flux", "time"] = "heat_flux"
    heat_flux_limit_W_m2: float = Field(default=1135.0, gt=0)
    time_s: float | None = None
    source: str

    @model_validator(mode="after")
    def _check(self) -> Fairing:
        if self.jettison == "time" and self.time_s is None:
            raise ValueError("fairing jettison = 'time' needs time_s")
        return self


class Jettison(_Frozen):
    """Another item dropped at a fixed time (e.g. the Soyuz third-stage aft section)."""

    name: str
    mass_kg: float = Field(gt=0)
    time_s: float = Field(gt=0)
    source: str


class Aerodynamics(_Frozen):
    reference_diameter_m: float = Field(gt=0)
    mach: tuple[float, ...]
    cd: tuple[float, ...]
    source: str

    @model_validator(mode="after")
    def _check(self) -> Aerodynamics:
        if len(self.mach) != len(self.cd) or len(self.mach) < 2:
            raise ValueError("mach and cd need the same length (>= 2)")
        if any(b <= a for a, b in zip(self.mach, self.mach[1:], strict=False)):
            raise ValueError("mach must increase")
        return self

    @property
    def reference_area(self) -> float:
        """Reference (cross-section) area, m^2."""
        return math.pi * (0.5 * self.reference_diameter_m) ** 2


class GuidanceDefaults(_Frozen):
    """Defaults of the atmospheric pitch program; the optimiser picks the kick within bounds."""

    pitch_over_speed_m_s: float = Field(default=50.0, gt=0)
    kick_min_deg: float = Field(default=0.5, gt=0)
    kick_max_deg: float = Field(default=12.0, gt=0)
    closed_loop_after_separation_of: str
    tower_height_m: float = Field(default=60.0, gt=0)
    source: str = "baiterek defaults [D]"


LimitName = Literal["max_dynamic_pressure", "max_axial_load"]


class Limits(_Frozen):
    """Path limits the flight must respect (reported as constraints by the performance analysis).

    A limit is hard unless listed in ``soft``: a flight that breaks a hard limit is infeasible
    (``feasible`` false, in the headline). A soft limit is reported when broken but does not
    decide feasibility; ``soft_source`` says why it is soft and on what authority.
    """

    max_dynamic_pressure_kpa: float = Field(gt=0)
    max_axial_load_g: float = Field(gt=0)
    source: str
    soft: tuple[LimitName, ...] = ()
    soft_source: str = ""

    @model_validator(mode="after")
    def _check(self) -> Limits:
        if self.soft and not self.soft_source.strip():
            raise ValueError("limits.soft needs soft_source (why the limit is soft, its source)")
        return self

    def is_hard(self, name: str) -> bool:
        """Whether the limit ``name`` decides feasibility."""
        return name not in self.soft


class InsertionLimit(_Frozen):
    """The lowest orbit the vehicle may be sent to, with its source and grade.

    ``min_perigee_km`` is a perigee height above the equatorial radius (WGS-84 a), as target
    altitudes are. Where no minimum is published the source states the rule it comes from.
    """

    min_perigee_km: float = Field(gt=0, le=1000.0)
    source: str


class AscentTiming(_Frozen):
    """Nominal ascent timing the launch-window geometry uses (analytic source), with its source."""

    nominal_duration_s: float = Field(gt=0, description="liftoff to orbit insertion, s")
    source: str


class PublishedEvent(_Frozen):
    name: str
    time_s: float
    time_max_s: float | None = None
    source: str


class Vehicle(_Frozen):
    id: str = Field(pattern=_ID)
    name: str
    summary: str
    stages: tuple[Stage, ...]
    fairing: Fairing
    jettisons: tuple[Jettison, ...] = ()
    aerodynamics: Aerodynamics
    guidance: GuidanceDefaults
    limits: Limits
    insertion: InsertionLimit
    ascent: AscentTiming
    published_events: tuple[PublishedEvent, ...] = ()
    bodies: tuple[JettisonedBody, ...] = ()  # jettisoned bodies (range safety): catalog/bodies.py
    separation: SeparationData | None = None  # payload separation, avoidance: catalog/separation.py
    reference_payload_kg: float = Field(gt=0)
    reference_payload_source: str
    calibration: str = ""
    source: str

    @model_validator(mode="after")
    def _check(self) -> Vehicle:
        names = [s.name for s in self.stages]
        if len(set(names)) != len(names):
            raise ValueError("stage names must be unique")
        for s in self.stages:
            if s.ignition == "after" and s.ignition_after_cutoff_of not in names:
                raise ValueError(f"stage {s.name}: unknown stage {s.ignition_after_cutoff_of}")
        if self.guidance.closed_loop_after_separation_of not in names:
            raise ValueError("guidance.closed_loop_after_separation_of names no stage")
        if self.stages[0].ignition != "liftoff":
            raise ValueError("the first stage must ignite at liftoff")
        return self

    def check_insertion_perigee(self, perigee_km: float, field: str) -> None:
        """Refuse a target perigee (km above WGS-84 a) below the vehicle's minimum insertion
        perigee: an InputError naming ``field`` and the limit with its source. The one check
        ``fly``, ``performance``, ``curve``, ``orbit`` and ``dispersion`` share (through
        ``mission.mission_from_dict``)."""
        limit = self.insertion.min_perigee_km
        if not perigee_km >= limit:
            raise InputError(
                field,
                perigee_km,
                f">= {limit:g} km, the lowest perigee {self.id} may be sent to "
                f"({self.insertion.source})",
            )

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    @property
    def dry_liftoff_mass(self) -> float:
        """Liftoff mass without payload, kg."""
        return (
            sum(s.gross_mass for s in self.stages)
            + self.fairing.mass_kg
            + sum(j.mass_kg for j in self.jettisons)
        )

    def event(self, name: str) -> PublishedEvent | None:
        return next((e for e in self.published_events if e.name == name), None)
