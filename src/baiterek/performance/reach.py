"""Orbits out of reach: the answer to an orbit no payload reaches, with the highest that is.

Circular targets: the highest altitude at the same inclination; elliptical: the highest apogee at
the same perigee (by direct ascent, without payload).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from baiterek._numerics import feasible_side_root
from baiterek.constants import WGS84_A
from baiterek.errors import ConvergenceError, InfeasibleError
from baiterek.flight import guidance as G
from baiterek.performance import depletion as D
from baiterek.performance.case import AscentCase

REACH_TOL_M = 5e3
"""The highest reachable orbit is found to this, m (bracket width)."""
REACH_MIN_STEP_M = 1e3
"""Trial radii stay this far inside the bracket, m."""
LOWEST_CIRCULAR_ALTITUDE_M = 200e3
"""A circular search starts from this altitude, m (the lowest orbit the vehicles are rated to)."""


@dataclass(frozen=True, slots=True)
class ReachLimit:
    """The highest orbit of the target's family reached without payload (``None``: not even the
    lowest one); ``limit`` is the ``InfeasibleError.limit`` dict, ``text`` the message's tail."""

    max_altitude_km: float | None
    max_apogee_km: float | None
    text: str

    @property
    def limit(self) -> dict[str, Any]:
        out: dict[str, Any] = {"payload_kg": 0.0}
        if self.max_altitude_km is not None:
            out["max_altitude_km"] = self.max_altitude_km
        if self.max_apogee_km is not None:
            out["max_apogee_km"] = self.max_apogee_km
        return out


NOT_REACHED = ReachLimit(None, None, "")


def reach_limit(case: AscentCase) -> ReachLimit:
    """The highest orbit of ``case.target``'s family reachable without payload, by direct ascent.

    Found by regula falsi from the reached side (``_numerics.feasible_side_root``) on the
    depletion system's maximum payload, which is continued below zero beyond reach, to
    ``REACH_TOL_M``.
    """
    v = case.vehicle
    g = v.guidance
    target = case.target
    circular = abs(target.semi_major_axis - target.radius) < 1.0
    r_p = target.radius
    lowest = WGS84_A + LOWEST_CIRCULAR_ALTITUDE_M if circular else r_p

    def payload_at(r_hi: float) -> float:
        t = (
            G.OrbitTarget(r_hi, 0.0, r_hi, target.inclination, target.heading)
            if circular
            else G.OrbitTarget(r_p, 0.0, 0.5 * (r_p + r_hi), target.inclination, target.heading)
        )
        try:
            st = case.with_target(t).setup(v.reference_payload_kg)
            return D.maximum_over_kick(
                st.problem, math.radians(g.kick_min_deg), math.radians(g.kick_max_deg),
                0.3 * v.reference_payload_kg, -0.5 * v.stages[-1].dry_mass_kg,
                max_q=v.limits.max_dynamic_pressure_kpa * 1e3,
            ).payload  # fmt: skip
        except (ConvergenceError, InfeasibleError):
            return -math.inf

    def f(r: float) -> tuple[float, bool, None]:
        p = payload_at(r)
        return p, p > 0.0, None

    r_hi = r_p if circular else case.apogee_radius
    fa = payload_at(lowest)
    if not fa > 0.0:
        return NOT_REACHED
    root = feasible_side_root(
        f, lowest, fa, None, r_hi, payload_at(r_hi),
        xtol=REACH_TOL_M, min_step=REACH_MIN_STEP_M, max_iter=30,
    )  # fmt: skip
    km = round((root.x - WGS84_A) / 1e3, 0)
    if circular:
        return ReachLimit(
            km,
            None,
            f"; the highest circular orbit it reaches at this inclination by direct ascent is "
            f"about {km:,.0f} km",
        )
    return ReachLimit(
        None,
        km,
        f"; the highest apogee it reaches from this perigee by direct ascent is about {km:,.0f} km",
    )


def out_of_reach(case: AscentCase, short_kg: float | None, with_limit: bool) -> InfeasibleError:
    """The error for an orbit not reached even without payload (``short_kg``: by how much),
    naming the highest orbit reached when ``with_limit`` (a few seconds more)."""
    lim = reach_limit(case) if with_limit else NOT_REACHED
    return InfeasibleError(
        f"{case.vehicle_id} cannot reach this orbit from {case.site_id} even without payload"
        + ("" if short_kg is None else f" (short by about {short_kg:,.0f} kg)")
        + lim.text,
        lim.limit,
    )
