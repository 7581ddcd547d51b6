"""The validation cases: published payload figures with their sources, read from data files.

``data/validation/direct.toml`` (the core vehicles flying directly) and
``data/validation/upper_stage.toml`` (an upper stage from a parking orbit) hold one ``[[case]]``
each: the published figure, its source text, the orbit assumed for it, the tolerance and the kind
(``calibration``: the model was fitted to it; ``prediction``: an independent check); a case
flown otherwise than the catalog vehicle (a booster's recovery reserve) says how in a
``[case.configuration]`` table with a mission file's ``[configuration]`` keys. The files
are validated here (pydantic, frozen, extra keys refused) into ``ValidationCase`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from baiterek.catalog import read_data_toml
from baiterek.flight.configuration import FlownConfiguration
from baiterek.mission import ConfigurationSection
from baiterek.performance.grid import PointSpec

Kind = Literal["calibration", "prediction"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Target(_Frozen):
    """The orbit flown for a case, in a mission file's terms (km, deg)."""

    kind: Literal["circular", "elliptical", "sso"]
    line: str | None = None  # the grid-line label (default: the case id)
    altitude_km: float | None = Field(default=None, gt=0)  # circular, sso
    perigee_km: float | None = Field(default=None, gt=0)  # elliptical
    apogee_km: float | None = Field(default=None, gt=0)
    inclination_deg: float | None = None  # None: computed (sun-synchronous)
    heading: Literal["north", "south"] | None = None
    upper_stage: str | None = None

    @model_validator(mode="after")
    def _check(self) -> _Target:
        elliptical = self.kind == "elliptical"
        if elliptical != (self.perigee_km is not None) or elliptical != (
            self.apogee_km is not None
        ):
            raise ValueError("perigee_km and apogee_km for (and only for) kind = 'elliptical'")
        if elliptical == (self.altitude_km is not None):
            raise ValueError("altitude_km for kind = 'circular' or 'sso' (only)")
        if (self.kind == "sso") != (self.inclination_deg is None):
            raise ValueError("inclination_deg for every kind but 'sso'")
        return self


class _Case(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9.]+)*$")
    vehicle: str
    site: str
    orbit: str  # as a reader would write it
    kind: Kind
    source: str = Field(min_length=1)
    published_kg: float | None = Field(default=None, gt=0)
    published_max_kg: float | None = Field(default=None, gt=0)  # a published range
    tolerance_pct: float | None = Field(default=None, gt=0)
    note: str = ""
    other_published_kg: float | None = Field(default=None, gt=0)
    other_source: str = ""
    target: _Target
    configuration: ConfigurationSection | None = None  # how it is flown (a mission's keys)

    @model_validator(mode="after")
    def _check(self) -> _Case:
        if (self.published_kg is None) != (self.tolerance_pct is None):
            raise ValueError("a tolerance_pct with (and only with) a published_kg")
        if self.published_max_kg is not None and self.published_kg is None:
            raise ValueError("published_max_kg needs published_kg (a range)")
        if (self.other_published_kg is None) != (self.other_source == ""):
            raise ValueError("other_published_kg and other_source go together")
        if self.kind == "calibration" and self.published_kg is None:
            raise ValueError("a calibration case needs its published_kg")
        return self


class _File(_Frozen):
    case: tuple[_Case, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class ValidationCase:
    """A published figure and the orbit baiterek flies to compare with it."""

    id: str
    vehicle_id: str
    site_id: str
    orbit: str  # as a reader would write it
    target: PointSpec
    published_kg: float | None
    source: str
    tolerance_pct: float | None
    kind: Kind
    note: str = ""
    other_published_kg: float | None = None  # another published figure, shown beside (no verdict)
    other_source: str = ""
    published_max_kg: float | None = None  # a published range: published_kg to this, kg


def _case(c: _Case) -> ValidationCase:
    t = c.target
    lo = t.perigee_km if t.altitude_km is None else t.altitude_km
    hi = t.apogee_km if t.altitude_km is None else t.altitude_km
    assert lo is not None and hi is not None  # checked by _Target
    cfg = None if c.configuration is None else FlownConfiguration.from_section(c.configuration)
    spec = PointSpec(
        t.line or c.id, t.kind, lo, hi, t.inclination_deg, t.heading, t.upper_stage, cfg
    )
    return ValidationCase(
        c.id, c.vehicle, c.site, c.orbit, spec, c.published_kg, c.source, c.tolerance_pct,
        c.kind, c.note, c.other_published_kg, c.other_source, c.published_max_kg,
    )  # fmt: skip


def parse_cases(raw: dict[str, Any], where: str) -> tuple[ValidationCase, ...]:
    """The cases of one parsed file (``{"case": [...]}``), in order; ``ValueError`` naming
    ``where`` if malformed (unknown key, missing source, a tolerance without a figure...)."""
    from pydantic import ValidationError

    try:
        f = _File.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return tuple(_case(c) for c in f.case)


def load_cases(relative_path: str) -> tuple[ValidationCase, ...]:
    """The cases of one file under ``baiterek/data`` (e.g. ``validation/direct.toml``), in order.

    A malformed file raises ``ValueError`` naming the file (a packaging bug, not a user error).
    """
    return parse_cases(read_data_toml(relative_path), f"data/{relative_path}")
