"""The insertion target of an ascent and the launch azimuth that points at its plane.

``OrbitTarget`` holds the osculating conditions at cutoff (SI); ``launch_azimuth`` is the one
azimuth rule of the project: inertial (``orbit_speed=None``: the azimuth of the orbit's ground
track at the pad) or Earth-relative (the pad's eastward speed removed, for an orbit speed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A
from baiterek.errors import InfeasibleError

RATIO_ROUNDING = 1e-12
"""``cos(i) / cos(lat)`` above 1 by at most this is rounding (inclination equal to the latitude)."""


@dataclass(frozen=True, slots=True)
class OrbitTarget:
    """Insertion conditions (osculating, at cutoff): radius, flight-path angle, energy, plane."""

    radius: float  # m
    flight_path_angle: float  # rad
    semi_major_axis: float  # m
    inclination: float  # rad
    heading: str = "north"  # "north" | "south": launch on the ascending or descending pass
    argument_of_perigee: float | None = None  # rad; None: insertion at ``radius`` (the perigee)

    @classmethod
    def circular(
        cls, altitude_m: float, inclination_rad: float, heading: str = "north"
    ) -> OrbitTarget:
        """A circular orbit at ``altitude_m`` above the equatorial radius, inserted horizontally."""
        r = WGS84_A + altitude_m
        return cls(r, 0.0, r, inclination_rad, heading)

    @classmethod
    def elliptical(
        cls,
        perigee_altitude_m: float,
        apogee_altitude_m: float,
        inclination_rad: float,
        heading: str = "north",
        argument_of_perigee_rad: float | None = None,
    ) -> OrbitTarget:
        """An orbit inserted at its perigee (or anywhere on it, given its argument of perigee)."""
        rp, ra = WGS84_A + perigee_altitude_m, WGS84_A + apogee_altitude_m
        return cls(rp, 0.0, 0.5 * (rp + ra), inclination_rad, heading, argument_of_perigee_rad)

    @property
    def energy(self) -> float:
        return -MU_EARTH / (2.0 * self.semi_major_axis)

    @property
    def eccentricity(self) -> float:
        """Of the target orbit when ``radius`` is its perigee (argument of perigee given)."""
        return 1.0 - self.radius / self.semi_major_axis


def launch_azimuth(latitude, inclination, heading: str, *, orbit_speed: float | None = None):
    """Launch azimuth (rad from north, clockwise) toward an orbit plane of ``inclination`` (rad).

    Inertial azimuth ``sin(b) = cos(i) / cos(lat)`` on a spherical Earth (north or south
    heading), in [0, 2 pi), for scalar or array ``inclination``. With ``orbit_speed`` (m/s, the
    insertion speed) the Earth-relative azimuth, with the pad's eastward speed removed (a
    scalar in (-pi, pi]). An inclination below the latitude raises InfeasibleError.
    """
    if orbit_speed is None:
        c = np.cos(np.asarray(inclination, float)) / math.cos(latitude)
        _check_ratio(np.max(np.abs(c)), latitude, np.min(np.abs(np.asarray(inclination))))
        a = np.arcsin(np.clip(c, -1.0, 1.0))  # in [-90, 90] deg: the northbound azimuth
        az = a if heading == "north" else math.pi - a
        return np.mod(az, 2.0 * math.pi)
    ratio = math.cos(inclination) / math.cos(latitude)
    _check_ratio(abs(ratio), latitude, inclination)
    b = math.asin(max(-1.0, min(1.0, ratio)))
    if heading == "south":
        b = math.pi - b
    v_eq = OMEGA_EARTH * WGS84_A * math.cos(latitude)
    return math.atan2(orbit_speed * math.sin(b) - v_eq, orbit_speed * math.cos(b))


def _check_ratio(ratio: float, latitude: float, inclination: float) -> None:
    if ratio > 1.0 + RATIO_ROUNDING:
        raise InfeasibleError(
            f"inclination {math.degrees(inclination):.3f} deg cannot be reached directly from "
            f"latitude {math.degrees(latitude):.3f} deg (a plane change, dog-leg, is needed)",
            {"min_inclination_deg": abs(math.degrees(latitude))},
        )
