"""Maximum payload to a hyperbolic departure (C3, DLA) from a parking orbit (curves: escape_curve).

The departure is flown the way GTO is flown (``performance.payload.max_payload`` with a parking
orbit and a transfer): the ascent puts the stack into a circular parking orbit, the transfer
stage coasts and relights at the perigee in equal velocity steps, and its last burn ends at the
target energy C3 / 2 (``flight.transfer.fly_transfer`` takes a hyperbolic target as the "apogee
radius" ``2 a - r_p`` of ``a = -mu / C3``; intermediate orbits are kept bound,
``flight.escape_steps``). Transfer stage: the upper stage that flies on the vehicle in the catalog
(Fregat on Soyuz-2.1a/b and, as an assumption, on Sunkar; Breeze-M on Proton-M), else the
vehicle's own restartable last stage (Falcon 9's second stage; it also tries a direct ascent to
the energy and keeps the better). C3 < 0 (a lunar transfer) is the same call with an apogee.

Plane: the departure asymptote lies in the parking orbit's plane, so the parking inclination
must be at least |DLA| (for a retrograde corridor, 180 deg - i); the lowest corridor of the site
that allows it is flown (the highest payload). This module is the one place that calls today's
performance internals for escape; SI inside (m^2/s^2, rad, m), km2/s2 and deg at its edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from baiterek import catalog
from baiterek.constants import G0, MU_EARTH, WGS84_A
from baiterek.errors import InfeasibleError, InputError
from baiterek.flight.guidance import OrbitTarget
from baiterek.provenance import provenance

__all__ = [
    "EscapeResult",
    "escape_payload",
    "parking_plane",
    "reachable_dla_deg",
    "transfer_stage_id",
]

C3_RANGE_KM2_S2 = (-15.0, 150.0)
"""Accepted C3, km2/s2: from a high elliptical orbit (apogee ~25 Earth radii) to far beyond any
vehicle here (the answer then names the highest C3 reached)."""
PARKING_ALTITUDE_RANGE_KM = (160.0, 1000.0)


def transfer_stage_id(vehicle_id: str, upper_stage_id: str | None = None) -> str | None:
    """The upper stage flown for an escape on ``vehicle_id`` (None: its own last stage restarts).

    InputError when the vehicle has neither an upper stage in the catalog nor a last stage that
    can restart.
    """
    v = catalog.vehicle(vehicle_id)
    if upper_stage_id is not None:
        catalog.stacked(v, catalog.upper_stage(upper_stage_id))  # checks that it flies on v
        return upper_stage_id
    for u in catalog.upper_stages():
        if vehicle_id in u.vehicles:
            return u.id
    if catalog.restartable_last_stage(v) is not None:
        return None
    raise InputError(
        "vehicle",
        vehicle_id,
        "a vehicle with an upper stage or a restartable last stage for an escape: "
        + ", ".join(
            x.id
            for x in catalog.vehicles()
            if catalog.restartable_last_stage(x) is not None
            or any(x.id in u.vehicles for u in catalog.upper_stages())
        ),
    )


def _corridor_reach(c) -> float:
    """Largest |DLA| a corridor's plane can contain, deg."""
    hi = c.inclination_max_deg
    lo = c.inclination_min_deg
    if hi <= 90.0:
        return hi
    if lo >= 90.0:
        return 180.0 - lo
    return 90.0


def reachable_dla_deg(site_id: str) -> float:
    """The largest |DLA| (deg) a parking orbit from ``site_id``'s corridors can contain."""
    s = catalog.site(site_id)
    if not s.corridors:
        return 90.0
    return max(_corridor_reach(c) for c in s.corridors)


def parking_plane(site_id: str, dla_deg: float) -> tuple[float, str, str]:
    """(inclination deg, heading, corridor name) of the lowest-inclination parking orbit from
    ``site_id`` whose plane contains an asymptote of declination ``dla_deg``.

    InputError (field ``dla_deg``) when no corridor of the site allows it, naming the reach.
    """
    s = catalog.site(site_id)
    need = abs(float(dla_deg))
    if not math.isfinite(need) or need > 90.0:
        raise InputError("dla_deg", dla_deg, "a declination between -90 and 90 deg")
    if not s.corridors:
        return max(need, abs(s.latitude_deg)), "north", "any inclination >= the site latitude"
    best = None
    for c in s.corridors:
        if _corridor_reach(c) < need:
            continue
        inc = max(c.inclination_min_deg, need) if c.inclination_max_deg <= 90.0 else None
        if inc is None:  # retrograde band: the plane holds |DLA| <= 180 - i
            inc = min(c.inclination_max_deg, 180.0 - need)
        payload_rank = min(inc, 180.0 - inc)  # closer to the equator: more payload
        if best is None or payload_rank < best[0]:
            best = (payload_rank, inc, c.heading, c.name)
    if best is None:
        raise InputError(
            "dla_deg",
            dla_deg,
            f"|DLA| <= {reachable_dla_deg(site_id):g} deg from {site_id} "
            f"(its corridors: {s.allowed_text()})",
        )
    return best[1], best[2], best[3]


