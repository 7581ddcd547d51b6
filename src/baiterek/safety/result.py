"""The range-safety result types: :class:`Track` (ground and IIP tracks of the powered flight),
:class:`BodySafety` (one jettisoned body's fall and zone) and :class:`SafetyResult` (one flight),
with their JSON and table forms. SI and radians inside; km and degrees in the JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from baiterek.catalog.zones import ZoneSet
from baiterek.safety.containment import Containment
from baiterek.safety.footprint import SEPARATION_SIGMA, Footprint

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BodySafety", "SafetyResult", "Track"]


@dataclass(frozen=True, slots=True)
class Track:
    """Ground track and IIP track of the powered flight (rad, m, s); IIP NaN once orbital."""

    time: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    altitude: np.ndarray
    iip_latitude: np.ndarray
    iip_longitude: np.ndarray


@dataclass(frozen=True, slots=True)
class BodySafety:
    """One body: its fall (SI, rad) and where it lands relative to its zones."""

    name: str
    kind: str
    event: str
    status: str  # impact | orbital | failed
    mass: float  # kg
    separation_time: float  # s from liftoff
    impact_time: float  # s from liftoff, NaN unless impact
    latitude: float  # rad
    longitude: float  # rad
    downrange: float  # m, geodesic from the pad
    impact_speed: float  # m/s
    impact_angle: float  # rad below the horizontal
    containment: Containment
    footprint: Footprint | None
    orbit: dict[str, Any] | None = None  # perigee/apogee km for an orbital body
    probability_inside: dict[str, Any] | None = None  # footprint integrated over the zone

    def to_json(self) -> dict[str, Any]:
        imp = self.status == "impact"

        def r(x: float, k: int = 3) -> float | None:
            return round(float(x), k) if imp and np.isfinite(x) else None

        c = self.containment.to_json()
        return {
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "separation_time_s": round(self.separation_time, 2),
            "impact_time_s": r(self.impact_time, 2),
            "impact_latitude_deg": r(math.degrees(self.latitude), 5),
            "impact_longitude_deg": r(math.degrees(self.longitude), 5),
            "downrange_km": r(self.downrange / 1e3, 2),
            "zone": c["zone"],
            "inside": c["inside"],
            "margin_km": c["margin_km"],
            "event": self.event,
            "mass_kg": round(self.mass, 1),
            "impact_speed_m_s": r(self.impact_speed, 1),
            "impact_angle_deg": r(math.degrees(self.impact_angle), 2),
            "assigned_zones": c["assigned_zones"],
            "nearest_zones": c["nearest_zones"],
            "statement": c["statement"],
            "footprint": None if self.footprint is None else self.footprint.to_json(),
            "probability_inside": self.probability_inside,
            "orbit": self.orbit,
        }


@dataclass(frozen=True, slots=True)
class SafetyResult:
    """Range-safety answer for one flight: every body, its zone, footprints, candidate zones."""

    mission_name: str
    vehicle_id: str
    site_id: str
    site_latitude_deg: float
    site_longitude_deg: float
    inclination_deg: float
    launch_time_utc: str
    bodies: tuple[BodySafety, ...]
    zone_set: ZoneSet
    candidates: tuple[dict[str, Any], ...]  # GeoJSON Features in the zones-file schema
    track: Track | None
    separation_sigma: dict[str, Any] = field(default_factory=lambda: dict(SEPARATION_SIGMA))
    provenance: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        n_in = sum(1 for b in self.bodies if b.containment.inside)
        n_zone = sum(1 for b in self.bodies if b.containment.zone is not None)
        return (
            f"SafetyResult({self.vehicle_id} from {self.site_id} at {self.inclination_deg:.1f} deg: "
            f"{len(self.bodies)} bodies, {n_in}/{n_zone} inside their zones, "
            f"{len(self.candidates)} candidate zones)"
        )

    def zones_used(self) -> tuple[str, ...]:
        ids: list[str] = []
        for b in self.bodies:
            for z in b.containment.assigned:
                if z not in ids:
                    ids.append(z)
        return tuple(ids)

    def summary(self) -> dict[str, Any]:
        imp = [b for b in self.bodies if b.status == "impact"]
        return {
            "bodies": len(self.bodies),
            "impacting": len(imp),
            "orbital": sum(b.status == "orbital" for b in self.bodies),
            "with_zone": sum(b.containment.zone is not None for b in imp),
            "inside": sum(bool(b.containment.inside) for b in imp),
            "without_zone": [b.name for b in imp if b.containment.zone is None],
            "max_downrange_km": round(max((b.downrange for b in imp), default=0.0) / 1e3, 2),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per body, the columns of ``--json``'s ``bodies`` (scalars only)."""
        import pandas as pd

        rows = []
        for b in self.bodies:
            j = b.to_json()
            row = {k: v for k, v in j.items() if not isinstance(v, (list, dict))}
            p = j["probability_inside"] or {}
            row["probability_inside"] = p.get("probability")
            row["probability_inside_lower"] = p.get("lower")
            rows.append(row)
        return pd.DataFrame(rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "mission": self.mission_name,
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "inclination_deg": round(self.inclination_deg, 4),
            "launch_time_utc": self.launch_time_utc,
            "zones_file": self.zone_set.path or self.zone_set.name,
            "summary": self.summary(),
            "bodies": [b.to_json() for b in self.bodies],
            "zones": [_zone_json(self.zone_set, z) for z in self.zones_used()],
            "candidate_zones": [c["properties"] for c in self.candidates],
            "separation_sigma": self.separation_sigma,
            "provenance": self.provenance,
        }


def _zone_json(zs: ZoneSet, zone_id: str) -> dict[str, Any]:
    z = zs.zone(zone_id)
    return {
        "id": z.id,
        "name": z.name,
        "country": z.country,
        "shape": z.shape,
        "grade": z.grade,
        "estimated": z.estimated,
        "source": z.source,
    }
