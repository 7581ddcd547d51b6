"""Jettisoned bodies as data: the ``[[vehicle.bodies]]`` tables of the vehicle files (schema).

Each body a vehicle drops (booster, spent stage, fairing half, other part) is one table: the
flight event at which it separates (a name in the ascent's event table), its mass at separation
(dry mass plus the residual propellant stated), a tumbling drag model and the separation
delta-v. Every value names its source and grade in ``sources`` (keys ``mass``, ``drag``,
``separation``); ``[U]`` marks an assumption.

Drag model, one of:
- ``ballistic_coefficient_kg_m2``: beta = m / (Cd A), constant over Mach (thin shells such as
  fairing halves, for which Cauchy's mean-projected-area theorem does not hold);
- ``reference_area_m2`` with ``cd_mach`` and ``cd``: the mean projected area of the tumbling body
  (a quarter of the surface of a convex body, Cauchy) and the drag coefficient on that area
  against Mach.

``fallback_events``: events tried in turn when the flight has no ``event`` (a last stage separates
at ``<stage>_separation`` when an upper stage is stacked on it, at ``payload_separation`` when not).

Separation delta-v: ``separation_clock_deg`` unset applies it against the Earth-relative velocity
(a stage left behind); a clock angle applies it perpendicular to the velocity, the angle measured
around the velocity from the local upward direction towards the right of the flight (90 = right,
270 = left): boosters and fairing halves pushed sideways.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_ID = r"^[a-z0-9]+(-[a-z0-9.]+)*$"


class JettisonedBody(BaseModel):
    """One jettisoned body of a vehicle (catalog units: kg, m^2, m/s, deg)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_ID)
    kind: Literal["booster", "stage", "fairing", "other"]
    event: str = Field(min_length=1, description="ascent event at which it separates")
    fallback_events: tuple[str, ...] = Field(
        default=(), description="events tried in turn when the flight has no `event`"
    )
    dry_mass_kg: float = Field(gt=0)
    residual_propellant_kg: float = Field(default=0.0, ge=0)
    ballistic_coefficient_kg_m2: float | None = Field(default=None, gt=0)
    reference_area_m2: float | None = Field(default=None, gt=0)
    cd_mach: tuple[float, ...] | None = None
    cd: tuple[float, ...] | None = None
    separation_dv_m_s: float = Field(default=0.0, ge=0)
    separation_clock_deg: float | None = None
    sources: dict[str, str]

    @model_validator(mode="after")
    def _check(self) -> JettisonedBody:
        has_beta = self.ballistic_coefficient_kg_m2 is not None
        has_area = self.reference_area_m2 is not None
        if has_beta == has_area:
            raise ValueError(
                f"body {self.name}: give either ballistic_coefficient_kg_m2 or "
                "reference_area_m2 with cd_mach and cd (a drag model is needed)"
            )
        if has_area:
            if self.cd_mach is None or self.cd is None:
                raise ValueError(f"body {self.name}: reference_area_m2 needs cd_mach and cd")
            if len(self.cd_mach) != len(self.cd) or len(self.cd) < 1:
                raise ValueError(f"body {self.name}: cd_mach and cd need the same length (>= 1)")
            if any(b <= a for a, b in zip(self.cd_mach, self.cd_mach[1:], strict=False)):
                raise ValueError(f"body {self.name}: cd_mach must increase")
            if any(c <= 0 for c in self.cd):
                raise ValueError(f"body {self.name}: cd must be positive")
        elif self.cd_mach is not None or self.cd is not None:
            raise ValueError(f"body {self.name}: cd_mach/cd go with reference_area_m2")
        missing = {"mass", "drag"} - set(self.sources)
        if missing:
            raise ValueError(f"body {self.name}: sources lacks {sorted(missing)}")
        return self

    @property
    def mass_kg(self) -> float:
        """Mass at separation: dry mass plus residual propellant, kg."""
        return self.dry_mass_kg + self.residual_propellant_kg
