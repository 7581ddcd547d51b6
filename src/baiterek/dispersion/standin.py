"""A TEST DOUBLE of the dispersed flight: rocket equation, two-body insertion, vacuum fall.

Not the flight kernel. It exists so that every mechanism of the Monte Carlo (sampling, chunks,
backends, checkpoints, statistics, outputs) is exercised end to end before the dispersed kernel
(helper "flight") and the batched fall (helper "safety") are plugged into the ``evaluate`` seam
of :func:`baiterek.dispersion.run.run`. Its numbers are NOT predictions of any vehicle.

Model (SI, vectorised over samples, every dispersed input used):

- stages burn in series (boosters included, a simplification); per stage thrust, Isp,
  propellant and dry mass scaled; ideal delta-v by the rocket equation; losses: gravity
  ``g0 t_burn s_k`` (s = 0.55 for the first stage, 0.10 after), drag ``150 m/s x drag x density``
  less 0.3 of the tailwind, ``0.5 g0`` per second of ignition or separation delay;
- the last stage burns to cutoff (closed loop): the delta-v left over is kept as propellant
  margin, performance scatter becomes cutoff-time scatter; the nominal keeps 2 % of the last
  stage's load. A sample short of delta-v does not reach orbit (status 1, orbit outputs NaN);
- insertion: circular at the target radius, argument of latitude 20 deg, in the target plane,
  plus the navigation error (radial, along, cross) and a guidance residual of 1e-4 of the
  delta-v margin along track and 1e-3 of the cross wind across; elements by
  :func:`baiterek.orbit.elements.state_to_elements`;
- each jettisoned body separates at a stand-in state (altitude, flight-path angle and downrange
  fixed per body, speed from the dispersed delta-v so far) plus its separation delta-v, and falls
  in vacuum over a flat Earth (g0); the impact is placed on a sphere along the launch azimuth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from baiterek.constants import G0, MU_EARTH, WGS84_A
from baiterek.orbit.elements import state_to_elements

if TYPE_CHECKING:
    from baiterek.catalog.sites import Site
    from baiterek.catalog.vehicles import Vehicle
    from baiterek.dispersion.sampling import Dispersions

R_MEAN = 6371008.8  # m, IUGG mean Earth radius (Moritz 2000), for placing impacts on a sphere
OK, NO_ORBIT = 0, 1


@dataclass(frozen=True, slots=True)
class StandInCase:
    """Everything the test double needs, as plain numbers (picklable, cheap to send to workers)."""

    thrust: tuple[float, ...]  # N, vacuum, all units, per stage
    isp: tuple[float, ...]  # s, vacuum
    propellant: tuple[float, ...]  # kg usable
    dry: tuple[float, ...]  # kg
    fairing_kg: float
    payload_kg: float
    site_lat: float  # rad
    site_lon: float  # rad
    azimuth: float  # rad
    radius: float  # m, target orbit radius
    inclination: float  # rad
    body_names: tuple[str, ...]
    dv_required: float  # m/s, the nominal delta-v less the 2 % reserve

    @classmethod
    def from_mission(
        cls,
        vehicle: Vehicle,
        site: Site,
        altitude_km: float,
        inclination_deg: float,
        payload_kg: float,
    ) -> StandInCase:
        from baiterek.catalog.dispersions import body_names

        st = vehicle.stages
        inc = math.radians(inclination_deg)
        s = min(1.0, math.cos(inc) / max(math.cos(site.latitude), 1e-9))
        base = cls(
            thrust=tuple(x.thrust_vac for x in st),
            isp=tuple(x.engine.isp_vac_s for x in st),
            propellant=tuple(x.propellant_mass_kg * x.count for x in st),
            dry=tuple(x.dry_mass_kg * x.count for x in st),
            fairing_kg=vehicle.fairing.mass_kg,
            payload_kg=payload_kg,
            site_lat=site.latitude,
            site_lon=math.radians(site.longitude_deg),
            azimuth=math.asin(s),
            radius=WGS84_A + altitude_km * 1e3,
            inclination=inc,
            body_names=body_names(vehicle),
            dv_required=0.0,
        )
        n = len(st)
        ones = np.ones((1, n))
        zeros = np.zeros((1, n))
        dv, loss, _, _ = _stage_dv(
            base, ones, ones, ones, ones, zeros, zeros, np.ones(1), np.ones(1), np.zeros(1)
        )
        m_last0 = base.dry[-1] + base.propellant[-1] + base.payload_kg
        ve = base.isp[-1] * G0
        reserve = ve * math.log(
            (m_last0 - 0.98 * base.propellant[-1]) / (m_last0 - base.propellant[-1])
        )
        req = float(dv.sum(1)[0] - loss.sum(1)[0] - reserve)
        return cls(**{**{f: getattr(base, f) for f in cls.__slots__}, "dv_required": req})


def _stage_dv(
    c: StandInCase,
    thrust_s: np.ndarray,
    isp_s: np.ndarray,
    prop_s: np.ndarray,
    dry_s: np.ndarray,
    ign: np.ndarray,
    sep: np.ndarray,
    drag: np.ndarray,
    density: np.ndarray,
    tailwind: np.ndarray,
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
]:
    """Per-stage ideal delta-v and losses ``(n, n_stages)`` (m/s), and burn times and masses."""
    prop = np.asarray(c.propellant) * prop_s
    dry = np.asarray(c.dry) * dry_s
    ve = np.asarray(c.isp) * G0 * isp_s
    burn = prop * ve / (np.asarray(c.thrust) * thrust_s)
    above = np.cumsum((dry + prop)[:, ::-1], axis=1)[:, ::-1]  # stage k and all above it
    m0 = above + c.payload_kg
    m0[:, 0] += c.fairing_kg  # the fairing leaves during the second stage (stand-in: at its start)
    dv = ve * np.log(m0 / (m0 - prop))
    s = np.full(thrust_s.shape[1], 0.10)
    s[0] = 0.55
    loss = G0 * burn * s + 0.5 * G0 * (ign + sep)
    loss[:, 0] += 150.0 * drag * density - 0.3 * tailwind
    return dv, loss, burn, (m0, prop, dry, ve)


@dataclass(frozen=True, slots=True)
class StandInEvaluator:
    """``evaluate(dispersions, sample_indices) -> dict`` of 1-D outputs; a test double (see module)."""

    case: StandInCase

    def __call__(self, d: Dispersions, sample_indices: np.ndarray) -> dict[str, np.ndarray]:
        c = self.case
        along_wind = d.wind_speed * np.cos(d.wind_azimuth - c.azimuth)
        cross_wind = d.wind_speed * np.sin(d.wind_azimuth - c.azimuth)
        dv, loss, burn, (m0, prop, dry, ve) = _stage_dv(
            c, d.thrust_scale, d.isp_scale, d.propellant_scale, d.dry_mass_scale,
            d.ignition_offset_s, d.separation_offset_s, d.drag_scale, d.density_scale, along_wind,
        )  # fmt: skip
        net = dv - loss
        excess = net.sum(1) - c.dv_required  # m/s left when the target speed is reached
        ok = excess >= 0.0
        m_burnout = m0[:, -1] - prop[:, -1]
        m_cut = m_burnout * np.exp(np.maximum(excess, 0.0) / ve[:, -1])
        margin = np.where(ok, m_cut - m_burnout, np.nan)
        mdot = prop[:, -1] / burn[:, -1]
        t_last = (
            burn[:, :-1].sum(1) + d.ignition_offset_s.sum(1) + d.separation_offset_s[:, :-1].sum(1)
        )
        cutoff = np.where(ok, t_last + (m0[:, -1] - m_cut) / mdot, np.nan)

        # insertion: RSW frame at u = 20 deg in the target plane (RAAN 0)
        u0 = math.radians(20.0)
        vc = math.sqrt(MU_EARTH / c.radius)
        nav = d.nav_error
        rsw_r = np.stack([c.radius + nav[:, 0], nav[:, 1], nav[:, 2]], axis=1)
        rsw_v = np.stack(
            [nav[:, 3], vc + nav[:, 4] + 1e-4 * excess, nav[:, 5] + 1e-3 * cross_wind], axis=1
        )
        rot = _rsw_to_inertial(c.inclination, u0)
        r, v = rsw_r @ rot.T, rsw_v @ rot.T
        el = state_to_elements(r, v)
        nan = np.where(ok, 1.0, np.nan)
        out = {
            "status": np.where(ok, OK, NO_ORBIT).astype(np.int8),
            "cutoff_time_s": cutoff,
            "propellant_margin_kg": margin,
            "perigee_km": (el.a * (1 - el.e) - WGS84_A) / 1e3 * nan,
            "apogee_km": (el.a * (1 + el.e) - WGS84_A) / 1e3 * nan,
            "inclination_deg": np.degrees(el.i) * nan,
            "raan_deg": _wrap180(np.degrees(el.raan)) * nan,
            "argument_of_perigee_deg": np.degrees(el.argp) * nan,
            "semi_major_axis_km": el.a / 1e3 * nan,
            "eccentricity": el.e * nan,
        }
        for k, ax in enumerate(("x", "y", "z")):
            out[f"insertion.r_{ax}_m"] = r[:, k] * nan
        for k, ax in enumerate(("x", "y", "z")):
            out[f"insertion.v_{ax}_m_s"] = v[:, k] * nan
        out.update(self._impacts(d, net))
        return out

    def _impacts(self, d: Dispersions, net: np.ndarray) -> dict[str, np.ndarray]:
        c = self.case
        ns = len(c.thrust)
        cum = np.cumsum(net, axis=1)
        out: dict[str, np.ndarray] = {}
        for b, name in enumerate(c.body_names):
            k = min(b, ns - 2) if name != "fairing" else 0
            h = 45e3 + 35e3 * k + (50e3 if name == "fairing" else 0.0)
            gam = math.radians(max(35.0 - 15.0 * k, 5.0) - (8.0 if name == "fairing" else 0.0))
            s0 = 60e3 + 250e3 * k + (120e3 if name == "fairing" else 0.0)
            speed = cum[:, k] + 1500.0 + (0.3 * net[:, 1] if name == "fairing" else 0.0)
            sep_dt = d.separation_offset_s[:, k]
            dv = d.body_dv[:, b]
            vz = speed * math.sin(gam) + dv[:, 0] - G0 * sep_dt
            vh = speed * math.cos(gam) + dv[:, 1]
            h0 = h + speed * math.sin(gam) * sep_dt
            t = (vz + np.sqrt(vz * vz + 2.0 * G0 * h0)) / G0
            down = s0 + speed * math.cos(gam) * sep_dt + vh * t
            cross = dv[:, 2] * t
            lat, lon = _destination(c.site_lat, c.site_lon, c.azimuth, down, cross)
            out[f"body.{name}.latitude_deg"] = np.degrees(lat)
            out[f"body.{name}.longitude_deg"] = np.degrees(lon)
        return out


def _rsw_to_inertial(inc: float, u: float) -> np.ndarray:
    """Columns: radial, along-track, cross-track unit vectors at argument of latitude u (RAAN 0)."""
    ci, si, cu, su = math.cos(inc), math.sin(inc), math.cos(u), math.sin(u)
    radial = np.array([cu, su * ci, su * si])
    along = np.array([-su, cu * ci, cu * si])
    cross = np.array([0.0, -si, ci])
    return np.stack([radial, along, cross], axis=1)


def _destination(
    lat0: float, lon0: float, az: float, down: np.ndarray, cross: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Point ``down`` m along azimuth ``az`` then ``cross`` m to the right, on a sphere (rad)."""
    lat1, lon1, az1 = _forward(lat0, lon0, az, down / R_MEAN)
    lat2, lon2, _ = _forward(lat1, lon1, az1 + np.pi / 2, cross / R_MEAN)
    return lat2, _wrap_pi(lon2)


def _forward(
    lat: float | np.ndarray, lon: float | np.ndarray, az: float | np.ndarray, ang: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Destination (lat, lon, azimuth there), rad, after an arc ``ang`` (rad) along azimuth ``az``."""
    sl, cl = np.sin(lat), np.cos(lat)
    lat2 = np.arcsin(sl * np.cos(ang) + cl * np.sin(ang) * np.cos(az))
    lon2 = lon + np.arctan2(np.sin(az) * np.sin(ang) * cl, np.cos(ang) - sl * np.sin(lat2))
    # azimuth at the destination, continuing along the great circle
    az2 = np.arctan2(np.sin(az) * cl, cl * np.cos(az) * np.cos(ang) - sl * np.sin(ang))
    return lat2, lon2, az2


def _wrap_pi(x: np.ndarray) -> np.ndarray:
    return np.mod(x + np.pi, 2 * np.pi) - np.pi


def _wrap180(x: np.ndarray) -> np.ndarray:
    return np.mod(x + 180.0, 360.0) - 180.0
