"""Ascent geometry for launch windows: where the orbit plane lies relative to the pad at liftoff.

A launch window needs three things from the ascent: how long it lasts (liftoff to insertion),
the right ascension of the insertion orbit's node in the *launch frame* (Earth-centred,
non-rotating, axes = ITRS at liftoff), and the vehicle's argument of latitude at insertion.
This module is their one owner; the window searches (:mod:`baiterek.windows.search`) take the
geometry *injected* (an :class:`AscentGeometry`, or a provider ``(inclination_rad, heading) ->
AscentGeometry``) and never choose it themselves. The caller chooses, in one line::

    provider = geometry_provider("soyuz-2.1a", "baikonur-31-6", source="simulator")
    g = ascent_geometry("soyuz-2.1a", "baikonur-31-6", 0.9, "north", source="analytic")

``source="analytic"``: :func:`analytic_ascent_geometry` with the vehicle's nominal ascent
duration from its catalog file (``[vehicle.ascent] nominal_duration_s``, with its source).
``source="simulator"``: everything from a guided ascent flown by :mod:`baiterek.flight` (the
vehicle's reference payload, or a given one, to a low insertion orbit): its duration, the node
of its insertion orbit in the launch frame and its argument of latitude at insertion
(:func:`geometry_from_trajectory`), with no calibrated coefficient. The guidance steers out of
plane from liftoff (:mod:`baiterek.flight.azimuth`: the kick azimuth of the largest cutoff
mass), so the pad's offset from the plane is the simulator's own. Windows sit above flight in
the layers, so this module may import it (lazily: the compiled kernel loads only when a
simulator geometry is asked for). Simulated geometries are cached per (vehicle, site,
inclination, heading, payload, orbit).

Mean elements: a TLE target's plane is its SGP4 *mean* plane, so the simulator's plane is
matched in mean elements too (:func:`mean_plane`: a TLE fitted to the inserted orbit over one
revolution), and the ascent aims at the osculating inclination whose mean is the target's. For
Soyuz to the ISS, inserted near an argument of latitude of 82 deg, J2's short-period terms put
the mean inclination 0.020 deg above the osculating one and the mean node 0.007 deg west;
matching the osculating plane to the mean one had made every instant 16 s early.

How far it is from the real launches (tests/validation/test_iss_launch_windows.py prints it):
Soyuz-2.1a to the ISS puts the pad 0.336 deg from its mean insertion plane at liftoff, against
about 0.27 deg at the real liftoffs (the skyfield computation below, osculating), so the
simulator's instants come out about 60 s early (Soyuz MS-17 -59.0 s, Progress MS-23 -66.1 s,
the 34-orbit Progress MS-16 -66.4 s): the real Soyuz yaw program is not the mass-optimal one
(its drop zones, for one, fix the ground track). The mass optimum is too flat to set it: the
optimal kick azimuth (61.78 deg) carries 0.26 kg more than the unsteered one (62.18 deg, pad
0.369 deg out, -84 s on MS-17), and 61.0 deg (pad 0.274 deg out, about the real launches')
costs 0.94 kg of a 10,164 kg cutoff mass: a kilogram spans the whole range of pad offsets. The
unfitted analytic model with the steering spread over the whole flight
(``steer_end_fraction=1``) gives 0.37 deg, the simulator's osculating plane 0.36 deg: the
documented cross-check (tests/integration/test_yaw_steering.py). The calibrated analytic model
(``source="analytic"``) is kept as the option that meets the real instants.

The analytic model: out-of-plane motion during the powered flight
-------------------------------------------------------------------
Let z be the vehicle's distance from the target orbit plane (positive on the side of the orbit
normal h = r x v). At liftoff the vehicle sits on the pad, z(0) = z0, and moves with the pad's
inertial velocity, whose component normal to the plane is v0 = (omega x r_pad) . h_hat (for an
ascending, north-east pass from Baikonur to 51.6 deg, v0 = -147 m/s: the pad is carried *toward*
and across the plane). At insertion (t = T) the vehicle must be in the plane with no normal
velocity: z(T) = 0, z'(T) = 0. In between:

    z'' = -n^2 z + a_n(t),      n^2 = mu / r^3 (out-of-plane component of gravity)

Yaw-steering assumption: a constant out-of-plane thrust acceleration a_n from liftoff to a
fraction f of the ascent, none after (the vehicle nulls its inherited normal velocity while it
is slow and flies the last part in the plane). Gravity's n is taken at the mean radius of the
flight (pad radius + 100 km). The two end conditions are linear in (z0, a_n); solving them
gives the pad offset z0 (closed form, ``pad_offset_angle``).

Calibration (one coefficient, one case). f = 0.681 is fitted on Soyuz MS-17 alone (the
predicted 2-orbit launch instant lands on 2020-10-14T05:45:04Z; ``benchmarks/calibrate_ascent.py``
reproduces it, fitted before the plane lead of the rendezvous schemes existed; with the lead,
``windows.phasing.plane_lead``, MS-17 lands 7 s late and is not refitted); Progress MS-23 is the
validation case (0.2 s miss with the lead). For Soyuz-2.1a from Site 31/6
to 51.64 deg this gives a_n = 0.43 m/s^2 (a yaw of one to two degrees) and a pad 0.25 deg on the
+h side of the (mean) plane at liftoff. Unfitted variants of the same model launch too early:
steering spread over the whole flight (f = 1) puts the pad 0.37 deg out of plane and misses
MS-17 by -92 s; steering by the upper stages only (booster separation at T+118.9 s to
insertion) gives 0.47 deg and -160 s. Sensitivities (MS-17): +/-10 s of ascent duration moves
the launch by -/+3.7 s, +/-0.03 in f by -/+8 s; the downrange angle changes only the phase
(1 deg per deg). Note: docs/reference/validation-public.md sec. 1 says the pad was 0.43-0.45 deg out of the
plane at the real launches; an independent skyfield computation (ISS SGP4 state, WGS-84 pad)
gives 0.275 deg at the MS-17 liftoff and 0.265 deg at the MS-23 liftoff
(tests/validation/test_iss_launch_windows.py), which is what the calibrated model reproduces.

Given the pad offset angle delta = z0 / |r_pad|, the insertion plane's node in the launch frame
follows from h_hat . r_pad_hat = sin(delta) (spherical trigonometry below), and the
argument of latitude at insertion is the pad's argument of latitude in that plane plus the
downrange angle travelled in inertial space (default 18 deg: integrating a typical Soyuz inertial
horizontal speed profile, about 0.1 km/s average to booster separation, 3 km/s on the core stage,
6 km/s on the third stage, gives about 2,060 km at r = 6,570 km).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from baiterek import catalog
from baiterek.catalog.sites import Site
from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A
from baiterek.earth.geodesy import geodetic_to_ecef
from baiterek.errors import ConvergenceError, InfeasibleError, InputError

if TYPE_CHECKING:
    from baiterek.flight.trajectory import Trajectory

GeometrySource = Literal["simulator", "analytic"]
GeometryProvider = Callable[[float, str], "AscentGeometry"]
"""``(inclination_rad, heading) -> AscentGeometry``: what the window searches call per heading."""

__all__ = [
    "AscentGeometry",
    "DEFAULT_DOWNRANGE_ANGLE_RAD",
    "GeometryProvider",
    "GeometrySource",
    "STEER_END_FRACTION",
    "analytic_ascent_geometry",
    "ascent_geometry",
    "geometry_from_trajectory",
    "geometry_provider",
    "mean_plane",
    "nominal_ascent_duration_s",
    "pad_offset_angle",
    "simulated_ascent_geometry",
]

STEER_END_FRACTION = 0.681
"""Fraction of the ascent over which the out-of-plane steering acts [D], calibrated on Soyuz
MS-17 only (``benchmarks/calibrate_ascent.py``); validated on Progress MS-23."""

DEFAULT_DOWNRANGE_ANGLE_RAD = math.radians(18.0)
"""Inertial angle from the pad to the insertion point, rad [D] (see the module docstring)."""

_MEAN_INCLINATION_TOL_RAD = math.radians(2e-4)
"""Below this the simulated ascent's mean inclination is taken as the target's (the TLE prints
1e-4 deg)."""

_MEAN_ALTITUDE_M = 100e3  # mean altitude of the powered flight for the out-of-plane gravity [D]


@dataclass(frozen=True, slots=True)
class AscentGeometry:
    """What the windows need from an ascent (the simulator contract)."""

    duration_s: float  # liftoff to orbit insertion
    node_offset_rad: float  # RAAN of the insertion orbit in the launch frame
    # = RAAN(TEME, true-of-date) - GMST(liftoff) (polar motion neglected)
    arglat_insertion_rad: float  # argument of latitude of the vehicle at insertion
    source: str  # "analytic", or how the simulator's numbers were obtained
    pad_offset_rad: float = math.nan  # the pad's angle from the insertion plane at liftoff

    def to_json(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s,
            "node_offset_deg": math.degrees(self.node_offset_rad),
            "arglat_insertion_deg": math.degrees(self.arglat_insertion_rad),
            "pad_offset_deg": math.degrees(self.pad_offset_rad)
            if math.isfinite(self.pad_offset_rad)
            else None,
            "source": self.source,
        }


def _pad_vector(site: Site) -> np.ndarray:
    return geodetic_to_ecef(site.latitude, site.longitude, site.altitude_m)


def _plane_normal(raan: float, inc: float) -> np.ndarray:
    return np.array(
        [math.sin(inc) * math.sin(raan), -math.sin(inc) * math.cos(raan), math.cos(inc)]
    )


def _node_through(r_hat: np.ndarray, inc: float, heading: str, sin_delta: float) -> float:
    """Node longitude (launch frame) of the plane of inclination inc whose normal satisfies
    h_hat . r_hat = sin_delta, on the ascending (north) or descending (south) half."""
    lon = math.atan2(r_hat[1], r_hat[0])
    sin_lat = r_hat[2]
    cos_lat = math.hypot(r_hat[0], r_hat[1])
    # sin i cos(lat) sin(raan - lon) + cos i sin(lat) = sin_delta
    x = (sin_delta - math.cos(inc) * sin_lat) / (math.sin(inc) * cos_lat)
    if abs(x) > 1.0:
        raise InfeasibleError(
            f"an orbit of inclination {math.degrees(inc):.3f} deg does not pass over the pad "
            f"(geocentric latitude {math.degrees(math.asin(sin_lat)):.3f} deg)",
            {"min_inclination_deg": math.degrees(math.asin(sin_lat))},
        )
    d = math.asin(x)
    return (lon + d) % (2 * math.pi) if heading == "north" else (lon + math.pi - d) % (2 * math.pi)


def pad_offset_angle(
    site: Site,
    inclination_rad: float,
    heading: str,
    duration_s: float,
    steer_start_s: float = 0.0,
    steer_end_s: float | None = None,
) -> tuple[float, float]:
    """(delta, a_n): the pad's angle from the target plane at liftoff (rad, + on the h side)
    and the constant out-of-plane thrust acceleration (m/s^2) on [steer_start_s, steer_end_s]
    (the model in the module docstring; steer_end_s defaults to the duration)."""
    r_pad = _pad_vector(site)
    rn = float(np.linalg.norm(r_pad))
    r_hat = r_pad / rn
    n = math.sqrt(MU_EARTH / (rn + _MEAN_ALTITUDE_M) ** 3)
    big_t = float(duration_s)
    t_a = float(steer_start_s)
    t_b = big_t if steer_end_s is None else min(float(steer_end_s), big_t)
    if not 0.0 <= t_a < t_b:
        raise InputError("steer_start_s", t_a, f"0 <= start < end ({t_b} s)")
    v_pad = np.cross([0.0, 0.0, OMEGA_EARTH], r_pad)
    c, s = math.cos(n * big_t), math.sin(n * big_t)
    # response at T to a unit constant acceleration on [t_a, t_b]
    gz = (math.cos(n * (big_t - t_b)) - math.cos(n * (big_t - t_a))) / n**2
    gv = (math.sin(n * (big_t - t_a)) - math.sin(n * (big_t - t_b))) / n
    m = np.array([[c, gz], [-n * s, gv]])  # rows: z(T) = 0 and z'(T) = 0 in (z0, a_n)
    delta = 0.0
    a_n = 0.0
    for _ in range(3):  # the plane normal depends (weakly) on delta
        raan = _node_through(r_hat, inclination_rad, heading, math.sin(delta))
        v0 = float(v_pad @ _plane_normal(raan, inclination_rad))
        z0, a_n = np.linalg.solve(m, np.array([-v0 * s / n, -v0 * c]))
        delta = float(z0) / rn
    return delta, float(a_n)


def analytic_ascent_geometry(
    site: Site,
    inclination_rad: float,
    heading: str,
    duration_s: float,
    downrange_angle_rad: float | None = None,
    steer_end_fraction: float | None = None,
) -> AscentGeometry:
    """The ascent geometry from the out-of-plane model of the module docstring.

    ``steer_end_fraction``: the out-of-plane steering acts from liftoff to this fraction of the
    ascent; default ``STEER_END_FRACTION`` (calibrated on Soyuz MS-17, see the docstring).
    """
    if heading not in ("north", "south"):
        raise InputError("heading", heading, "'north' or 'south'")
    if not duration_s > 0:
        raise InputError("duration_s", duration_s, "a positive ascent duration in s")
    f = STEER_END_FRACTION if steer_end_fraction is None else float(steer_end_fraction)
    if not 0.0 < f <= 1.0:
        raise InputError("steer_end_fraction", f, "0 < fraction <= 1")
    dr = DEFAULT_DOWNRANGE_ANGLE_RAD if downrange_angle_rad is None else downrange_angle_rad
    delta, _ = pad_offset_angle(site, inclination_rad, heading, duration_s, 0.0, f * duration_s)
    r_pad = _pad_vector(site)
    r_hat = r_pad / np.linalg.norm(r_pad)
    raan = _node_through(r_hat, inclination_rad, heading, math.sin(delta))
    h = _plane_normal(raan, inclination_rad)
    node = np.array([math.cos(raan), math.sin(raan), 0.0])
    u_pad = math.atan2(float(r_hat @ np.cross(h, node)), float(r_hat @ node))
    return AscentGeometry(
        duration_s=float(duration_s),
        node_offset_rad=raan,
        arglat_insertion_rad=(u_pad + dr) % (2 * math.pi),
        source="analytic",
        pad_offset_rad=delta,
    )


def nominal_ascent_duration_s(vehicle_id: str) -> float:
    """The vehicle's nominal liftoff-to-insertion time, s (catalog ``[vehicle.ascent]``)."""
    return catalog.vehicle(vehicle_id).ascent.nominal_duration_s


