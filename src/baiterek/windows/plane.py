"""Plane targeting: the instants at which a vehicle from a pad is inserted into a target plane.

The target plane at time t has inclination i and node Omega(t) = Omega0 + dOmega/dt (t - t0),
the right ascension on SGP4's TEME axes (true equator, mean equinox of date). The ascent model
(:class:`~baiterek.windows.geometry.AscentGeometry`) says that a launch at t_L puts the vehicle,
at t_L + T, into the plane whose TEME node is GMST(t_L) + node_offset (the launch frame is ITRS
at liftoff; GMST is the IAU-82 angle that defines TEME; polar motion, below 0.5", is neglected).
The launch instants are therefore the roots of

    g(t_L) = GMST(t_L) + node_offset - Omega(t_L + T) = 0  (mod 2 pi),

which advance at the rate omega_sidereal - dOmega/dt. All roots over a date range are found at
once: a first estimate from one evaluation and that rate, then two vectorised Newton steps
(g is linear to 1e-10 over a day, so the residual after two steps is below a microsecond).

Window width. With an out-of-plane allowance beta (yaw steering after insertion or during the
ascent, "dogleg"), a launch at t_L + dt reaches a plane whose node differs by
dOmega = (omega - dOmega/dt) dt; the angle between the two planes is
theta = 2 asin(sin i |sin(dOmega / 2)|), so the window is open while theta <= beta:
dt_max = 2 asin(sin(beta / 2) / sin i) / (omega - dOmega/dt). beta = 0 gives an instantaneous
window (open = close = launch time). The payload cost of the dogleg at the window edges is not
computed here (:func:`payload_cost_kg` is None for a non-zero wedge: ``baiterek performance
--dogleg`` flies a dog-leg and reports its penalty); the velocity of an impulsive plane change
at insertion, 2 v sin(theta / 2) with v the circular speed at 220 km (:func:`plane_change_dv`),
is reported as an upper bound of the cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from baiterek.catalog.sites import Site
from baiterek.constants import MU_EARTH, SECONDS_PER_DAY, WGS84_A
from baiterek.earth.time import gmst82, parse_utc, timescale, tt_jd_time
from baiterek.errors import InputError
from baiterek.flight.target import launch_azimuth as _launch_azimuth
from baiterek.windows.geometry import AscentGeometry

__all__ = [
    "TargetPlane",
    "SIDEREAL_RATE",
    "plane_launch_times",
    "window_half_width_s",
    "edge_wedge_rad",
    "max_wedge_rad",
    "check_yaw_allowance",
    "MAX_YAW_ALLOWANCE_DEG",
    "launch_azimuth",
    "branch_name",
    "payload_cost_kg",
    "plane_change_dv",
]

SIDEREAL_RATE = 7.292115855e-5
"""Rate of GMST (IAU-82), rad/s of UT1 (Vallado 4th ed., eq. 3-40); used only as the Newton
slope (the roots themselves come from ``gmst82``)."""

_TWO_PI = 2.0 * math.pi
Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TargetPlane:
    """An orbit plane drifting at a constant rate: node on TEME axes at an epoch, inclination."""

    raan_rad: float  # right ascension of the ascending node at epoch, TEME (of date), rad
    inclination_rad: float
    epoch_jd_tt: float  # epoch, Julian date TT
    raan_rate_rad_s: float = 0.0  # secular drift (J2, or SGP4's own secular rate for a TLE)
    source: str = ""

    @classmethod
    def from_epoch_utc(
        cls,
        raan_rad: float,
        inclination_rad: float,
        epoch_utc: str | datetime,
        raan_rate_rad_s: float = 0.0,
        source: str = "",
    ) -> TargetPlane:
        t = timescale().from_datetime(parse_utc(epoch_utc, "epoch_utc"))
        return cls(raan_rad, inclination_rad, float(t.tt), raan_rate_rad_s, source)

    def raan_at(self, jd_tt: npt.ArrayLike) -> Array:
        """Node (rad, [0, 2 pi)) at TT Julian dates."""
        dt = (np.asarray(jd_tt, float) - self.epoch_jd_tt) * SECONDS_PER_DAY
        return np.asarray(np.mod(self.raan_rad + self.raan_rate_rad_s * dt, _TWO_PI), np.float64)

    def to_json(self) -> dict[str, Any]:
        return {
            "raan_deg": math.degrees(self.raan_rad),
            "inclination_deg": math.degrees(self.inclination_rad),
            "epoch_jd_tt": self.epoch_jd_tt,
            "raan_rate_deg_per_day": math.degrees(self.raan_rate_rad_s) * SECONDS_PER_DAY,
            "source": self.source,
        }


def _wrap_pi(x: npt.ArrayLike) -> Array:
    return np.asarray(np.mod(np.asarray(x) + math.pi, _TWO_PI) - math.pi, np.float64)


def plane_launch_times(
    plane: TargetPlane, geometry: AscentGeometry, start_jd_tt: float, days: float
) -> Array:
    """TT Julian dates of every liftoff in [start, start + days) that inserts into the plane."""
    if not days > 0:
        raise InputError("days", days, "a positive number of days")
    t_ins = geometry.duration_s / SECONDS_PER_DAY
    rate = SIDEREAL_RATE - plane.raan_rate_rad_s  # rad/s

    def g(jd: Array | float) -> Array:
        return gmst82(tt_jd_time(jd)) + geometry.node_offset_rad - plane.raan_at(jd + t_ins)

    g0 = float(g(start_jd_tt))
    first = start_jd_tt + np.mod(-g0, _TWO_PI) / rate / SECONDS_PER_DAY
    step = _TWO_PI / rate / SECONDS_PER_DAY
    n = int(math.ceil(days / step)) + 1
    jd = first + step * np.arange(n)
    for _ in range(2):
        jd = jd - _wrap_pi(g(jd)) / rate / SECONDS_PER_DAY
    return np.asarray(jd[(jd >= start_jd_tt) & (jd < start_jd_tt + days)], np.float64)


MAX_YAW_ALLOWANCE_DEG = 180.0
"""Largest out-of-plane allowance, deg: the angle between two orbit planes is at most 180 deg."""


def max_wedge_rad(inclination_rad: float) -> float:
    """Largest angle (rad) between the target plane and a plane of the same inclination with
    another node: theta(dOmega = pi) = 2 asin(sin i). An allowance at least this large keeps the
    window open all day."""
    return 2.0 * math.asin(min(1.0, abs(math.sin(inclination_rad))))


def check_yaw_allowance(allowance_rad: float) -> None:
    """Refuse an allowance that is not an angle between two planes (0 to 180 deg, finite)."""
    deg = math.degrees(allowance_rad)
    if not 0.0 <= deg <= MAX_YAW_ALLOWANCE_DEG:
        raise InputError(
            "yaw_allowance_deg",
            deg,
            f"0 to {MAX_YAW_ALLOWANCE_DEG:g} deg (an angle between two orbit planes)",
        )


def edge_wedge_rad(inclination_rad: float, allowance_rad: float) -> float:
    """The plane angle at the window's open and close, rad: the allowance, or the largest
    angle there is (:func:`max_wedge_rad`) when the allowance exceeds it."""
    check_yaw_allowance(allowance_rad)
    return min(allowance_rad, max_wedge_rad(inclination_rad))


def window_half_width_s(
    inclination_rad: float, allowance_rad: float, raan_rate_rad_s: float = 0.0
) -> float:
    """Half-width (s) of the window for an out-of-plane allowance (see the module docstring).

    At most half a revolution of the pad relative to the plane (pi / (omega - dOmega/dt)), so a
    window never overlaps the next one on its branch and opens before it closes (for any
    allowance in 0 to 180 deg; sin(beta / 2) turned negative above 360 deg before it was checked).
    """
    check_yaw_allowance(allowance_rad)
    if allowance_rad == 0:
        return 0.0
    x = min(1.0, math.sin(allowance_rad / 2.0) / max(math.sin(inclination_rad), 1e-12))
    return 2.0 * math.asin(x) / (SIDEREAL_RATE - raan_rate_rad_s)


def plane_change_dv(wedge_rad: float, altitude_m: float = 220e3) -> float:
    """Impulsive plane change (m/s) at circular speed at ``altitude_m``: 2 v sin(wedge / 2)."""
    v = math.sqrt(MU_EARTH / (WGS84_A + altitude_m))
    return 2.0 * v * math.sin(0.5 * wedge_rad)


def payload_cost_kg(vehicle_id: str, wedge_rad: float) -> float | None:
    """Payload lost to a plane correction of ``wedge_rad``: None (not computed for a window
    edge; ``baiterek performance --dogleg`` gives a flown dog-leg's penalty), 0 for a zero wedge.
    """
    if wedge_rad == 0.0:
        return 0.0
    return None


def launch_azimuth(site: Site, inclination_rad: npt.ArrayLike, heading: str) -> Array:
    """Inertial launch azimuth (rad from north, clockwise) on a spherical Earth:
    sin A = cos i / cos(lat) (docs/reference/vehicles.md sec. 7 model rule); see flight.target.launch_azimuth."""
    return np.asarray(_launch_azimuth(site.latitude, inclination_rad, heading), np.float64)


def branch_name(azimuth_rad: float) -> str:
    """'north-east', 'south-east', 'south-west' or 'north-west' from an azimuth (rad)."""
    q = int(math.degrees(azimuth_rad) % 360.0 // 90.0)
    return ("north-east", "south-east", "south-west", "north-west")[q]
