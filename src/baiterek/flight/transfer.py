"""Upper-stage transfer from a parking orbit: coasts and restarts to raise the apogee (e.g. GTO).

After the ascent leaves the stack (upper stage + payload) in a circular parking orbit, the upper
stage raises the apogee in ``n`` burns at the perigee, each centred on a node of the parking orbit
so that the final apogee lies on the equator (where a GEO satellite needs it). The velocity to
gain is split into equal steps at the perigee (impulsive estimate); each finite burn is flown by
the compiled kernel with prograde steering (thrust along the inertial velocity: the largest energy
gain per kilogram, in the orbit plane) and ends when the step's energy is reached. The perigee
drifts by the finite-burn effect; the final orbit is reported as flown. A stack too heavy for the
transfer is an expected answer (near the maximum payload), not an error: the ``Transfer`` then has
``status`` ``"too_heavy"`` and a negative ``margin``, the propellant missing.
Several short perigee burns (rather than one long burn) are how Breeze-M and Fregat fly GTO
missions: a 20 kN engine would otherwise burn over half an orbit and lose most of its gain.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from baiterek.catalog.upper_stages import UpperStage
from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.flight import _kernel as K
from baiterek.flight._packing import pack
from baiterek.flight.escape_steps import bound_steps as _bound_steps  # hyperbolic targets
from baiterek.flight.sequence import FlightSequence

MAX_BURN_S = 600.0
"""Longest apogee-raising burn before it is split (arc of about 35 deg of a LEO orbit), s."""


@dataclass(frozen=True)
class Burn:
    start: float  # s from liftoff
    end: float  # s
    delta_v: float  # m/s (from the mass ratio and Isp)
    apogee_altitude: float  # m after the burn
    propellant: float  # kg

    def to_json(self):
        return {
            "start_s": round(self.start, 2),
            "duration_s": round(self.end - self.start, 2),
            "delta_v_m_s": round(self.delta_v, 2),
            "apogee_km_after": round(self.apogee_altitude / 1e3, 2),
            "propellant_kg": round(self.propellant, 1),
        }


@dataclass(frozen=True, slots=True)
class Transfer:
    """The transfer burns as flown (``final_state`` read-only).

    ``status`` ``"completed"``: the final apogee is reached and ``margin`` >= 0 is the usable
    propellant left. ``"too_heavy"``: the upper stage runs out first; ``burns`` are those
    completed, the final state is where it stopped, and ``margin`` < 0 is the propellant missing
    (an estimate by the rocket equation from the velocity still to gain), kg.
    """

    burns: tuple[Burn, ...]
    final_state: np.ndarray  # [r, v, m] launch frame, at the last cutoff (m, m/s, kg)
    final_time: float  # s from liftoff
    margin: float  # kg of usable upper-stage propellant left (after the reserve); < 0: short
    status: Literal["completed", "too_heavy"] = "completed"

    def __post_init__(self) -> None:
        state = np.array(self.final_state, float)
        state.flags.writeable = False
        object.__setattr__(self, "final_state", state)  # construction only


def _leg(seq: FlightSequence, t_burn: float, burn_time: float) -> FlightSequence:
    """A sequence of one coast up to t_burn, then one burn of the upper stage."""
    thrust, flow = float(seq.seg_thrust_vac[-1]), float(seq.seg_mass_flow[-1])
    return dataclasses.replace(
        seq,
        seg_start=np.array([0.0, t_burn]),
        seg_end=np.array([t_burn, t_burn + burn_time]),
        seg_thrust_vac=np.array([0.0, thrust]),
        seg_mass_flow=np.array([0.0, flow]),
        seg_exit_area=np.zeros(2),
        seg_drop=np.zeros(2),
        seg_min_throttle=np.ones(2),
        seg_stages=((), seq.seg_stages[-1]),
        timed_drops=(),
        fairing_mode=0,
        closed_loop_start=t_burn,
    )


def _coast(seq: FlightSequence, s, t, t_to) -> np.ndarray:
    md = pack(_leg(seq, t_to, 1.0))
    prm = np.zeros(K.N_PARAMS)
    prm[K.P_LAM] = 1.0  # any direction: the coast has no thrust
    prm[K.P_ENERGY] = np.nan
    status, tf, sf, *_ = md.run_one(s, t, K.MODE_VACUUM_LAW, False, False, prm, t_to)
    return sf


def parking_state(
    seq: FlightSequence,
    upper: UpperStage,
    s_cut: np.ndarray,
    t_cut: float,
    payload: float,
    lag: float = 0.0,
    fairing_on: bool = False,
) -> tuple[np.ndarray, float]:
    """The stack in the parking orbit and the upper-stage propellant left for the transfer, kg.

    If the launcher reached the parking orbit before the upper stage ignited (on the burn clock
    ``t_cut - lag``: ``lag`` is the throttle lag at cutoff), its last stage separates there with
    what it has left, and the upper stage starts the transfer full. Otherwise the usable
    propellant is the cutoff mass less everything else aboard (``fairing_on``: the heat-flux
    fairing is still attached).
    """
    s_park = np.array(s_cut, float)
    if t_cut - lag < float(seq.seg_start[-1]):
        s_park[6] = upper.dry_mass_kg + upper.propellant_mass_kg + payload
        return s_park, upper.propellant_mass_kg * (1.0 - upper.reserve_fraction)
    return s_park, float(s_cut[6]) - seq.unusable_mass(t_cut, fairing_on)


def fly_transfer(
    seq: FlightSequence,
    upper: UpperStage,
    s_park: np.ndarray,
    t_park: float,
    apogee_radius: float,
    inclination: float,
    usable: float,
) -> Transfer:
    """Raise the apogee from the parking orbit reached at (t_park, s_park) to ``apogee_radius``.

    ``s_park`` holds the mass of the stack (upper stage + payload); ``usable`` is the upper-stage
    propellant left for the transfer (after its reserve), kg. Not enough of it: a ``Transfer``
    with ``status`` ``"too_heavy"`` and the shortfall as a negative margin.
    """
    flow = float(seq.seg_mass_flow[-1])
    ve = float(seq.seg_thrust_vac[-1]) / flow
    r_p = float(np.linalg.norm(s_park[:3]))
    v0 = math.sqrt(MU_EARTH / r_p)
    v_final = math.sqrt(MU_EARTH * (2.0 / r_p - 2.0 / (r_p + apogee_radius)))
    dv_total = v_final - v0
    m = float(s_park[6])
    t_total = m * (1.0 - math.exp(-dv_total / ve)) / flow
    n = int(min(max(math.ceil(t_total / MAX_BURN_S), 1), max(upper.max_burns - 1, 1), _bound_steps(dv_total, v0, apogee_radius)))  # fmt: skip
    # time of the next node (argument of latitude 0 or pi) at least half a burn ahead
    r, v = s_park[:3], s_park[3:6]
    h = np.cross(r, v)
    node = np.cross([0.0, 0.0, 1.0], h)
    node /= np.linalg.norm(node)
    u = math.atan2(float(np.dot(np.cross(node, r), h)) / np.linalg.norm(h), float(np.dot(node, r)))
    mean_motion = math.sqrt(MU_EARTH / r_p**3)
    t_first_burn = m * (1.0 - math.exp(-(dv_total / n) / ve)) / flow
    du = (math.pi - u % math.pi) % math.pi
    t_mid = t_park + du / mean_motion
    if t_mid - t_park < 0.5 * t_first_burn + 60.0:
        t_mid += math.pi / mean_motion
    s, t = s_park.copy(), t_park
    burns = []
    for k in range(1, n + 1):
        v_k = v0 + k * dv_total / n
        a_k = 1.0 / (2.0 / r_p - v_k * v_k / MU_EARTH)
        dv_k = dv_total / n
        t_b = m * (1.0 - math.exp(-dv_k / ve)) / flow
        t_start = max(t_mid - 0.5 * t_b, t + 1.0)
        left = usable - sum(b.propellant for b in burns)
        if left <= 0:
            short = -m * (math.exp((n - k + 1) * dv_k / ve) - 1.0)
            return Transfer(tuple(burns), s, t, short, "too_heavy")
        leg = _leg(seq, t_start, left / flow)
        s_b = _coast(leg, s, t, t_start)
        md = pack(leg)
        prm = np.zeros(K.N_PARAMS)
        prm[K.P_ENERGY] = -MU_EARTH / (2.0 * a_k)
        status, tf, sf, *_ = md.run_one(s_b, t_start, K.MODE_PROGRADE, False, False, prm, np.inf)
        if status != K.STATUS_CUTOFF:
            deficit = prm[K.P_ENERGY] - K.specific_energy(sf)
            missing_dv = deficit / math.sqrt(MU_EARTH / r_p) + (n - k) * dv_k
            short = -float(sf[6]) * (math.exp(missing_dv / ve) - 1.0)
            return Transfer(tuple(burns), sf, float(tf), short, "too_heavy")
        tf = float(tf)
        prop = float(s_b[6] - sf[6])
        burns.append(
            Burn(
                t_start,
                tf,
                ve * math.log(float(s_b[6]) / float(sf[6])),
                2.0 * a_k - r_p - WGS84_A,
                prop,
            )
        )
        m = float(sf[6])
        s, t = sf, tf
        period = 2.0 * math.pi * math.sqrt(abs(a_k) ** 3 / MU_EARTH)  # a_k < 0: escaped, last burn
        t_mid = 0.5 * (t_start + tf) + period
    margin = usable - sum(b.propellant for b in burns)
    return Transfer(tuple(burns), s, t, margin)
