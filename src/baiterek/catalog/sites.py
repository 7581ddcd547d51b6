"""Launch sites and their allowed launch corridors (schema and checks).

A corridor is what the range allows: a band of inclinations flown on a given heading
(``north``: the vehicle climbs toward the north, i.e. it is inserted on the ascending
part of the orbit; ``south``: toward the south). Azimuth bands are converted to
inclination bands on load with the spherical-Earth relation cos i = cos(lat) sin(A).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from baiterek.errors import InputError

Heading = Literal["north", "south"]


class Corridor(BaseModel):
    """One allowed band of launches from a site."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    heading: Heading
    inclination_min_deg: float = Field(ge=0.0, le=180.0)
    inclination_max_deg: float = Field(ge=0.0, le=180.0)
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> Corridor:
        if self.inclination_min_deg > self.inclination_max_deg:
            raise ValueError("inclination_min_deg must not exceed inclination_max_deg")
        return self

    def contains(self, inclination_deg: float) -> bool:
        return self.inclination_min_deg - 1e-9 <= inclination_deg <= self.inclination_max_deg + 1e-9


class Site(BaseModel):
    """A launch pad: geodetic coordinates (WGS-84) and corridors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9.]+)*$")
    name: str
    latitude_deg: float = Field(ge=-90.0, le=90.0)
    longitude_deg: float = Field(ge=-180.0, le=180.0)
    altitude_m: float = Field(ge=-500.0, le=5000.0)
    source: str
    altitude_source: str
    corridors: tuple[Corridor, ...] = ()
    corridors_note: str = ""

    @property
    def latitude(self) -> float:
        """Geodetic latitude, rad."""
        return math.radians(self.latitude_deg)

    @property
    def longitude(self) -> float:
        """Longitude, rad."""
        return math.radians(self.longitude_deg)

    def corridor_for(self, inclination_deg: float, heading: str | None = None) -> Corridor | None:
        """The first corridor that allows this inclination (and heading, if given), else None."""
        for c in self.corridors:
            if c.contains(inclination_deg) and (heading is None or c.heading == heading):
                return c
        return None

    def check_reachable(
        self,
        inclination_rad: float,
        heading: str | None = None,
        field: str = "inclination_deg",
    ) -> list[str]:
        """The headings this site flies to ``inclination_rad`` (both if ``heading`` is None).

        The one reachability check (missions, windows, performance): InputError naming
        ``field`` when the orbit never passes over the site (inclination below its latitude
        or above 180 deg minus it) or when no corridor allows it; the message says what does.
        """
        inc = math.degrees(inclination_rad)
        lat = abs(self.latitude_deg)
        if heading not in (None, "north", "south"):
            raise InputError(
                "heading", heading, "'north', 'south' or unset (every allowed heading)"
            )
        if inc < lat - 1e-9 or inc > 180.0 - lat + 1e-9:
            raise InputError(
                field,
                round(inc, 4),
                f"an orbit of inclination {inc:.3f} deg never passes over {self.id} "
                f"(latitude {self.latitude_deg:.3f} deg): a direct ascent reaches {lat:.2f} to "
                f"{180 - lat:.2f} deg; corridors allow: {self.allowed_text()}",
            )
        headings = [heading] if heading else ["north", "south"]
        ok = [h for h in headings if not self.corridors or self.corridor_for(inc, h)]
        if not ok:
            want = f" heading {heading}" if heading else ""
            raise InputError(
                field,
                round(inc, 4),
                f"{self.id} has no launch corridor for inclination {inc:.3f} deg{want}; "
                f"its corridors allow: {self.allowed_text()}",
                self.corridors_note,
            )
        return ok

    def allowed_text(self) -> str:
        """Human description of the allowed inclinations, for error messages."""
        if not self.corridors:
            return "any inclination >= the site latitude"
        parts = [
            f"{c.inclination_min_deg:g}-{c.inclination_max_deg:g} deg heading {c.heading} ({c.name})"
            for c in self.corridors
        ]
        return "; ".join(parts)
