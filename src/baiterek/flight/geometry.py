"""Ascent geometry for launch-window planning: duration and downrange from the simulator.

What a launch window needs from an ascent: its duration, the node of the insertion orbit in
the launch frame (RAAN - GMST at liftoff) and the argument of latitude at insertion. The
duration and the downrange angle come from a guided ascent (the vehicle's reference payload or
a given one, to a low insertion orbit); the pad's offset from the plane comes from the analytic
out-of-plane model of :mod:`baiterek.windows.ascent`, calibrated on Soyuz MS-17.

Why not the simulator's own node: baiterek's guidance removes the out-of-plane velocity
inherited from the Earth's rotation with a constant yaw after the first separation; flown that
way, the predicted ISS launch instants come out about 115 s early for both Soyuz MS-17 and
Progress MS-23 (see tests/validation/test_iss_launch_windows.py, which prints it). The real
Soyuz yaw program evidently starts earlier; until it is modelled, the calibrated analytic offset
is used. Results are cached per (vehicle, site, inclination, heading, payload, orbit).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from baiterek import catalog
from baiterek.constants import WGS84_A
from baiterek.errors import ConvergenceError, InfeasibleError
from baiterek.flight import guidance as G
from baiterek.flight.simulate import setup, simulate, solve_guidance
from baiterek.windows.ascent import AscentGeometry, analytic_ascent_geometry


def ascent_geometry(
    vehicle_id: str,
    site_id: str,
    inclination_rad: float,
    heading: str,
    payload_kg: float | None = None,
    perigee_km: float = 200.0,
    apogee_km: float | None = None,
) -> AscentGeometry:
    """Duration, launch-frame node and insertion argument of latitude of a simulated ascent."""
    v = catalog.vehicle(vehicle_id)
    payload = v.reference_payload_kg if payload_kg is None else float(payload_kg)
    return _cached(
        vehicle_id,
        site_id,
        round(float(inclination_rad), 12),
        heading,
        payload,
        perigee_km,
        perigee_km if apogee_km is None else apogee_km,
    )


@lru_cache(maxsize=256)
def _cached(vehicle_id, site_id, inclination, heading, payload, perigee_km, apogee_km):
    rp = WGS84_A + perigee_km * 1e3
    ra = WGS84_A + apogee_km * 1e3
    target = G.OrbitTarget(rp, 0.0, 0.5 * (rp + ra), inclination, heading)
    # a reference payload beyond the model's reach falls back to lighter ones (said in `source`)
    for factor in (1.0, 0.9, 0.8, 0.6):
        st = setup(vehicle_id, site_id, payload * factor, target)
        try:
            sol = solve_guidance(st)
            break
        except (InfeasibleError, ConvergenceError):
            if factor == 0.6:
                raise
    payload *= factor
    traj = simulate(st, sol.prm, "2027-01-01T00:00:00Z")
    return geometry_from_trajectory(traj, inclination, heading)


def geometry_from_trajectory(traj, inclination: float, heading: str) -> AscentGeometry:
    """Window geometry with the duration and downrange angle of a simulated ascent."""
    r0 = traj.position[0]
    r1 = traj.position[-1]
    downrange = math.acos(
        max(-1.0, min(1.0, float(r0 @ r1) / float(np.linalg.norm(r0) * np.linalg.norm(r1))))
    )
    analytic = analytic_ascent_geometry(
        catalog.site(traj.site_id), inclination, heading, traj.insertion.time, downrange
    )
    return AscentGeometry(
        duration_s=analytic.duration_s,
        node_offset_rad=analytic.node_offset_rad,
        arglat_insertion_rad=analytic.arglat_insertion_rad,
        source=(
            f"simulator duration {traj.insertion.time:.1f} s and downrange "
            f"{math.degrees(downrange):.2f} deg ({traj.vehicle_id}, {traj.payload_mass:.0f} kg); "
            "analytic pad offset calibrated on Soyuz MS-17"
        ),
    )
