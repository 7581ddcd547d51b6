"""``safety(mission)``: where every jettisoned body of a flight comes down, and in which zone.

Flies the mission (or takes a flown trajectory), takes each body's separation state, flies all
bodies to the ground in one batched call of the fall kernel (``safety.fall.impact_points``),
checks each impact against the zones assigned on the route (``safety.containment``), and sizes a
footprint per body from a linear covariance of the separation state (``safety.footprint``). A
body with no zone gets a candidate zone: its 99.999 % ellipse. :func:`assess` does the part after
the fall on plain arrays, so it is tested without flying.

Downrange is the geodesic distance on WGS-84 from the pad to the impact (pyproj).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from baiterek.catalog.zones import ZoneSet, load_zones, zones
from baiterek.errors import InputError
from baiterek.safety.containment import Containment, contain, zone_containment
from baiterek.safety.footprint import (
    SEPARATION_SIGMA,
    Footprint,
    candidate_zone_feature,
    footprint_from_covariance,
    gaussian_samples,
)
from baiterek.safety.zones import geodesic_distance_m

if TYPE_CHECKING:
    import pandas as pd

    from baiterek.catalog.sites import Site
    from baiterek.flight.trajectory import Trajectory
    from baiterek.mission import Mission
    from baiterek.safety.bodies import Body

__all__ = ["BodySafety", "SafetyResult", "Track", "assess", "safety"]

Column = Sequence[float] | npt.NDArray[np.float64]
"""A per-body column: a list or a 1-D array (indexed by body)."""

STATUS = {0: "impact", 1: "orbital", 2: "failed"}
CONTAINMENT_SAMPLES = 20_000
"""Draws from each footprint to integrate it over the assigned zone: with none outside, the
95 % Clopper-Pearson bound on the miss probability is 1.8e-4 (about 3.7/N two-sided)."""


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


def _ro(a: npt.ArrayLike) -> npt.NDArray[np.float64]:
    out = np.array(a, np.float64)
    out.setflags(write=False)
    return out


def track_of(traj: Trajectory) -> Track:
    """Ground and IIP tracks of a trajectory (the IIP from ``flight.iip``, NaN once orbital)."""
    from baiterek.flight.iip import iip_columns

    cols = iip_columns(traj)
    iip_lat = np.radians(np.asarray(cols["iip_latitude_deg"], float))
    iip_lon = np.radians(np.asarray(cols["iip_longitude_deg"], float))
    return Track(*(_ro(a) for a in (traj.time, traj.latitude, traj.longitude, traj.altitude,
                                    iip_lat, iip_lon)))  # fmt: skip


def safety(
    mission: str | Path | Mission,
    *,
    zones_file: str | Path | None = None,
    trajectory: Trajectory | None = None,
) -> SafetyResult:
    """Range safety of a mission (a path to a mission TOML, or a loaded ``Mission``).

    ``zones_file``: a zones GeoJSON (default: the bundled Baikonur zones). ``trajectory``: a
    flown ``Trajectory`` of this mission (else it is flown here).
    """
    from baiterek import catalog
    from baiterek.mission import Mission, load_mission

    m = mission if isinstance(mission, Mission) else load_mission(mission)
    zs = zones() if zones_file is None else load_zones(zones_file)
    site_id = m.mission.site
    if site_id not in zs.sites:
        raise InputError(
            "mission.site", site_id,
            f"a site whose routes the zones file covers ({', '.join(zs.sites) or 'none'})",
            detail=f"{zs.path or zs.name} has no zones for routes from {site_id}",
        )  # fmt: skip
    from baiterek.safety.bodies import bodies_of

    bodies = bodies_of(m.mission.vehicle)
    if trajectory is None:
        from baiterek.flight.simulate import fly

        trajectory = fly(m)
    site = catalog.site(site_id)
    return _fly_bodies(m, trajectory, bodies, zs, site)


def _fly_bodies(
    m: Mission, traj: Trajectory, bodies: Sequence[Body], zs: ZoneSet, site: Site
) -> SafetyResult:
    from baiterek.provenance import provenance
    from baiterek.safety import fall
    from baiterek.safety.bodies import separation_states
    from baiterek.safety.footprint import covariance_from_rows, perturbed_rows

    states, times = separation_states(traj, bodies)
    states = np.asarray(states, float)
    times = np.asarray(times, float)
    nb = len(bodies)
    kw = _fall_kwargs(m, traj, site)
    nominal = fall.impact_points(states[None], times[None], bodies, **kw)

    # the sensitivities: 15 perturbed rows per body, all bodies in one batched fall
    rows = np.zeros((15, nb, 7))
    drag = np.ones((15, nb))
    for j in range(nb):
        rows[:, j, :], drag[:, j] = perturbed_rows(states[j])
    pert = fall.impact_points(
        rows, np.repeat(times[None], 15, axis=0), bodies, drag_scale=drag, decay=False, **kw
    )
    covs = np.full((nb, 2, 2), np.nan)
    for j in range(nb):
        if int(np.asarray(nominal.status)[0, j]) == fall.IMPACT:
            covs[j] = covariance_from_rows(
                np.asarray(pert.latitude)[:, j], np.asarray(pert.longitude)[:, j]
            )[2]

    st = np.asarray(nominal.status)[0]
    orbits: list[dict[str, Any] | None] = []
    for j in range(nb):
        if st[j] == fall.ORBITAL:
            pe = float(np.asarray(nominal.perigee_orbit)[0, j])
            ap = float(np.asarray(nominal.apogee_orbit)[0, j])
            life = float(np.asarray(nominal.decay_time)[0, j])
            orbits.append({
                "perigee_km": round(pe / 1e3, 1) if np.isfinite(pe) else None,
                "apogee_km": round(ap / 1e3, 1) if np.isfinite(ap) else None,
                "decay_days": round(life / 86400.0, 1) if np.isfinite(life) else None,
                "note": "osculating point-mass orbit at separation; decay_days: drag lifetime "
                "(safety.decay; null: over 25 years or unknown), unless the stage is deorbited",
            })  # fmt: skip
        else:
            orbits.append(None)

    def g(name: str) -> npt.NDArray[np.float64]:
        v = getattr(nominal, name, None)
        return np.full(nb, np.nan) if v is None else np.asarray(v, float)[0]

    return assess(
        names=[b.name for b in bodies], kinds=[b.kind for b in bodies],
        events=[b.event for b in bodies], masses=[b.mass_kg for b in bodies],
        separation_time=times, status=st, latitude=g("latitude"), longitude=g("longitude"),
        impact_time=g("time"), impact_speed=g("speed"), impact_angle=g("angle"),
        covariances=covs, vehicle_id=m.mission.vehicle, site_id=site.id,
        site_latitude_deg=site.latitude_deg, site_longitude_deg=site.longitude_deg,
        inclination_deg=math.degrees(m.inclination), zone_set=zs, mission_name=m.mission.name,
        launch_time_utc=m.mission.launch_time_utc, track=track_of(traj), orbits=orbits,
        provenance=provenance(m.to_dict()),
    )  # fmt: skip


def _fall_kwargs(m: Mission, traj: Trajectory, site: Site) -> dict[str, Any]:
    """Keyword arguments of ``impact_points`` for this mission (site, epoch, wind)."""
    return {"site": site, "wind": m.wind_profile()}
