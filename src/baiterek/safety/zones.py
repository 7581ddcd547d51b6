"""Zone geometry on the WGS-84 ellipsoid: ellipses to polygons, local projections, distances.

Geodesy through ``pyproj`` (``Geod`` for forward geodesics, an azimuthal-equidistant projection
centred on the point of interest for distances to a boundary) and ``shapely`` for the planar
predicates; no hand-written spherical trigonometry. On an azimuthal-equidistant projection the
distance from the centre to any point is the geodesic distance, so the distance from an impact
point (the centre) to a zone's boundary is exact to the projection's sub-metre accuracy; the
boundary's shape is distorted by under 0.1 % within 300 km, which bounds the error of the
nearest-point search.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import numpy.typing as npt
from pyproj import CRS, Geod, Transformer
from shapely.geometry import Point, Polygon

__all__ = [
    "GEOD",
    "ellipse_ring",
    "geodesic_distance_m",
    "local_projection",
    "ring_area_m2",
    "signed_distance_m",
]

GEOD = Geod(ellps="WGS84")
"""The WGS-84 ellipsoid for geodesics (Karney's algorithm in PROJ)."""


def ellipse_ring(
    centre_lat_deg: float,
    centre_lon_deg: float,
    semi_major_m: float,
    semi_minor_m: float,
    azimuth_deg: float,
    n: int = 72,
) -> tuple[tuple[float, float], ...]:
    """Closed ring ((lon_deg, lat_deg), ...) of an ellipse on the ground, counter-clockwise.

    The ellipse is defined in the plane tangent at its centre (x along the azimuth of the long
    axis); each vertex lies on the geodesic from the centre at the vertex's bearing and distance,
    i.e. the ellipse is exact in azimuthal-equidistant coordinates about the centre.
    """
    t = np.linspace(0.0, 2.0 * math.pi, n, endpoint=False)
    x = semi_major_m * np.cos(t)  # along the long axis
    y = semi_minor_m * np.sin(t)  # to the left of it
    dist = np.hypot(x, y)
    # bearing clockwise from north: the long axis, minus the angle to the left
    bearing = (azimuth_deg - np.degrees(np.arctan2(y, x))) % 360.0
    lon, lat, _ = GEOD.fwd(np.full(n, centre_lon_deg), np.full(n, centre_lat_deg), bearing, dist)
    pts = [(round(float(a), 6), round(float(b), 6)) for a, b in zip(lon, lat, strict=True)]
    # the bearing decreases with t: north -> west -> south, counter-clockwise (RFC 7946 3.1.6)
    pts.append(pts[0])
    return tuple(pts)


@cache
def _aeqd(lat_deg: float, lon_deg: float) -> Transformer:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat_deg} +lon_0={lon_deg} +ellps=WGS84 +units=m")
    return Transformer.from_crs(CRS.from_epsg(4326), crs, always_xy=True)


def local_projection(lat_deg: float, lon_deg: float) -> Transformer:
    """Transformer (lon_deg, lat_deg) -> (east_m, north_m), azimuthal equidistant about a point."""
    return _aeqd(round(float(lat_deg), 9), round(float(lon_deg), 9))


def _projected(ring: npt.ArrayLike, tr: Transformer) -> Polygon:
    lon, lat = np.asarray(ring, float).T
    x, y = tr.transform(lon, lat)
    return Polygon(np.column_stack([x, y]))


def signed_distance_m(lat_deg: float, lon_deg: float, ring: npt.ArrayLike) -> float:
    """Distance from a point to a ring's boundary, m: positive inside, negative outside."""
    tr = local_projection(lat_deg, lon_deg)
    poly = _projected(ring, tr)
    origin = Point(0.0, 0.0)
    d = float(poly.exterior.distance(origin))
    return d if poly.contains(origin) else -d


def geodesic_distance_m(
    lat1_deg: npt.ArrayLike,
    lon1_deg: npt.ArrayLike,
    lat2_deg: npt.ArrayLike,
    lon2_deg: npt.ArrayLike,
) -> np.ndarray:
    """Geodesic distance on WGS-84, m (broadcast over arrays)."""
    a = np.broadcast_arrays(
        *(np.asarray(v, float) for v in (lat1_deg, lon1_deg, lat2_deg, lon2_deg))
    )
    _, _, d = GEOD.inv(a[1], a[0], a[3], a[2])
    return np.asarray(d, float)


def ring_area_m2(ring: npt.ArrayLike) -> float:
    """Geodesic area of a ring on WGS-84, m^2 (positive)."""
    lon, lat = np.asarray(ring, float).T
    area, _ = GEOD.polygon_area_perimeter(lon, lat)
    return abs(float(area))