def _target(c3: float, parking_radius: float, inclination: float, heading: str) -> OrbitTarget:
    """A transfer target of energy C3 / 2 (m^2/s^2) from a circular parking orbit."""
    if abs(c3) < 1.0:  # parabolic: nudged by 1e-6 km2/s2 (a = inf would divide by zero)
        c3 = 1.0
    return OrbitTarget(parking_radius, 0.0, -MU_EARTH / c3, inclination, heading)


@dataclass(frozen=True, slots=True)
class EscapeResult:
    """Maximum payload to a departure of energy ``c3`` (m^2/s^2) with asymptote declination
    ``dla`` (rad), from a circular parking orbit of ``parking_altitude`` (m) and inclination
    ``parking_inclination`` (rad)."""

    vehicle_id: str
    site_id: str
    transfer_stage: str
    c3: float
    dla: float
    parking_altitude: float
    parking_inclination: float
    corridor: str
    payload_kg: float
    requested_payload_kg: float | None
    ascent_profile: str
    burns: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"EscapeResult({self.vehicle_id} from {self.site_id}, C3 {self.c3 / 1e6:.2f} km2/s2,"
            f" DLA {math.degrees(self.dla):.1f} deg: {self.payload_kg:,.0f} kg)"
        )

    @property
    def margin_kg(self) -> float | None:
        if self.requested_payload_kg is None:
            return None
        return self.payload_kg - self.requested_payload_kg

    def summary(self) -> dict[str, Any]:
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "transfer_stage": self.transfer_stage,
            "c3_km2_s2": round(self.c3 / 1e6, 4),
            "dla_deg": round(math.degrees(self.dla), 3),
            "parking_altitude_km": round(self.parking_altitude / 1e3, 3),
            "parking_inclination_deg": round(math.degrees(self.parking_inclination), 3),
            "corridor": self.corridor,
            "payload_kg": round(self.payload_kg, 1),
            "requested_payload_kg": self.requested_payload_kg,
            "margin_kg": None if self.margin_kg is None else round(self.margin_kg, 1),
            "feasible": None if self.margin_kg is None else self.margin_kg >= 0.0,
            "ascent_profile": self.ascent_profile,
        }

    def to_frame(self):
        """The departure burns, one row each."""
        import pandas as pd

        return pd.DataFrame.from_records(list(self.burns))

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "reachable_abs_dla_deg": reachable_dla_deg(self.site_id),
            "burns": list(self.burns),
            "notes": list(self.notes),
            "provenance": self.provenance,
        }


def _check_c3(c3_km2_s2: float) -> None:
    lo, hi = C3_RANGE_KM2_S2
    if not (math.isfinite(c3_km2_s2) and lo <= c3_km2_s2 <= hi):
        raise InputError("c3_km2_s2", c3_km2_s2, f"a C3 from {lo:g} to {hi:g} km2/s2")


