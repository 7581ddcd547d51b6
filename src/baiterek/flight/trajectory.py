"""The result of an ascent: time series, event table and insertion orbit (immutable).

Everything here is computed once from the kernel's records by pure, vectorised functions; the
object holds values and converts them (``to_frame``, ``to_json``). SI inside; the converters
name units in the keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from baiterek.constants import G0, MU_EARTH, OMEGA_EARTH, WGS84_A
from baiterek.earth.atmosphere import atmosphere
from baiterek.earth.geodesy import ecef_to_geodetic
from baiterek.flight.iip import iip_columns


@dataclass(frozen=True)
class Event:
    name: str
    time: float  # s from liftoff
    altitude: float  # m
    speed_relative: float  # m/s
    dynamic_pressure: float  # Pa
    axial_load: float  # g

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "time_s": round(self.time, 3),
            "altitude_km": round(self.altitude / 1e3, 3),
            "speed_relative_m_s": round(self.speed_relative, 2),
            "dynamic_pressure_kpa": round(self.dynamic_pressure / 1e3, 3),
            "axial_load_g": round(self.axial_load, 3) + 0.0,  # + 0.0: no -0.0
        }


HEAT_FLUX_NOTE = (
    "free-molecular heat flux 0.5 rho v^3 (every molecule's kinetic energy delivered to the "
    "surface): valid only where the flow is free-molecular, high in the ascent where the fairing "
    "rule applies it (1,135 W/m2); in the dense phase (max q) it is an upper bound many times "
    "the real convective heating, not a heating rate"
)
"""What the heat-flux series is, in every document that carries it."""

_AT_REST_M_S = 1e-3
"""Earth-relative speed below which the vehicle is at rest on the pad (flight-path angle 90 deg)."""

ALTITUDE_NOTE = (
    "event and time-series altitudes are geodetic (above the WGS-84 ellipsoid, under the "
    "vehicle); orbit perigee and apogee (insertion, targets) are above the equatorial radius "
    "6,378.137 km (a point at 50 deg latitude is about 12 km higher geodetically)"
)
"""The two altitude references a trajectory document uses, said once (``altitude_note``)."""


@dataclass(frozen=True)
class InsertionOrbit:
    """Osculating Keplerian orbit at cutoff. Angles in the true-of-date TEME frame (as TLEs)."""

    epoch_utc: str
    time: float  # s from liftoff
    semi_major_axis: float  # m
    eccentricity: float
    inclination: float  # rad
    raan: float  # rad, TEME of the epoch
    argument_of_perigee: float  # rad
    true_anomaly: float  # rad
    raan_launch_frame: float  # rad: RAAN - GMST(liftoff), for launch-window planning
    argument_of_latitude: float  # rad
    mass: float  # kg at cutoff
    position_gcrs: np.ndarray  # m
    velocity_gcrs: np.ndarray  # m/s

    def __post_init__(self) -> None:
        self.position_gcrs.flags.writeable = False
        self.velocity_gcrs.flags.writeable = False

    @property
    def perigee_altitude(self) -> float:
        return self.semi_major_axis * (1 - self.eccentricity) - WGS84_A

    @property
    def apogee_altitude(self) -> float:
        return self.semi_major_axis * (1 + self.eccentricity) - WGS84_A

    @property
    def period(self) -> float:
        return 2 * math.pi * math.sqrt(self.semi_major_axis**3 / MU_EARTH)

    def to_json(self) -> dict[str, Any]:
        return {
            "epoch_utc": self.epoch_utc,
            "time_s": round(self.time, 3),
            "semi_major_axis_km": self.semi_major_axis / 1e3,
            "eccentricity": self.eccentricity,
            "inclination_deg": math.degrees(self.inclination),
            "raan_deg": math.degrees(self.raan),
            "argument_of_perigee_deg": math.degrees(self.argument_of_perigee),
            "true_anomaly_deg": math.degrees(self.true_anomaly),
            "perigee_km": self.perigee_altitude / 1e3,
            "apogee_km": self.apogee_altitude / 1e3,
            "period_min": self.period / 60.0,
            "mass_kg": self.mass,
            "position_gcrs_km": (self.position_gcrs / 1e3).tolist(),
            "velocity_gcrs_km_s": (self.velocity_gcrs / 1e3).tolist(),
            "frame_note": "angles in TEME of date; state vector in GCRS; altitudes above 6378.137 km",
        }


@dataclass(frozen=True)
class Trajectory:
    """An ascent from liftoff to insertion. Arrays are indexed by sample (time); read-only."""

    vehicle_id: str
    site_id: str
    payload_mass: float
    launch_time_utc: str
    status: str
    time: np.ndarray  # s
    position: np.ndarray  # (n, 3) m, launch frame (inertial)
    velocity: np.ndarray  # (n, 3) m/s, launch frame
    position_ecef: np.ndarray  # (n, 3) m, ITRS
    velocity_ecef: np.ndarray  # (n, 3) m/s, ITRS
    latitude: np.ndarray  # rad, geodetic
    longitude: np.ndarray  # rad
    altitude: np.ndarray  # m above WGS-84
    speed_inertial: np.ndarray  # m/s
    speed_relative: np.ndarray  # m/s (Earth-relative)
    flight_path_angle: np.ndarray  # rad, Earth-relative
    flight_path_angle_inertial: np.ndarray  # rad
    mass: np.ndarray  # kg
    thrust: np.ndarray  # N
    throttle: np.ndarray  # throttle factor: ratio to the nominal throttle (1 = as planned)
    dynamic_pressure: np.ndarray  # Pa
    mach: np.ndarray
    axial_load: np.ndarray  # g
    heat_flux: np.ndarray  # W/m^2, free-molecular formula 0.5 rho v^3 (HEAT_FLUX_NOTE)
    events: tuple[Event, ...]
    insertion: InsertionOrbit | None
    guidance: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        """A few lines, not the series (a dataclass repr of every array ran to 105,000 chars)."""
        ins = self.insertion
        orbit = (
            "no insertion"
            if ins is None
            else f"insertion {ins.perigee_altitude / 1e3:.1f} x {ins.apogee_altitude / 1e3:.1f} "
            f"km, {math.degrees(ins.inclination):.3f} deg, {ins.mass:,.0f} kg"
        )
        return (
            f"Trajectory({self.vehicle_id} from {self.site_id}, payload {self.payload_mass:,.0f} "
            f"kg, {self.status}: {orbit}; {len(self.time)} samples, {len(self.events)} events)"
        )

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def event(self, name: str) -> Event | None:
        return next((e for e in self.events if e.name == name), None)

    @property
    def insertion_epoch_utc(self):
        from baiterek.earth.time import parse_utc

        return None if self.insertion is None else parse_utc(self.insertion.epoch_utc)

    def insertion_state_gcrs(self) -> tuple[np.ndarray, np.ndarray]:
        """Position (m) and velocity (m/s) at insertion in GCRS."""
        if self.insertion is None:
            raise ValueError("this trajectory did not reach orbit")
        return self.insertion.position_gcrs.copy(), self.insertion.velocity_gcrs.copy()

    def to_frame(self):
        """The time series as a pandas DataFrame with units in the column names."""
        import pandas as pd

        return pd.DataFrame(
            {
                "time_s": self.time,
                "x_m": self.position[:, 0],
                "y_m": self.position[:, 1],
                "z_m": self.position[:, 2],
                "vx_m_s": self.velocity[:, 0],
                "vy_m_s": self.velocity[:, 1],
                "vz_m_s": self.velocity[:, 2],
                "x_ecef_m": self.position_ecef[:, 0],
                "y_ecef_m": self.position_ecef[:, 1],
                "z_ecef_m": self.position_ecef[:, 2],
                "vx_ecef_m_s": self.velocity_ecef[:, 0],
                "vy_ecef_m_s": self.velocity_ecef[:, 1],
                "vz_ecef_m_s": self.velocity_ecef[:, 2],
                "latitude_deg": np.degrees(self.latitude),
                "longitude_deg": np.degrees(self.longitude),
                "altitude_km": self.altitude / 1e3,
                "speed_inertial_m_s": self.speed_inertial,
                "speed_relative_m_s": self.speed_relative,
                "flight_path_angle_deg": np.degrees(self.flight_path_angle),
                "flight_path_angle_inertial_deg": np.degrees(self.flight_path_angle_inertial),
                "mass_kg": self.mass,
                "thrust_kn": self.thrust / 1e3,
                "throttle": self.throttle,
                "dynamic_pressure_kpa": self.dynamic_pressure / 1e3,
                "mach": self.mach,
                "axial_load_g": self.axial_load,
                # 0.5 rho v^3: valid only where the flow is free-molecular (HEAT_FLUX_NOTE)
                "free_molecular_heat_flux_w_m2": self.heat_flux,
                **iip_columns(self),  # hook: IIP track (flight/iip.py)
            }
        )

    def events_frame(self):
        import pandas as pd

        return pd.DataFrame([e.to_json() for e in self.events])

    def summary(self) -> dict[str, Any]:
        imax = int(np.argmax(self.dynamic_pressure))
        return {
            "max_dynamic_pressure_kpa": float(self.dynamic_pressure[imax] / 1e3),
            "max_dynamic_pressure_time_s": float(self.time[imax]),
            "max_axial_load_g": float(np.max(self.axial_load)),
            "min_throttle": float(np.min(self.throttle)),
            "max_free_molecular_heat_flux_w_m2": float(np.max(self.heat_flux)),
            "heat_flux_note": HEAT_FLUX_NOTE,
            "duration_s": float(self.time[-1]),
            "liftoff_mass_kg": float(self.mass[0]),
        }

    def to_json(self) -> dict[str, Any]:
        """Summary, events and insertion orbit (not the time series: see to_frame)."""
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "payload_kg": self.payload_mass,
            "launch_time_utc": self.launch_time_utc,
            "status": self.status,
            "summary": self.summary(),
            "events": [e.to_json() for e in self.events],
            "altitude_note": ALTITUDE_NOTE,
            "insertion": None if self.insertion is None else self.insertion.to_json(),
            "guidance": self.guidance,
            "provenance": self.provenance,
        }


def derive_series(
    t, states, u, seg_thrust_vac, seg_exit_area, segments, aero_mach, aero_cd, ref_area,
    throttle=None,
):  # fmt: skip
    """All derived time series from the kernel records (vectorised). Returns a dict of arrays.

    ``throttle`` is the kernel's throttle factor at each record (1 when omitted): thrust is
    ``k F_vac - p A_e``. ``axial_load`` is the sensed axial acceleration in g, (thrust - drag
    along the body axis) / (m g0): the quantity the kernel holds at the vehicle's limit.
    """
    k = np.ones(len(t)) if throttle is None else np.asarray(throttle, float)
    r = states[:, :3]
    v = states[:, 3:6]
    m = states[:, 6]
    th = OMEGA_EARTH * t
    c, s = np.cos(th), np.sin(th)
    r_e = np.stack([c * r[:, 0] + s * r[:, 1], -s * r[:, 0] + c * r[:, 1], r[:, 2]], axis=-1)
    v_rel_l = v - np.cross(np.array([0.0, 0.0, OMEGA_EARTH]), r)
    v_e = np.stack(
        [
            c * v_rel_l[:, 0] + s * v_rel_l[:, 1],
            -s * v_rel_l[:, 0] + c * v_rel_l[:, 1],
            v_rel_l[:, 2],
        ],
        axis=-1,
    )
    lat, lon, alt = ecef_to_geodetic(r_e)
    atm = atmosphere(alt)
    rn = np.linalg.norm(r, axis=1)
    speed_i = np.linalg.norm(v, axis=1)
    speed_r = np.linalg.norm(v_rel_l, axis=1)
    up = r / rn[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        fpa_r = np.arcsin(
            np.clip(np.sum(up * v_rel_l, 1) / np.where(speed_r > 0, speed_r, 1), -1, 1)
        )
        fpa_i = np.arcsin(np.clip(np.sum(up * v, 1) / speed_i, -1, 1))
    # at rest on the pad the Earth-relative angle is undefined; the vehicle rises vertically,
    # so the limit from liftoff on is 90 deg (the plot no longer jumps from 0 to 90 at T+0)
    fpa_r = np.where(speed_r < _AT_REST_M_S, 0.5 * np.pi, fpa_r)
    q = 0.5 * atm.density * speed_r**2
    mach = speed_r / atm.speed_of_sound
    thrust = np.maximum(k * seg_thrust_vac[segments] - atm.pressure * seg_exit_area[segments], 0.0)
    thrust = np.where(np.linalg.norm(u, axis=1) > 0.5, thrust, 0.0)
    drag = q * np.interp(mach, aero_mach, aero_cd) * ref_area
    with np.errstate(invalid="ignore", divide="ignore"):
        along = np.where(
            speed_r > 0, np.sum(u * v_rel_l, 1) / np.where(speed_r > 0, speed_r, 1), 0.0
        )
    axial = (thrust - drag * along) / (m * G0)
    return {
        "position_ecef": r_e,
        "velocity_ecef": v_e,
        "latitude": lat,
        "longitude": lon,
        "altitude": alt,
        "speed_inertial": speed_i,
        "speed_relative": speed_r,
        "flight_path_angle": fpa_r,
        "flight_path_angle_inertial": fpa_i,
        "mass": m,
        "thrust": thrust,
        "throttle": k,
        "dynamic_pressure": q,
        "mach": mach,
        "axial_load": axial,
        "heat_flux": 0.5 * atm.density * speed_r**3,
    }