def mean_plane(traj: Trajectory) -> tuple[float, float]:
    """(raan_launch_frame, inclination), rad, of the insertion orbit's SGP4 *mean* plane: a TLE
    fitted over one revolution (:func:`baiterek.orbit.tle.tle_from_state`), its node turned to the
    launch frame with the osculating offset (node at liftoff's GMST, as ``InsertionOrbit``).

    A station's plane comes from its TLE, i.e. mean elements; the osculating plane at insertion
    differs from the mean one by J2's short-period terms (for Soyuz to the ISS, inserted at an
    argument of latitude near 82 deg: the mean inclination is 0.02 deg above the osculating one,
    the mean node 0.007 deg west), which would otherwise move the launch instant by about 15 s.
    """
    from baiterek.orbit.tle import tle_from_state

    ins = traj.insertion
    if ins is None:
        raise InfeasibleError(f"the simulated ascent of {traj.vehicle_id} reached no orbit")
    r, v = traj.insertion_state_gcrs()
    sat = tle_from_state(traj.insertion_epoch_utc, r, v, span_s=ins.period, step_s=60.0).satrec()
    d_node = (float(sat.nodeo) - ins.raan + math.pi) % (2 * math.pi) - math.pi
    return (ins.raan_launch_frame + d_node) % (2 * math.pi), float(sat.inclo)


