"""Upper stages (restartable): schema. Stacked on a launch vehicle for GTO and higher orbits."""

from __future__ import annotations

from pydantic import Field

from baiterek.catalog.separation import SeparationData
from baiterek.catalog.vehicles import Engine, InsertionLimit, _Frozen

_ID = r"^[a-z0-9]+(-[a-z0-9.]+)*$"


class UpperStage(_Frozen):
    id: str = Field(pattern=_ID)
    name: str
    dry_mass_kg: float = Field(gt=0)
    propellant_mass_kg: float = Field(gt=0)
    engine: Engine
    max_burns: int = Field(ge=1)
    reserve_fraction: float = Field(default=0.01, ge=0, lt=0.2)
    ignition_delay_s: float = Field(
        default=5.0, ge=0, description="after the launcher's last separation"
    )
    vehicles: tuple[str, ...]
    assumption: str = ""
    source: str
    separation: SeparationData | None = None  # the payload sits on this stage when it is stacked
    parking: InsertionLimit | None = None
    """The lowest parking orbit this restartable stage is flown from (it leaves it within the
    first revolution), with its source; None: the launcher's minimum insertion perigee applies."""
