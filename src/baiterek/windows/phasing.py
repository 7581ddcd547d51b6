"""Which rendezvous scheme a phase angle at insertion allows (2-orbit, 4-orbit, 34-orbit).

Phase angle: the target's argument of latitude minus the vehicle's, at insertion, wrapped to
(-180, 180] deg; positive when the target is ahead. A chaser below the target catches up, so a
target ahead by phi needs a catch-up of phi + 360 k deg (k = 0, 1, ...).

Phasing model (derived here; a simplified version of the Russian fast-rendezvous logic described
by Murtazin and Budylov, "Short rendezvous missions for advanced Russian human spacecraft",
Acta Astronautica 67 (2010)):

* insertion orbit 200 x 240 km (the Soyuz insertion orbit, docs/reference/vehicles.md 3.2, Soyuz-FG entry):
  mean motion n_v of a = R_eq + 220 km; target circular at its own mean semi-major axis (from
  the TLE), mean motion n_t;
* the scheme ends at rendezvous N chaser revolutions after insertion (t_R = N 2 pi / n_v;
  N = 2 for the ~3 h scheme, 4 for ~6 h, 34 for ~2 days);
* manoeuvre model: the chaser coasts in the insertion orbit for a time t_low, then makes a
  Hohmann transfer to the target orbit (half a transfer period T_h / 2), then stays co-orbital.
  The phase it gains is (n_v - n_t) t_low + (pi - n_t T_h / 2), with 0 <= t_low <= t_R - T_h/2.

So a scheme is possible for catch-ups between pi - n_t T_h / 2 (raise at once; about 4 deg for
the ISS) and that plus (n_v - n_t)(t_R - T_h / 2) (raise at the last moment; about 28 deg for 2
orbits, 59 deg for 4, and more than a full turn for 34, so the 2-day scheme is always possible).
J2 differential drift, drag and the real multi-burn profiles are not modelled, so the range
edges are approximate (a few degrees); the phase of the daily opportunity moves by about 90
deg from one day to the next at the ISS, so only opportunities near an edge can be misnamed.
Plane lead (multi-day schemes): on its way the chaser flies lower than the target, where the J2
node regression is faster (``earth.secular.raan_rate_j2``: about 5.5 deg/day at 220 km against
4.9 at the ISS's 420 km, at 51.6 deg), so its insertion plane must lead the target's node by the
extra regression of its planned orbit history for the planes to coincide at rendezvous:
``lead = -integral of (dOmega_chaser/dt - dOmega_target/dt) over the plan`` (``plane_lead``): the
coast in the insertion orbit for t_low (from the phase, as above), half a transfer on the
Hohmann ellipse, co-orbital after. About 0.02 deg (5 s of launch time) on the 2-orbit scheme, up
to about 1 deg (a few minutes) on the 34-orbit scheme.

Check: the two real 2-orbit launches of docs/reference/validation-public.md sec. 1 (Soyuz MS-17, Progress
MS-23) had phases of 13.5 and 13.3 deg by this tool, inside the derived 3.9-27 deg range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.earth.secular import raan_rate_j2

__all__ = [
    "Scheme",
    "SCHEMES",
    "INSERTION_ORBIT_M",
    "scheme_ranges",
    "classify_phase",
    "plane_lead",
]

INSERTION_ORBIT_M = (200e3, 240e3)
"""Perigee and apogee altitude of the chaser's insertion orbit, m (Soyuz 200 x 240 km)."""

SCHEMES: tuple[tuple[str, int], ...] = (("2-orbit", 2), ("4-orbit", 4), ("34-orbit", 34))
"""Rendezvous schemes, fastest first: name and chaser revolutions to rendezvous."""


