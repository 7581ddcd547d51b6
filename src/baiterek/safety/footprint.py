"""Impact footprints: covariance ellipses with their true 2-D coverage, empirical contours.

A 2-D Gaussian holds 1 - exp(-k^2/2) inside its k-sigma ellipse (chi-square with 2 degrees of
freedom), not the 1-D 68/95/99.7 %: 39.3 % at 1 sigma, 98.9 % at 3 sigma. The footprints here are
drawn at the k that holds 97 %, 99 % and 99.999 % (k = 2.648, 3.035, 4.799), each labelled with
that coverage (docs/reference/drop-zones.md sec. 5; 14 CFR 450.133(b) asks 97 %, the French
technical regulation of 2011 art. 23 asks 99.999 %).

Until the Monte Carlo lands, the covariance is linear: the impact's sensitivity to the separation
state (central differences, one batched fall) times a stated separation-state dispersion
(:data:`SEPARATION_SIGMA`, grade [U]). Coordinates: east/north metres on an azimuthal-equidistant
projection about the nominal impact.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from baiterek.safety.zones import ellipse_ring, local_projection

__all__ = [
    "COVERAGES",
    "SEPARATION_SIGMA",
    "EllipseLevel",
    "Footprint",
    "candidate_zone_feature",
    "coverage_of_sigma",
    "empirical_contour",
    "footprint_from_covariance",
    "footprint_from_samples",
    "gaussian_samples",
    "covariance_from_rows",
    "linear_covariance",
    "perturbed_rows",
    "sigma_for_coverage",
]

COVERAGES = (0.97, 0.99, 0.99999)
"""Coverages of the footprints drawn (14 CFR 450.133(b); French regulation 2011 art. 23)."""

SEPARATION_SIGMA: dict[str, float | str] = {
    "position_m": 300.0,
    "velocity_m_s": 5.0,
    "drag_fraction": 0.2,
    "source": "[U] assumed until the Monte Carlo issue: 300 m per axis is 0.17 s of staging-time "
    "scatter at 1.8 km/s (0.03-0.6 s observed on Proton-M, russianspaceweb.com, B); 5 m/s per axis "
    "from a 0.3 % impulse scatter; 20 % on the tumbling ballistic coefficient (estimates in "
    "docs/reference/drop-zones.md sec. 4 span 20-30 %)",
}
"""One-sigma dispersion of the separation state (isotropic per axis) and of the drag, [U]."""


def sigma_for_coverage(p: npt.ArrayLike) -> np.ndarray:
    """k such that the k-sigma ellipse of a 2-D Gaussian holds probability p."""
    return np.sqrt(-2.0 * np.log1p(-np.asarray(p, np.float64)))


def coverage_of_sigma(k: npt.ArrayLike) -> np.ndarray:
    """Probability inside the k-sigma ellipse of a 2-D Gaussian, 1 - exp(-k^2/2)."""
    return -np.expm1(-0.5 * np.asarray(k, float) ** 2)


@dataclass(frozen=True, slots=True)
class EllipseLevel:
    coverage: float  # probability held (2-D)
    sigma: float  # k
    semi_major: float  # m
    semi_minor: float  # m
    azimuth: float  # rad, of the long axis, clockwise from north

    def ring(self, lat_deg: float, lon_deg: float, n: int = 72) -> tuple[tuple[float, float], ...]:
        return ellipse_ring(
            lat_deg,
            lon_deg,
            max(self.semi_major, 1.0),
            max(self.semi_minor, 1.0),
            math.degrees(self.azimuth) % 360.0,
            n,
        )


@dataclass(frozen=True, slots=True)
class Footprint:
    """Dispersion of one body's impact: centre (rad), covariance (east, north; m^2), ellipses."""

    latitude: float  # rad
    longitude: float  # rad
    covariance: np.ndarray  # (2, 2) m^2, east/north
    levels: tuple[EllipseLevel, ...]
    method: str  # "linear covariance" | "samples"
    samples: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "samples": self.samples,
            "centre_latitude_deg": round(math.degrees(self.latitude), 6),
            "centre_longitude_deg": round(math.degrees(self.longitude), 6),
            "sigma_east_km": round(math.sqrt(self.covariance[0, 0]) / 1e3, 3),
            "sigma_north_km": round(math.sqrt(self.covariance[1, 1]) / 1e3, 3),
            "ellipses": [
                {
                    "coverage": lv.coverage,
                    "sigma": round(lv.sigma, 4),
                    "semi_major_km": round(lv.semi_major / 1e3, 3),
                    "semi_minor_km": round(lv.semi_minor / 1e3, 3),
                    "azimuth_deg": round(math.degrees(lv.azimuth) % 360.0, 2),
                }
                for lv in self.levels
            ],
        }


