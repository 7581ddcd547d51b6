"""Containment: is each impact inside the zone assigned to its body, and by how much.

Per body: the zones assigned on this route (vehicle, site, inclination, body name: see
:meth:`baiterek.catalog.zones.ZoneSet.assigned`), the primary one (the first that holds the
impact, else the first listed), whether the impact lies inside, and the signed distance to its
boundary (positive inside). Where no zone is assigned the result says so and lists the nearest
zones of the file by boundary distance. For samples (Monte Carlo), the fraction inside with a
Clopper-Pearson interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.stats import beta

from baiterek.catalog.zones import Zone, ZoneSet
from baiterek.safety.zones import signed_distance_m

__all__ = [
    "Containment",
    "NearestZone",
    "clopper_pearson",
    "contain",
    "containment_probability",
    "inside_zone",
    "zone_containment",
]


@dataclass(frozen=True, slots=True)
class NearestZone:
    zone: str
    distance: float  # m to the boundary, positive inside (as margin)


@dataclass(frozen=True, slots=True)
class Containment:
    """Where one body's nominal impact lies relative to its zones (SI: m)."""

    zone: str | None  # the assigned zone used (None: no zone assigned on this route)
    inside: bool | None  # None when no zone is assigned or the body does not impact
    margin: float  # m to the boundary, positive inside; NaN when no zone
    assigned: tuple[str, ...]  # every zone assigned to the body on this route
    nearest: tuple[NearestZone, ...]  # the file's zones by distance (always given)
    statement: str

    def to_json(self) -> dict[str, Any]:
        return {
            "zone": self.zone,
            "inside": self.inside,
            "margin_km": None if not np.isfinite(self.margin) else round(self.margin / 1e3, 3),
            "assigned_zones": list(self.assigned),
            "nearest_zones": [
                {"zone": n.zone, "margin_km": round(n.distance / 1e3, 3)} for n in self.nearest
            ],
            "statement": self.statement,
        }


def _distances(lat_deg: float, lon_deg: float, zones: tuple[Zone, ...]) -> list[NearestZone]:
    return [NearestZone(z.id, signed_distance_m(lat_deg, lon_deg, z.ring)) for z in zones]


def contain(
    lat_deg: float,
    lon_deg: float,
    zone_set: ZoneSet,
    *,
    vehicle_id: str,
    body_name: str,
    site_id: str,
    inclination_deg: float,
    n_nearest: int = 3,
) -> Containment:
    """Containment of one impact point (deg) for one body on one route."""
    assigned = zone_set.assigned(vehicle_id, body_name, site_id, inclination_deg)
    ids = tuple(z.id for z in assigned)
    if not (np.isfinite(lat_deg) and np.isfinite(lon_deg)):
        zone = ids[0] if ids else None
        return Containment(zone, None, float("nan"), ids, (), "no impact (the body does not fall)")
    near = sorted(_distances(lat_deg, lon_deg, zone_set.zones), key=lambda n: -n.distance)
    nearest = tuple(near[:n_nearest])
    if not assigned:
        names = ", ".join(f"{n.zone} ({-n.distance / 1e3:.0f} km)" for n in nearest)
        return Containment(
            None,
            None,
            float("nan"),
            (),
            nearest,
            f"no fall area is assigned to {body_name} of {vehicle_id} from {site_id} at "
            f"{inclination_deg:.1f} deg in {zone_set.name}; nearest zones: {names}",
        )
    dist = {n.zone: n.distance for n in near}
    holding = [z for z in ids if dist[z] >= 0.0]
    zone = holding[0] if holding else ids[0]
    m = dist[zone]
    where = "inside" if m >= 0.0 else "outside"
    return Containment(zone, m >= 0.0, m, ids, nearest, f"{where} {zone} by {abs(m) / 1e3:.1f} km")


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided interval of a binomial proportion k/n."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n and n > 0, got k={k}, n={n}")
    a = 1.0 - confidence
    lo = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


def containment_probability(inside: npt.ArrayLike, confidence: float = 0.95) -> dict[str, Any]:
    """Fraction of samples inside a zone with its Clopper-Pearson interval (NaN rows ignored)."""
    x = np.asarray(inside)
    n = int(x.size)
    k = int(np.count_nonzero(x))
    lo, hi = clopper_pearson(k, n, confidence)
    return {
        "samples": n,
        "inside": k,
        "probability": k / n,
        "lower": lo,
        "upper": hi,
        "confidence": confidence,
    }


def inside_zone(
    latitude: npt.ArrayLike, longitude: npt.ArrayLike, zone: Zone
) -> npt.NDArray[np.bool_]:
    """Whether impact points (rad, any shape; NaN is outside) lie inside a zone, vectorised.

    The test is planar in (lon, lat) degrees (shapely), i.e. the zone's edges are taken as
    rhumb-line-like straight segments between vertices; for the zones here (edges of a few km)
    that differs from geodesic edges by under 10 m.
    """
    import shapely
    from shapely.geometry import Polygon

    lat = np.degrees(np.asarray(latitude, float))
    lon = np.degrees(np.asarray(longitude, float))
    poly = Polygon(zone.ring)
    shapely.prepare(poly)
    ok = np.isfinite(lat) & np.isfinite(lon)
    out = np.zeros(lat.shape, bool)
    out[ok] = shapely.contains_xy(poly, lon[ok], lat[ok])
    return out


def zone_containment(
    latitude: npt.ArrayLike, longitude: npt.ArrayLike, zone: Zone, confidence: float = 0.95
) -> dict[str, Any]:
    """Probability that sampled impacts (rad, (n,)) fall inside a zone, Clopper-Pearson bounded
    (a sample that does not impact counts as outside)."""
    d = containment_probability(inside_zone(latitude, longitude, zone), confidence)
    return {"zone": zone.id, **d}