@dataclass(frozen=True)
class Scheme:
    """A rendezvous scheme and the catch-up angles it can absorb (rad)."""

    name: str
    revolutions: int
    duration_s: float
    catchup_min_rad: float
    catchup_max_rad: float

    def allows(self, phase_rad: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """True where a target ahead by phase_rad (any real) can be caught by this scheme."""
        phi = np.mod(np.asarray(phase_rad, float), 2 * math.pi)
        k = np.ceil((self.catchup_min_rad - phi) / (2 * math.pi))
        first = phi + 2 * math.pi * np.maximum(k, 0.0)
        return np.asarray(np.isfinite(phi) & (first <= self.catchup_max_rad), dtype=np.bool_)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "revolutions": self.revolutions,
            "duration_h": self.duration_s / 3600.0,
            "catchup_min_deg": math.degrees(self.catchup_min_rad),
            "catchup_max_deg": math.degrees(self.catchup_max_rad),
        }


def scheme_ranges(
    target_a_m: float,
    insertion_perigee_m: float = INSERTION_ORBIT_M[0],
    insertion_apogee_m: float = INSERTION_ORBIT_M[1],
) -> tuple[Scheme, ...]:
    """The catch-up range of each scheme for a chaser inserted below a circular target."""
    a_v = WGS84_A + 0.5 * (insertion_perigee_m + insertion_apogee_m)
    n_v = math.sqrt(MU_EARTH / a_v**3)
    n_t = math.sqrt(MU_EARTH / target_a_m**3)
    a_h = 0.5 * (a_v + target_a_m)
    half_transfer = math.pi * math.sqrt(a_h**3 / MU_EARTH)
    base = math.pi - n_t * half_transfer
    out = []
    for name, revs in SCHEMES:
        t_r = revs * 2 * math.pi / n_v
        out.append(
            Scheme(name, revs, t_r, base, base + (n_v - n_t) * max(t_r - half_transfer, 0.0))
        )
    return tuple(out)


def classify_phase(
    phase_rad: npt.ArrayLike, schemes: tuple[Scheme, ...]
) -> npt.NDArray[np.object_]:
    """Name of the fastest scheme each phase allows (object array; None where none does)."""
    phase = np.atleast_1d(np.asarray(phase_rad, float))
    out = np.full(phase.shape, None, dtype=object)
    for s in reversed(schemes):  # the fastest written last wins
        out[s.allows(phase)] = s.name
    return out


def plane_lead(
    scheme: Scheme,
    phase_rad: npt.ArrayLike,
    target_a_m: float,
    inclination_rad: float,
    insertion_perigee_m: float = INSERTION_ORBIT_M[0],
    insertion_apogee_m: float = INSERTION_ORBIT_M[1],
) -> npt.NDArray[np.float64]:
    """Node lead of the insertion plane over the target's at insertion (rad, > 0: east) that J2
    regression removes by the rendezvous of ``scheme`` (module docstring), for a target ahead by
    ``phase_rad``; NaN where the scheme cannot absorb the phase."""
    a_v = WGS84_A + 0.5 * (insertion_perigee_m + insertion_apogee_m)
    e_v = (insertion_apogee_m - insertion_perigee_m) / (2.0 * a_v)
    a_h = 0.5 * (a_v + target_a_m)
    e_h = (target_a_m - a_v) / (target_a_m + a_v)
    n_v = math.sqrt(MU_EARTH / a_v**3)
    n_t = math.sqrt(MU_EARTH / target_a_m**3)
    half_transfer = math.pi * math.sqrt(a_h**3 / MU_EARTH)
    rate_t = float(raan_rate_j2(target_a_m, 0.0, inclination_rad))
    rate_v = float(raan_rate_j2(a_v, e_v, inclination_rad)) - rate_t
    rate_h = float(raan_rate_j2(a_h, e_h, inclination_rad)) - rate_t
    phi = np.mod(np.asarray(phase_rad, float), 2 * math.pi)
    k = np.maximum(np.ceil((scheme.catchup_min_rad - phi) / (2 * math.pi)), 0.0)
    catchup = phi + 2 * math.pi * k
    t_low = (catchup - scheme.catchup_min_rad) / (n_v - n_t)
    lead = -(rate_v * t_low + rate_h * half_transfer)
    ok = scheme.allows(phase_rad)
    return np.asarray(np.where(ok, lead, np.nan), np.float64)