def escape_payload(
    vehicle_id: str,
    site_id: str,
    c3_km2_s2: float,
    dla_deg: float = 0.0,
    *,
    parking_altitude_km: float = 200.0,
    upper_stage_id: str | None = None,
    payload_kg: float | None = None,
    initial_payload_kg: float | None = None,
) -> EscapeResult:
    """The largest payload ``vehicle_id`` sends from ``site_id`` to C3 (km2/s2) at DLA (deg).

    A C3 the vehicle cannot reach: InfeasibleError whose limit gives the highest C3 reached
    (estimated from the rocket equation and the losses flown at C3 = 0). ``payload_kg``: the
    requested payload (margin reported). ``initial_payload_kg`` only speeds the search up.
    """
    from baiterek.performance.payload import max_payload

    _check_c3(float(c3_km2_s2))
    lo, hi = PARKING_ALTITUDE_RANGE_KM
    if not lo <= parking_altitude_km <= hi:
        raise InputError("parking_altitude_km", parking_altitude_km, f"{lo:g} to {hi:g} km")
    stage = transfer_stage_id(vehicle_id, upper_stage_id)
    inc_deg, heading, corridor = parking_plane(site_id, dla_deg)
    r_p = WGS84_A + parking_altitude_km * 1e3
    c3 = float(c3_km2_s2) * 1e6
    target = _target(c3, r_p, math.radians(inc_deg), heading)
    info = {"c3_km2_s2": c3_km2_s2, "dla_deg": dla_deg, "parking_altitude_km": parking_altitude_km}
    try:
        res = max_payload(
            vehicle_id,
            site_id,
            target,
            requested_payload_kg=payload_kg,
            target_info=info,
            upper_stage_id=stage,
            initial_payload_kg=initial_payload_kg,
            reach_limit=False,
        )
    except InfeasibleError as exc:
        best = None if c3 <= 0.0 else _highest_c3(vehicle_id, site_id, stage, r_p, inc_deg, heading)
        limit = {"payload_kg": 0.0}
        text = ""
        if best is not None:
            limit["max_c3_km2_s2"] = round(best / 1e6, 1)
            text = f"; the highest C3 it reaches is about {best / 1e6:.1f} km2/s2 (estimate)"
        raise InfeasibleError(
            f"{vehicle_id} cannot send any payload to C3 = {c3_km2_s2:g} km2/s2 from {site_id}"
            + text,
            limit,
        ) from exc
    name = stage or f"{vehicle_id} last stage (restarted)"
    burns: tuple[dict[str, Any], ...] = ()
    if res.transfer is not None:
        burns = tuple(_burn_json(b, r_p, k, len(res.transfer.burns), c3)
                      for k, b in enumerate(res.transfer.burns))  # fmt: skip
    return EscapeResult(
        vehicle_id=vehicle_id,
        site_id=site_id,
        transfer_stage=name,
        c3=c3,
        dla=math.radians(float(dla_deg)),
        parking_altitude=parking_altitude_km * 1e3,
        parking_inclination=math.radians(inc_deg),
        corridor=corridor,
        payload_kg=float(res.payload_kg),
        requested_payload_kg=payload_kg,
        ascent_profile=res.ascent_profile,
        burns=burns,
        notes=tuple(res.notes),
        provenance=provenance({"vehicle": vehicle_id, "site": site_id, **info}),
    )


def _burn_json(b, r_p: float, k: int, n: int, c3: float) -> dict[str, Any]:
    """One departure burn (start, duration, delta-v, propellant, C3 after it)."""
    d = b.to_json()
    d.pop("apogee_km_after")
    a = 0.5 * (b.apogee_altitude + WGS84_A + r_p)  # the step's semi-major axis, m
    d["c3_km2_s2_after"] = round((c3 if k == n - 1 else -MU_EARTH / a) / 1e6, 4)
    return d


def _highest_c3(vehicle_id, site_id, stage, r_p, inc_deg, heading) -> float | None:
    """The highest C3 reached with no payload, m^2/s^2: from the flight at C3 = 0, the rocket
    equation with the payload's mass removed (the same propellant), and the same losses."""
    from baiterek.performance.payload import max_payload

    try:
        ref = max_payload(
            vehicle_id, site_id, _target(1.0, r_p, math.radians(inc_deg), heading),
            upper_stage_id=stage, reach_limit=False,
        )  # fmt: skip
    except InfeasibleError:
        return None
    if ref.transfer is None or not ref.transfer.burns:
        return 0.0
    us = (
        catalog.upper_stage(stage)
        if stage
        else catalog.restartable_last_stage(catalog.vehicle(vehicle_id))
    )
    if us is None:  # no transfer stage (transfer_stage_id refuses such a vehicle): limit unknown
        return None
    ve = us.engine.isp_vac_s * G0
    m_f = float(ref.transfer.final_state[6])
    m_i = m_f + sum(b.propellant for b in ref.transfer.burns)
    dv_flown = ve * math.log(m_i / m_f)
    v0 = math.sqrt(MU_EARTH / r_p)
    loss = dv_flown - (math.sqrt(2.0 * MU_EARTH / r_p) - v0)
    p = ref.payload_kg
    dv = ve * math.log((m_i - p) / (m_f - p)) - loss
    return (v0 + dv) ** 2 - 2.0 * MU_EARTH / r_p
