"""The part of a safety analysis after the fall, on plain per-body arrays (:func:`assess`):
containment in the zones assigned on the route (``safety.containment``), a footprint per body
from its separation covariance (``safety.footprint``), the probability of landing inside the
zone, and for a body with no zone a candidate zone (its 99.999 % ellipse). Tested without flying.

Downrange is the geodesic distance on WGS-84 from the pad to the impact (pyproj).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from baiterek.catalog.zones import ZoneSet
from baiterek.safety.containment import contain, zone_containment
from baiterek.safety.footprint import (
    candidate_zone_feature,
    footprint_from_covariance,
    gaussian_samples,
)
from baiterek.safety.result import BodySafety, SafetyResult, Track
from baiterek.safety.zones import geodesic_distance_m

__all__ = ["CONTAINMENT_SAMPLES", "STATUS", "Column", "assess"]

Column = Sequence[float] | npt.NDArray[np.float64]
"""A per-body column: a list or a 1-D array (indexed by body)."""

STATUS = {0: "impact", 1: "orbital", 2: "failed"}
CONTAINMENT_SAMPLES = 20_000
"""Draws from each footprint to integrate it over the assigned zone: with none outside, the
95 % Clopper-Pearson bound on the miss probability is 1.8e-4 (about 3.7/N two-sided)."""


def _country(lat_deg: float, lon_deg: float) -> str:
    """KZ inside Kazakhstan (Natural Earth 1:110m, shipped with flight/iip.py), RU north of it
    (the only neighbour Baikonur routes overfly there [U]), else ZZ (ISO "unknown")."""
    import shapely

    from baiterek.flight.iip import borders

    kz, land = borders()
    if shapely.contains_xy(kz, lon_deg, lat_deg):
        return "KZ"
    if lat_deg > 49.0 and shapely.contains_xy(land, lon_deg, lat_deg):
        return "RU"
    return "ZZ"


def _border_note(ring: npt.ArrayLike) -> str:
    """Whether a candidate area crosses Kazakhstan's border (French regulation 2011, art. 23:
    the 99.999 % zone must not touch another State without its consent)."""
    from shapely.geometry import Polygon

    from baiterek.flight.iip import borders

    kz, _ = borders()
    return "; crosses the Kazakhstan border" if Polygon(ring).intersects(kz.boundary) else ""


def assess(
    *,
    names: Sequence[str], kinds: Sequence[str], events: Sequence[str], masses: Column,
    separation_time: Column, status: Sequence[int] | npt.NDArray[np.int64],
    latitude: npt.ArrayLike, longitude: npt.ArrayLike, impact_time: Column, impact_speed: Column,
    impact_angle: Column,
    covariances: npt.NDArray[np.float64] | Sequence[npt.ArrayLike], vehicle_id: str,
    site_id: str, site_latitude_deg: float, site_longitude_deg: float, inclination_deg: float,
    zone_set: ZoneSet, mission_name: str = "", launch_time_utc: str = "",
    track: Track | None = None, orbits: Sequence[dict[str, Any] | None] | None = None,
    provenance: dict[str, Any] | None = None,
) -> SafetyResult:  # fmt: skip
    """Containment, footprints and candidate zones from per-body fall results (SI, rad).

    ``covariances`` is (n_bodies, 2, 2) east/north m^2 (NaN: no footprint); ``status`` holds the
    fall kernel's codes (0 impact, 1 orbital, 2 failed).
    """
    bodies = []
    candidates = []
    lat_d = np.degrees(np.asarray(latitude, float))
    lon_d = np.degrees(np.asarray(longitude, float))
    dr = geodesic_distance_m(site_latitude_deg, site_longitude_deg, np.nan_to_num(lat_d),
                             np.nan_to_num(lon_d))  # fmt: skip
    for i, name in enumerate(names):
        st = STATUS.get(int(status[i]), "failed")
        imp = st == "impact"
        c = contain(
            lat_d[i] if imp else float("nan"), lon_d[i] if imp else float("nan"), zone_set,
            vehicle_id=vehicle_id, body_name=name, site_id=site_id,
            inclination_deg=inclination_deg,
        )  # fmt: skip
        fp = None
        p_in = None
        cov = np.asarray(covariances[i], float)
        if imp and np.all(np.isfinite(cov)):
            fp = footprint_from_covariance(math.radians(lat_d[i]), math.radians(lon_d[i]), cov)
            if c.zone is not None:
                slat, slon = gaussian_samples(fp, CONTAINMENT_SAMPLES, seed=i)
                p_in = zone_containment(slat, slon, zone_set.zone(c.zone))
                p_in["method"] = "linear-covariance Gaussian, sampled (seeded)"
            if c.zone is None:
                feat = candidate_zone_feature(
                    f"candidate-{vehicle_id}-{name}".lower().replace(".", "-"),
                    f"Candidate fall area for {name} of {vehicle_id} from {site_id} at "
                    f"{inclination_deg:.1f} deg",
                    fp,
                    vehicle_id=vehicle_id,
                    body_name=name,
                    site_id=site_id,
                    inclination_deg=inclination_deg,
                    country=_country(lat_d[i], lon_d[i]),
                )
                feat["properties"]["note"] += _border_note(feat["geometry"]["coordinates"][0])
                candidates.append(feat)
        bodies.append(
            BodySafety(
                name=name,
                kind=kinds[i],
                event=events[i],
                status=st,
                mass=float(masses[i]),
                separation_time=float(separation_time[i]),
                impact_time=float(impact_time[i]) if imp else float("nan"),
                latitude=float(np.radians(lat_d[i])) if imp else float("nan"),
                longitude=float(np.radians(lon_d[i])) if imp else float("nan"),
                downrange=float(dr[i]) if imp else float("nan"),
                impact_speed=float(impact_speed[i]) if imp else float("nan"),
                impact_angle=float(impact_angle[i]) if imp else float("nan"),
                containment=c,
                footprint=fp,
                orbit=None if orbits is None else orbits[i],
                probability_inside=p_in,
            )  # fmt: skip
        )
    return SafetyResult(
        mission_name=mission_name, vehicle_id=vehicle_id, site_id=site_id,
        site_latitude_deg=site_latitude_deg, site_longitude_deg=site_longitude_deg,
        inclination_deg=inclination_deg, launch_time_utc=launch_time_utc, bodies=tuple(bodies),
        zone_set=zone_set, candidates=tuple(candidates), track=track,
        provenance=dict(provenance or {}),
    )  # fmt: skip