def _levels(cov: np.ndarray, coverages: Sequence[float]) -> tuple[EllipseLevel, ...]:
    w, v = np.linalg.eigh(cov)  # ascending
    w = np.clip(w, 0.0, None)
    major = v[:, 1]
    az = math.atan2(major[0], major[1]) % math.pi  # east, north -> clockwise from north
    out = []
    for p in coverages:
        k = float(sigma_for_coverage(p))
        out.append(EllipseLevel(float(p), k, k * math.sqrt(w[1]), k * math.sqrt(w[0]), az))
    return tuple(out)


def footprint_from_covariance(
    lat: float,
    lon: float,
    cov: npt.ArrayLike,
    *,
    coverages: Sequence[float] = COVERAGES,
    method: str = "linear covariance",
    samples: int = 0,
) -> Footprint:
    """Footprint of a Gaussian impact about (lat, lon) (rad) with covariance (east, north; m^2)."""
    c = np.array(cov, float).reshape(2, 2)
    c = 0.5 * (c + c.T)
    c.setflags(write=False)
    return Footprint(float(lat), float(lon), c, _levels(c, coverages), method, samples)


def _east_north(lat: npt.ArrayLike, lon: npt.ArrayLike, lat0: float, lon0: float) -> np.ndarray:
    tr = local_projection(math.degrees(lat0), math.degrees(lon0))
    x, y = tr.transform(np.degrees(np.asarray(lon, float)), np.degrees(np.asarray(lat, float)))
    return np.column_stack([np.ravel(x), np.ravel(y)])


def footprint_from_samples(
    lat: npt.ArrayLike, lon: npt.ArrayLike, *, coverages: Sequence[float] = COVERAGES
) -> Footprint:
    """Footprint fitted to impact samples (rad; NaN rows dropped): mean centre, sample covariance."""
    la = np.asarray(lat, float).ravel()
    lo = np.asarray(lon, float).ravel()
    ok = np.isfinite(la) & np.isfinite(lo)
    la, lo = la[ok], lo[ok]
    if la.size < 3:
        raise ValueError("need at least 3 impact samples")
    lat0, lon0 = float(np.mean(la)), float(np.angle(np.mean(np.exp(1j * lo))))
    xy = _east_north(la, lo, lat0, lon0)
    return footprint_from_covariance(
        lat0, lon0, np.cov(xy.T), coverages=coverages, method="samples", samples=int(la.size)
    )


def empirical_contour(
    lat: npt.ArrayLike, lon: npt.ArrayLike, coverage: float
) -> tuple[tuple[float, float], ...]:
    """Convex hull ((lon_deg, lat_deg), ...) of the fraction ``coverage`` of the samples nearest
    the mean in Mahalanobis distance: the empirical counterpart of an ellipse."""
    from pyproj import Transformer
    from shapely.geometry import MultiPoint

    fp = footprint_from_samples(lat, lon)
    lat = np.asarray(lat, float).ravel()
    lon = np.asarray(lon, float).ravel()
    ok = np.isfinite(lat) & np.isfinite(lon)
    xy = _east_north(lat[ok], lon[ok], fp.latitude, fp.longitude)
    d2 = np.einsum("ij,jk,ik->i", xy, np.linalg.pinv(fp.covariance), xy)
    keep = xy[d2 <= np.quantile(d2, coverage)]
    hull = MultiPoint(keep).convex_hull
    tr = local_projection(math.degrees(fp.latitude), math.degrees(fp.longitude))
    inv = Transformer.from_crs(tr.target_crs, tr.source_crs, always_xy=True)
    hx, hy = np.asarray(hull.exterior.coords).T
    lo, la = inv.transform(hx, hy)
    return tuple((round(float(a), 6), round(float(b), 6)) for a, b in zip(lo, la, strict=True))


