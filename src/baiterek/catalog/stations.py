"""Ground stations: coordinates, elevation masks, sources (schema and checks)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, field_validator


class Station(BaseModel):
    """A tracking station: geodetic coordinates (WGS-84) and an elevation mask.

    The mask at azimuth A is max(min_elevation_deg, interpolated ``mask`` table at A).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    network: str
    latitude_deg: float = Field(ge=-90.0, le=90.0)
    longitude_deg: float = Field(ge=-180.0, le=180.0)
    altitude_m: float = Field(ge=-500.0, le=9000.0)
    approximate: bool
    min_elevation_deg: float = Field(ge=-5.0, le=90.0)
    mask: tuple[tuple[float, float], ...] = ()
    source: str

    @field_validator("mask")
    @classmethod
    def _mask_ok(cls, v: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        az = [a for a, _ in v]
        if any(not (0.0 <= a < 360.0) for a in az) or az != sorted(az) or len(set(az)) != len(az):
            raise ValueError("mask azimuths must be increasing, distinct, in [0, 360)")
        if any(not (-5.0 <= e <= 90.0) for _, e in v):
            raise ValueError("mask elevations must be in [-5, 90] deg")
        return v

    @property
    def latitude(self) -> float:
        """Geodetic latitude, rad."""
        return math.radians(self.latitude_deg)

    @property
    def longitude(self) -> float:
        """Longitude, rad."""
        return math.radians(self.longitude_deg)

    def mask_elevation(self, azimuth: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Minimum elevation (rad) at azimuth(s) in rad (from north through east)."""
        az = np.mod(np.asarray(azimuth, float), 2 * np.pi)
        base = np.full_like(az, math.radians(self.min_elevation_deg))
        if not self.mask:
            return np.asarray(base, dtype=np.float64)
        table = np.radians(np.array(self.mask, float))
        xp = np.concatenate([table[:, 0], [table[0, 0] + 2 * np.pi]])
        fp = np.concatenate([table[:, 1], [table[0, 1]]])
        xp = np.concatenate([[table[-1, 0] - 2 * np.pi], xp])
        fp = np.concatenate([[table[-1, 1]], fp])
        return np.asarray(np.maximum(base, np.interp(az, xp, fp)), dtype=np.float64)

    def with_mask(self, min_elevation_deg: float) -> Station:
        """The same station with another constant mask (and the table dropped)."""
        return self.model_copy(update={"min_elevation_deg": min_elevation_deg, "mask": ()})