def geometry_from_trajectory(
    traj: Trajectory, mean: bool = True, plane: tuple[float, float] | None = None
) -> AscentGeometry:
    """Window geometry of a simulated ascent, all from the simulator: its duration, the node of
    its insertion orbit in the launch frame and its argument of latitude at insertion (no
    calibrated coefficient; see the module docstring). ``mean``: the node and the pad's offset are
    those of the insertion orbit's SGP4 mean plane (:func:`mean_plane`), the plane a TLE target
    is matched in (``plane``: that plane when already computed); else the osculating plane at
    insertion."""
    ins = traj.insertion
    if ins is None:
        raise InfeasibleError(f"the simulated ascent of {traj.vehicle_id} reached no orbit")
    if mean:
        node, inc = mean_plane(traj) if plane is None else plane
        h = _plane_normal(node, inc)
        which = f"mean (SGP4) plane, {math.degrees(inc):.4f} deg"
    else:
        r1, v1 = traj.position[-1], traj.velocity[-1]
        node, h = float(ins.raan_launch_frame), np.cross(r1, v1)
        which = "osculating insertion plane"
    r0 = traj.position[0]
    pad_offset = math.asin(float(h @ r0) / float(np.linalg.norm(h) * np.linalg.norm(r0)))
    azimuth = traj.guidance.get("launch_azimuth_deg")
    steer = "" if azimuth is None else f", kick azimuth {azimuth:.2f} deg"
    return AscentGeometry(
        duration_s=float(ins.time),
        node_offset_rad=float(node),
        arglat_insertion_rad=float(ins.argument_of_latitude),
        source=(
            f"simulator: {traj.vehicle_id}, {traj.payload_mass:.0f} kg, insertion at "
            f"{ins.time:.1f} s{steer}, pad {math.degrees(pad_offset):+.3f} deg from the "
            f"{which} at liftoff (no calibrated coefficient)"
        ),
        pad_offset_rad=pad_offset,
    )