def gaussian_samples(footprint: Footprint, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` impact points (lat, lon rad) drawn from the footprint's Gaussian (seeded, so the
    same call gives the same points): the fitted distribution, for integration over a zone."""
    from pyproj import Transformer

    rng = np.random.default_rng(seed)
    c = np.nan_to_num(footprint.covariance)
    xy = rng.multivariate_normal(np.zeros(2), c, size=n, method="eigh")
    tr = local_projection(math.degrees(footprint.latitude), math.degrees(footprint.longitude))
    inv = Transformer.from_crs(tr.target_crs, tr.source_crs, always_xy=True)
    lon, lat = inv.transform(xy[:, 0], xy[:, 1])
    return np.radians(np.asarray(lat)), np.radians(np.asarray(lon))


def perturbed_rows(
    state: npt.ArrayLike,
    *,
    position_sigma_m: float = float(SEPARATION_SIGMA["position_m"]),
    velocity_sigma_m_s: float = float(SEPARATION_SIGMA["velocity_m_s"]),
    drag_sigma: float = float(SEPARATION_SIGMA["drag_fraction"]),
) -> tuple[np.ndarray, np.ndarray]:
    """The 15 fall inputs of a central-difference sensitivity: states (15, 7), drag scale (15,).

    Row 0 is the nominal; rows 1 + 2j and 2 + 2j are +/- one sigma in parameter j (3 position,
    3 velocity, drag).
    """
    s0 = np.asarray(state, float)
    sig = np.array([position_sigma_m] * 3 + [velocity_sigma_m_s] * 3 + [drag_sigma])
    states = np.repeat(s0[None, :], 15, axis=0)
    drag = np.ones(15)
    for j in range(7):
        for sign, row in ((1.0, 1 + 2 * j), (-1.0, 2 + 2 * j)):
            if j < 6:
                states[row, j] += sign * sig[j]
            else:
                drag[row] += sign * sig[j]
    return states, drag


def covariance_from_rows(lat: npt.ArrayLike, lon: npt.ArrayLike) -> tuple[float, float, np.ndarray]:
    """Nominal impact (rad) and linear covariance (east, north; m^2) from the 15 impacts of the
    rows of :func:`perturbed_rows`; NaN covariance if any row does not impact."""
    lat = np.asarray(lat, float)
    lon = np.asarray(lon, float)
    if not np.all(np.isfinite(lat) & np.isfinite(lon)):
        return float(lat[0]), float(lon[0]), np.full((2, 2), np.nan)
    xy = _east_north(lat, lon, lat[0], lon[0])
    jac = np.column_stack([(xy[1 + 2 * j] - xy[2 + 2 * j]) / 2.0 for j in range(7)])  # per sigma
    return float(lat[0]), float(lon[0]), jac @ jac.T


def linear_covariance(
    fall: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    state: npt.ArrayLike,
    **sigmas: float,
) -> tuple[float, float, np.ndarray]:
    """Nominal impact (rad) and its linear covariance (east, north; m^2) for one body.

    ``fall(states (m, 7), drag_scale (m,)) -> (lat (m,), lon (m,))`` in rad, NaN if no impact,
    called once on the 15 rows of :func:`perturbed_rows` (``sigmas`` go there).
    """
    states, drag = perturbed_rows(state, **sigmas)
    return covariance_from_rows(*fall(states, drag))


def candidate_zone_feature(
    zone_id: str,
    name: str,
    footprint: Footprint,
    *,
    vehicle_id: str,
    body_name: str,
    site_id: str,
    inclination_deg: float,
    country: str,
) -> dict[str, Any]:
    """A candidate zone (GeoJSON Feature in the zones-file schema) from the widest footprint.

    For a Gaussian the ellipse is the smallest region with a given coverage, so the 99.999 %
    ellipse is the smallest ellipse that holds the 99.999 % footprint.
    """
    lv = max(footprint.levels, key=lambda e: e.coverage)
    lat, lon = math.degrees(footprint.latitude), math.degrees(footprint.longitude)
    ring = lv.ring(lat, lon)
    a, b = max(lv.semi_major, 1.0) / 1e3, max(lv.semi_minor, 1.0) / 1e3
    props = {
        "id": zone_id,
        "name": name,
        "country": country,
        "region": "",
        "shape": "ellipse",
        "ellipse": {
            "centre_latitude_deg": round(lat, 6),
            "centre_longitude_deg": round(lon, 6),
            "semi_major_km": round(max(a, b), 3),
            "semi_minor_km": round(min(a, b), 3),
            "azimuth_deg": round(math.degrees(lv.azimuth) % 360.0, 2),
            "estimated_centre": True,
        },
        "serves": [
            {
                "vehicles": [vehicle_id],
                "bodies": [body_name],
                "sites": [site_id],
                "inclination_min_deg": round(inclination_deg - 0.3, 2),
                "inclination_max_deg": round(inclination_deg + 0.3, 2),
            }
        ],
        "source": f"baiterek safety: {lv.coverage:.3%} {footprint.method} footprint (candidate)",
        "grade": "C",
        "note": f"candidate: the {lv.sigma:.3f}-sigma ellipse, holding {lv.coverage:.5f} in 2-D",
    }
    return {
        "type": "Feature",
        "id": zone_id,
        "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
        "properties": props,
    }
