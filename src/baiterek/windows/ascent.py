"""Ascent geometry for launch windows: where the orbit plane lies relative to the pad at liftoff.

A launch window needs three things from the ascent: how long it lasts (liftoff to insertion),
the right ascension of the insertion orbit's node in the *launch frame* (Earth-centred,
non-rotating, axes = ITRS at liftoff), and the vehicle's argument of latitude at insertion.
The real simulator will provide them as ``baiterek.flight.ascent_geometry``; until then
:func:`analytic_ascent_geometry` gives them from a small physical model.

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
reproduces it); Progress MS-23 is the validation case (7 s miss). For Soyuz-2.1a from Site 31/6
to 51.64 deg this gives a_n = 0.43 m/s^2 (a yaw of one to two degrees) and a pad 0.25 deg on the
+h side of the (mean) plane at liftoff. Unfitted variants of the same model launch too early:
steering spread over the whole flight (f = 1) puts the pad 0.37 deg out of plane and misses
MS-17 by -92 s; steering by the upper stages only (booster separation at T+118.9 s to
insertion) gives 0.47 deg and -160 s. Sensitivities (MS-17): +/-10 s of ascent duration moves
the launch by -/+3.7 s, +/-0.03 in f by -/+8 s; the downrange angle changes only the phase
(1 deg per deg). Note: validation-public.md sec. 1 says the pad was 0.43-0.45 deg out of the
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
from dataclasses import dataclass

import numpy as np

from baiterek.catalog.sites import Site
from baiterek.constants import MU_EARTH, OMEGA_EARTH
from baiterek.earth.geodesy import geodetic_to_ecef
from baiterek.errors import InfeasibleError, InputError

__all__ = [
    "AscentGeometry",
    "AscentDefaults",
    "ASCENT_DEFAULTS",
    "DEFAULT_DOWNRANGE_ANGLE_RAD",
    "STEER_END_FRACTION",
    "analytic_ascent_geometry",
    "ascent_defaults",
    "ascent_geometry",
    "pad_offset_angle",
]

STEER_END_FRACTION = 0.681
"""Fraction of the ascent over which the out-of-plane steering acts [D], calibrated on Soyuz
MS-17 only (``benchmarks/calibrate_ascent.py``); validated on Progress MS-23."""

DEFAULT_DOWNRANGE_ANGLE_RAD = math.radians(18.0)
"""Inertial angle from the pad to the insertion point, rad [D] (see the module docstring)."""

_MEAN_ALTITUDE_M = 100e3  # mean altitude of the powered flight for the out-of-plane gravity [D]


@dataclass(frozen=True)
class AscentGeometry:
    """What the windows need from an ascent (the simulator contract)."""

    duration_s: float  # liftoff to orbit insertion
    node_offset_rad: float  # RAAN of the insertion orbit in the launch frame
    # = RAAN(TEME, true-of-date) - GMST(liftoff) (polar motion neglected)
    arglat_insertion_rad: float  # argument of latitude of the vehicle at insertion
    source: str  # "simulator" or "analytic"

    def to_json(self) -> dict:
        return {
            "duration_s": self.duration_s,
            "node_offset_deg": math.degrees(self.node_offset_rad),
            "arglat_insertion_deg": math.degrees(self.arglat_insertion_rad),
            "source": self.source,
        }


@dataclass(frozen=True)
class AscentDefaults:
    """Per-vehicle ascent duration used by the analytic model until the catalog carries it."""

    duration_s: float  # liftoff to insertion
    source: str


ASCENT_DEFAULTS: dict[str, AscentDefaults] = {
    "soyuz-2.1a": AscentDefaults(
        529.0, "third-stage separation T+529 s, Soyuz MS-17 (validation-public.md sec. 1) [A]"
    ),
    "soyuz-2.1b": AscentDefaults(
        562.0, "payload separation T+561.9 s (vehicles.md 3.1, Arianespace/Starsem) [C]"
    ),
    "sunkar": AscentDefaults(560.0, "[U] insertion at about 540-600 s (vehicles.md sec. 1)"),
    "proton-m": AscentDefaults(580.0, "[U]"),
    "zenit-2": AscentDefaults(560.0, "[U]"),
    "falcon-9": AscentDefaults(520.0, "[U] (SECO-1 at T+8:18 on TESS, vehicles.md sec. 5 [P])"),
}


def ascent_defaults(vehicle_id: str) -> AscentDefaults:
    """The default ascent timing of a vehicle, or InputError listing the known vehicles."""
    if vehicle_id not in ASCENT_DEFAULTS:
        raise InputError("vehicle", vehicle_id, "one of " + ", ".join(sorted(ASCENT_DEFAULTS)))
    return ASCENT_DEFAULTS[vehicle_id]


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
    )


def ascent_geometry(
    vehicle_id: str, site: Site, inclination_rad: float, heading: str
) -> AscentGeometry:
    """The simulator's geometry when ``baiterek.flight.ascent_geometry`` exists, else the analytic
    model with the vehicle's default timing (``ASCENT_DEFAULTS``)."""
    try:
        from baiterek.flight import ascent_geometry as simulated  # type: ignore[attr-defined]
    except ImportError:
        simulated = None
    if simulated is not None:
        return simulated(vehicle_id, site.id, inclination_rad, heading)
    d = ascent_defaults(vehicle_id)
    return analytic_ascent_geometry(site, inclination_rad, heading, d.duration_s)