def simulated_ascent_geometry(
    vehicle_id: str,
    site_id: str,
    inclination_rad: float,
    heading: str,
    payload_kg: float | None = None,
    perigee_km: float = 200.0,
    apogee_km: float | None = None,
) -> AscentGeometry:
    """Geometry of a guided ascent to a perigee_km x apogee_km orbit (reference payload by
    default; a payload beyond the model's reach falls back to 90, 80, 60 %, said in ``source``)."""
    v = catalog.vehicle(vehicle_id)
    payload = v.reference_payload_kg if payload_kg is None else float(payload_kg)
    return _simulated(
        vehicle_id,
        site_id,
        round(float(inclination_rad), 12),
        heading,
        payload,
        float(perigee_km),
        float(perigee_km if apogee_km is None else apogee_km),
    )


@lru_cache(maxsize=256)
def _simulated(
    vehicle_id: str,
    site_id: str,
    inclination: float,
    heading: str,
    payload: float,
    perigee_km: float,
    apogee_km: float,
) -> AscentGeometry:
    from baiterek.flight import guidance as G
    from baiterek.flight.azimuth import solution_azimuth
    from baiterek.flight.simulate import setup, simulate, solve_guidance

    rp = WGS84_A + perigee_km * 1e3
    ra = WGS84_A + apogee_km * 1e3

    def flown(inc: float) -> Trajectory:
        target = G.OrbitTarget(rp, 0.0, 0.5 * (rp + ra), inc, heading)
        for factor in (1.0, 0.9, 0.8, 0.6):
            st = setup(vehicle_id, site_id, payload * factor, target)
            try:
                sol = solve_guidance(st)
                break
            except (InfeasibleError, ConvergenceError):
                if factor == 0.6:
                    raise
        info = {"launch_azimuth_deg": math.degrees(solution_azimuth(sol))}
        return simulate(st, sol.prm, "2027-01-01T00:00:00Z", info)

    # the guidance targets an osculating inclination; the station's is a mean one: aim the
    # osculating inclination that gives the mean one (one correction: the short-period term
    # hardly changes with it)
    traj = flown(inclination)
    plane = mean_plane(traj)
    if abs(plane[1] - inclination) > _MEAN_INCLINATION_TOL_RAD:
        traj = flown(inclination - (plane[1] - inclination))
        plane = mean_plane(traj)
    return geometry_from_trajectory(traj, plane=plane)


