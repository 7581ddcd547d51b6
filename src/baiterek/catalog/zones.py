"""Drop zones (fall areas) as catalog data: a GeoJSON FeatureCollection (RFC 7946), validated.

One Feature per zone; ``geometry`` is a Polygon in [longitude_deg, latitude_deg] order (the
published vertex list, or an ellipse or circle already converted to a polygon with
``pyproj.Geod`` by ``scripts/make_zones.py``). ``properties``:

* ``id`` (lower-case with dashes), ``name``, ``country`` (ISO 3166-1 alpha-2), ``region``;
* ``shape``: ``polygon`` (published vertices), ``ellipse`` or ``circle`` (then ``ellipse`` holds
  ``centre_latitude_deg``, ``centre_longitude_deg``, ``semi_major_km``, ``semi_minor_km``,
  ``azimuth_deg`` of the long axis, and ``estimated_centre`` says whether the centre is ours);
* ``serves``: the routes it is assigned to: ``vehicles``, ``bodies`` (fnmatch patterns of body
  names), ``sites``, ``inclination_min_deg``/``inclination_max_deg``;
* ``source``, ``grade`` (A, B, C as in docs/reference/drop-zones.md), ``note``.

The collection carries the foreign member ``sites``: the launch sites whose routes the file
describes. A mission from another site has no zones in it (an input error, not "no zone").

A malformed file is a user error (:class:`InputError` naming the feature and the field): a user
may pass their own zones file (``baiterek safety --zones FILE``).
"""

from __future__ import annotations

import fnmatch
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from baiterek.errors import InputError

__all__ = ["Ellipse", "Route", "Zone", "ZoneSet", "load_zones", "zones"]

BUNDLED = "baikonur.geojson"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ellipse(_Strict):
    """An ellipse on the ground: centre, semi-axes (km) and azimuth of the long axis (deg)."""

    centre_latitude_deg: float = Field(ge=-90.0, le=90.0)
    centre_longitude_deg: float = Field(ge=-180.0, le=180.0)
    semi_major_km: float = Field(gt=0.0, le=2000.0)
    semi_minor_km: float = Field(gt=0.0, le=2000.0)
    azimuth_deg: float = Field(ge=0.0, lt=360.0)
    estimated_centre: bool = False

    @model_validator(mode="after")
    def _axes(self) -> Ellipse:
        if self.semi_minor_km > self.semi_major_km:
            raise ValueError("semi_minor_km must not exceed semi_major_km")
        return self


class Route(_Strict):
    """Which bodies of which vehicles, from which sites, on which inclinations a zone serves."""

    vehicles: tuple[str, ...] = Field(min_length=1)
    bodies: tuple[str, ...] = Field(min_length=1)
    sites: tuple[str, ...] = Field(min_length=1)
    inclination_min_deg: float = Field(ge=0.0, le=180.0)
    inclination_max_deg: float = Field(ge=0.0, le=180.0)

    def matches(
        self, vehicle_id: str, body_name: str, site_id: str, inclination_deg: float
    ) -> bool:
        return (
            vehicle_id in self.vehicles
            and site_id in self.sites
            and self.inclination_min_deg - 1e-9
            <= inclination_deg
            <= self.inclination_max_deg + 1e-9
            and any(fnmatch.fnmatchcase(body_name, p) for p in self.bodies)
        )


