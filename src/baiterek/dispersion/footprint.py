"""Impact footprints over plain (lat, lon) arrays: ellipses at their true 2-D coverage, contours, containment.

Points are projected on a local azimuthal-equidistant plane centred on their mean (pyproj, WGS-84),
so east/north distances are in metres. An ellipse of 2-D coverage P of a normal scatter has the
Mahalanobis radius ``k = sqrt(-2 ln(1 - P))`` (chi-square, 2 degrees of freedom): 97 % is 2.65
sigma, 99 % is 3.03 sigma, 99.999 % is 4.80 sigma (not the 1-D 3 sigma). The empirical contour
of P is the convex hull of the fraction P of points nearest the centre in Mahalanobis distance;
``empirical_coverage`` says how many points the normal ellipse really holds (a check that the
scatter is normal). Containment in a zone polygon carries its Clopper-Pearson lower bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from baiterek.dispersion.statistics import clopper_pearson_lower

if TYPE_CHECKING:
    from pyproj import Transformer

COVERAGES = (0.97, 0.99, 0.99999)


@dataclass(frozen=True, slots=True)
class Ellipse:
    """A footprint ellipse: centre (deg), semi-axes (m), azimuth of the major axis (deg from north)."""

    coverage: float
    center_lat_deg: float
    center_lon_deg: float
    semi_major_m: float
    semi_minor_m: float
    major_azimuth_deg: float
    empirical_coverage: float
    polygon_lat_deg: np.ndarray
    polygon_lon_deg: np.ndarray

    def to_dict(self) -> dict[str, object]:
        return {
            "coverage": self.coverage,
            "center_lat_deg": self.center_lat_deg,
            "center_lon_deg": self.center_lon_deg,
            "semi_major_km": self.semi_major_m / 1e3,
            "semi_minor_km": self.semi_minor_m / 1e3,
            "major_azimuth_deg": self.major_azimuth_deg,
            "empirical_coverage": self.empirical_coverage,
        }


@dataclass(frozen=True, slots=True)
class Footprint:
    """Ellipses and empirical contours of one body's impact points (finite points only)."""

    n: int
    ellipses: tuple[Ellipse, ...]
    contours: tuple[tuple[float, np.ndarray, np.ndarray], ...]  # (coverage, lat deg, lon deg)

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "ellipses": [e.to_dict() for e in self.ellipses],
            "contours": [
                {"coverage": p, "lat_deg": la.tolist(), "lon_deg": lo.tolist()}
                for p, la, lo in self.contours
            ],
        }


def coverage_radius(p: float) -> float:
    """Mahalanobis radius of the ellipse holding a fraction p of a 2-D normal."""
    return float(np.sqrt(-2.0 * np.log1p(-p)))


def _projection(lat0: float, lon0: float) -> Transformer:
    from pyproj import Transformer

    return Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m", always_xy=True
    )


def footprint(
    lat_deg: npt.ArrayLike,
    lon_deg: npt.ArrayLike,
    coverages: Sequence[float] = COVERAGES,
    n_vertices: int = 72,
) -> Footprint:
    """Ellipses and empirical contours of impact points (deg); NaN points are left out."""
    from shapely.geometry import MultiPoint

    lat = np.asarray(lat_deg, float)
    lon = np.asarray(lon_deg, float)
    m = np.isfinite(lat) & np.isfinite(lon)
    lat, lon = lat[m], lon[m]
    n = int(lat.size)
    if n < 3:
        return Footprint(n, (), ())
    lat0, lon0 = float(lat.mean()), float(_mean_lon(lon))
    tr = _projection(lat0, lon0)
    x, y = tr.transform(lon, lat)  # east, north, m
    xy = np.column_stack([x, y])
    c = xy.mean(0)
    cov = np.cov(xy.T)
    w, v = np.linalg.eigh(cov)
    w = np.maximum(w, 0.0)
    d = xy - c
    try:
        maha = np.sqrt(np.einsum("ij,jk,ik->i", d, np.linalg.inv(cov), d))
    except np.linalg.LinAlgError:
        maha = np.full(n, np.inf)
    major = v[:, 1]
    az = float(np.degrees(np.arctan2(major[0], major[1])) % 180.0)
    clon, clat = tr.transform(c[0], c[1], direction="INVERSE")
    t = np.linspace(0.0, 2 * np.pi, n_vertices, endpoint=False)
    ellipses = []
    for p in coverages:
        k = coverage_radius(p)
        pts = c + k * (
            np.cos(t)[:, None] * np.sqrt(w[1]) * v[:, 1]
            + np.sin(t)[:, None] * np.sqrt(w[0]) * v[:, 0]
        )
        plon, plat = tr.transform(pts[:, 0], pts[:, 1], direction="INVERSE")
        ellipses.append(
            Ellipse(
                coverage=p, center_lat_deg=float(clat), center_lon_deg=float(clon),
                semi_major_m=k * float(np.sqrt(w[1])), semi_minor_m=k * float(np.sqrt(w[0])),
                major_azimuth_deg=az, empirical_coverage=float(np.mean(maha <= k)),
                polygon_lat_deg=_ro(plat), polygon_lon_deg=_ro(plon),
            )
        )  # fmt: skip
    contours = []
    order = np.argsort(maha, kind="stable")
    for p in coverages:
        kept = order[: max(3, int(np.ceil(p * n)))]
        hull = MultiPoint(xy[kept]).convex_hull
        if hull.geom_type != "Polygon":
            continue
        hx, hy = np.asarray(hull.exterior.coords).T
        hlon, hlat = tr.transform(hx, hy, direction="INVERSE")
        contours.append((p, _ro(hlat), _ro(hlon)))
    return Footprint(n, tuple(ellipses), tuple(contours))


@dataclass(frozen=True, slots=True)
class Containment:
    """How many impacts fall inside a zone, with the exact lower bound (95 %) and the N it rests on."""

    zone: str
    n: int
    inside: int
    fraction: float
    lower_95: float


def containment(
    lat_deg: npt.ArrayLike,
    lon_deg: npt.ArrayLike,
    zone_name: str,
    zone_lat_deg: npt.ArrayLike,
    zone_lon_deg: npt.ArrayLike,
) -> Containment:
    """Fraction of impacts inside a zone polygon (deg); a NaN impact (no fall) counts as outside."""
    from shapely import contains_xy
    from shapely.geometry import Polygon

    lat = np.asarray(lat_deg, float)
    lon = np.asarray(lon_deg, float)
    poly = Polygon(np.column_stack([zone_lon_deg, zone_lat_deg]))
    ok = np.isfinite(lat) & np.isfinite(lon)
    inside = np.zeros(lat.shape, bool)
    inside[ok] = contains_xy(poly, lon[ok], lat[ok])
    n, k = int(lat.size), int(inside.sum())
    return Containment(
        zone_name, n, k, k / n if n else float("nan"), clopper_pearson_lower(k, n) if n else 0.0
    )


def _mean_lon(lon: np.ndarray) -> float:
    r = np.radians(lon)
    return float(np.degrees(np.arctan2(np.sin(r).mean(), np.cos(r).mean())))


def _ro(a: npt.ArrayLike) -> npt.NDArray[np.float64]:
    out = np.asarray(a, float).copy()
    out.setflags(write=False)
    return out
