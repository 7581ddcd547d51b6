"""``safety(mission)``: where every jettisoned body of a flight comes down, and in which zone.

Flies the mission (or takes a flown trajectory), takes each body's separation state, flies all
bodies to the ground in one batched call of the fall kernel (``safety.fall.impact_points``),
perturbs the separation states for the footprint covariances, and hands the falls to
:func:`~baiterek.safety.assessment.assess`. The result types live in ``safety.result``; both
are re-exported here.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from baiterek.catalog.zones import ZoneSet, load_zones, zones
from baiterek.errors import InputError
from baiterek.safety.assessment import CONTAINMENT_SAMPLES, STATUS, Column, assess
from baiterek.safety.result import BodySafety, SafetyResult, Track

if TYPE_CHECKING:
    from baiterek.catalog.sites import Site
    from baiterek.flight.trajectory import Trajectory
    from baiterek.mission import Mission
    from baiterek.safety.bodies import Body

__all__ = [
    "BodySafety",
    "SafetyResult",
    "Track",
    "assess",
    "fly_ascent",
    "safety",
    "track_of",
    "CONTAINMENT_SAMPLES",
    "STATUS",
    "Column",
]


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
    flown ``Trajectory`` of this mission (else it is flown here). The bodies are those of the
    flight as its ``[configuration]`` flies it (``safety.bodies.flown_bodies``).
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
    from baiterek.flight.configuration import FlownConfiguration
    from baiterek.safety.bodies import bodies_of, flown_bodies

    bodies = flown_bodies(bodies_of(m.mission.vehicle), catalog.vehicle(m.mission.vehicle),
                          FlownConfiguration.from_section(m.configuration))  # fmt: skip
    if trajectory is None:
        trajectory = fly_ascent(m)
    site = catalog.site(site_id)
    return _fly_bodies(m, trajectory, bodies, zs, site)


def fly_ascent(m: Mission) -> Trajectory:
    """The ascent whose bodies fall: ``flight.simulate.fly``, or with ``mission.upper_stage``
    the stacked vehicle (``catalog.stacked``) guided to the circular parking orbit at the
    target's perigee (as ``baiterek performance`` flies it): the launcher's last stage then
    separates from the orbital block (upper stage and payload) on a suborbital path and falls,
    as on Proton-M/Breeze-M flights."""
    from baiterek.flight import guidance as G
    from baiterek.flight.configuration import FlownConfiguration
    from baiterek.flight.simulate import fly, orbit_target, setup, simulate, solve_guidance
    from baiterek.provenance import provenance

    if not m.mission.upper_stage:
        return fly(m)
    if m.mission.payload_kg is None:
        raise InputError("mission.payload_kg", None, "a payload mass in kg (safety flies one)")
    t = orbit_target(m)
    parking = G.OrbitTarget(t.radius, 0.0, t.radius, t.inclination, t.heading)
    st = setup(
        m.mission.vehicle, m.mission.site, m.mission.payload_kg, parking, m.wind_profile(),
        upper_stage_id=m.mission.upper_stage, launch_inclination=m.launch_inclination,
        configuration=FlownConfiguration.from_section(m.configuration),
    )  # fmt: skip
    sol = solve_guidance(st)
    info = {
        "launch_azimuth_deg": math.degrees(st.problem.azimuth),
        "pitch_over_kick_deg": math.degrees(sol.kick),
        "pitch_over_speed_m_s": st.problem.pitch_over_speed,
        "closed_loop_start_s": st.sequence.closed_loop_start,
        "kick_evaluations": sol.iterations,
        "upper_stage": m.mission.upper_stage,
        "parking_radius_m": t.radius,
    }
    traj = simulate(st, sol.prm, m.mission.launch_time_utc, info)
    return dataclasses.replace(traj, provenance=provenance(m.to_dict()))


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