def ascent_geometry(
    vehicle_id: str,
    site_id: str,
    inclination_rad: float,
    heading: str,
    *,
    source: GeometrySource = "simulator",
    payload_kg: float | None = None,
    perigee_km: float = 200.0,
    apogee_km: float | None = None,
) -> AscentGeometry:
    """The ascent geometry from the chosen ``source`` ("simulator" or "analytic")."""
    if source == "simulator":
        return simulated_ascent_geometry(
            vehicle_id, site_id, inclination_rad, heading, payload_kg, perigee_km, apogee_km
        )
    if source == "analytic":
        return analytic_ascent_geometry(
            catalog.site(site_id), inclination_rad, heading, nominal_ascent_duration_s(vehicle_id)
        )
    raise InputError("geometry_source", source, "'simulator' or 'analytic'")


def geometry_provider(
    vehicle_id: str,
    site_id: str,
    *,
    source: GeometrySource = "simulator",
    payload_kg: float | None = None,
    perigee_km: float = 200.0,
    apogee_km: float | None = None,
) -> GeometryProvider:
    """A provider ``(inclination_rad, heading) -> AscentGeometry`` for the window searches."""
    if source not in ("simulator", "analytic"):
        raise InputError("geometry_source", source, "'simulator' or 'analytic'")
    catalog.vehicle(vehicle_id)  # unknown ids fail here, before any search
    catalog.site(site_id)

    def provide(inclination_rad: float, heading: str) -> AscentGeometry:
        return ascent_geometry(
            vehicle_id,
            site_id,
            inclination_rad,
            heading,
            source=source,
            payload_kg=payload_kg,
            perigee_km=perigee_km,
            apogee_km=apogee_km,
        )

    return provide