class Zone(_Strict):
    """One fall area; ``ring`` is the exterior ring, ((lon_deg, lat_deg), ...), closed."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9.]+)*$")
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    region: str = ""
    shape: Literal["polygon", "ellipse", "circle"]
    ellipse: Ellipse | None = None
    serves: tuple[Route, ...] = ()
    source: str
    grade: Literal["A", "B", "C"]
    note: str = ""
    ring: tuple[tuple[float, float], ...] = Field(repr=False)

    @model_validator(mode="after")
    def _shape(self) -> Zone:
        if (self.shape == "polygon") != (self.ellipse is None):
            raise ValueError("an ellipse or circle zone needs 'ellipse'; a polygon zone has none")
        return self

    @property
    def estimated(self) -> bool:
        return self.ellipse is not None and self.ellipse.estimated_centre

    def to_feature(self) -> dict[str, Any]:
        """The zone as a GeoJSON Feature (what the file holds)."""
        props = self.model_dump(exclude={"ring"}, exclude_none=True)
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in self.ring]]},
            "properties": props,
        }


class ZoneSet(_Strict):
    """The zones of one file and the sites it covers."""

    name: str
    sites: tuple[str, ...]
    zones: tuple[Zone, ...]
    path: str = ""

    def zone(self, zone_id: str) -> Zone:
        for z in self.zones:
            if z.id == zone_id:
                return z
        raise InputError("zone", zone_id, ", ".join(z.id for z in self.zones))

    def assigned(
        self, vehicle_id: str, body_name: str, site_id: str, inclination_deg: float
    ) -> tuple[Zone, ...]:
        """Zones assigned to this body on this route, in file order (the first is the primary)."""
        return tuple(
            z
            for z in self.zones
            if any(r.matches(vehicle_id, body_name, site_id, inclination_deg) for r in z.serves)
        )

    def to_geojson(self) -> dict[str, Any]:
        return {
            "type": "FeatureCollection",
            "name": self.name,
            "sites": list(self.sites),
            "features": [z.to_feature() for z in self.zones],
        }


def _ring(geometry: Any, where: str) -> tuple[tuple[float, float], ...]:
    """The exterior ring of a GeoJSON Polygon, checked: closed, in range, simple (shapely)."""
    from shapely.geometry import Polygon

    allowed = "a GeoJSON Polygon: one closed ring of >= 4 [longitude_deg, latitude_deg] positions"
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        raise InputError(f"{where}.geometry", _short(geometry), allowed)
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or len(coords) != 1 or not isinstance(coords[0], list):
        raise InputError(f"{where}.geometry.coordinates", _short(coords), allowed)
    ring = []
    for k, p in enumerate(coords[0]):
        ok = (
            isinstance(p, list)
            and len(p) in (2, 3)
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in p)
        )
        if not ok or not (-180.0 <= p[0] <= 180.0 and -90.0 <= p[1] <= 90.0):
            raise InputError(
                f"{where}.geometry.coordinates[0][{k}]",
                _short(p),
                "[longitude_deg, latitude_deg] with longitude in [-180, 180], latitude in [-90, 90] "
                "(RFC 7946 order: longitude first)",
            )
        ring.append((float(p[0]), float(p[1])))
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise InputError(f"{where}.geometry.coordinates", f"{len(ring)} positions", allowed)
    poly = Polygon(ring)
    if not poly.is_valid or poly.area <= 0.0:
        from shapely.validation import explain_validity

        raise InputError(
            f"{where}.geometry", explain_validity(poly), "a simple polygon (no self-intersection)"
        )
    return tuple(ring)


def _short(v: Any) -> str:
    s = json.dumps(v) if not isinstance(v, str) else v
    return s if len(s) <= 60 else s[:57] + "..."


def parse_zones(doc: Any, where: str = "zones") -> ZoneSet:
    """Validate a parsed GeoJSON document into a :class:`ZoneSet` (InputError if malformed)."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise InputError(where, _short(doc), "a GeoJSON FeatureCollection")
    feats = doc.get("features")
    if not isinstance(feats, list) or not feats:
        raise InputError(f"{where}.features", _short(feats), "a non-empty list of zone Features")
    out = []
    for i, f in enumerate(feats):
        w = f"{where}.features[{i}]"
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise InputError(w, _short(f), "a GeoJSON Feature")
        ring = _ring(f.get("geometry"), w)
        props = f.get("properties")
        if not isinstance(props, dict):
            raise InputError(f"{w}.properties", _short(props), "an object with the zone's fields")
        try:
            out.append(Zone.model_validate({**props, "ring": ring}))
        except ValidationError as exc:
            e = exc.errors()[0]
            loc = ".".join(str(x) for x in e["loc"])
            raise InputError(
                f"{w}.properties.{loc}" if loc else f"{w}.properties",
                _short(e.get("input")),
                e["msg"],
            ) from None
    ids = [z.id for z in out]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise InputError(f"{where}.features", dup, "unique zone ids")
    sites = doc.get("sites", [])
    if not isinstance(sites, list) or not all(isinstance(s, str) for s in sites):
        raise InputError(f"{where}.sites", _short(sites), "a list of launch-site ids")
    return ZoneSet(name=str(doc.get("name", where)), sites=tuple(sites), zones=tuple(out))


def load_zones(path: str | Path) -> ZoneSet:
    """Read and validate a zones GeoJSON file (a user's, or the bundled one)."""
    from baiterek.checks import read_text_file

    p = Path(path)
    text = read_text_file(p, "zones", "an existing GeoJSON file")
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise InputError("zones", str(p), "a JSON (GeoJSON) file", detail=str(exc)[:200]) from None
    zs = parse_zones(doc, where=p.name)
    return zs.model_copy(update={"path": str(p)})


@cache
def zones() -> ZoneSet:
    """The bundled Baikonur zones (``data/zones/baikonur.geojson``)."""
    return load_zones(Path(str(resources.files("baiterek") / "data" / "zones" / BUNDLED)))
