"""Mars for a launcher: the porkchop joined with the vehicle's payload-against-C3 curve.

``mars(vehicle, site, opportunity)`` computes the porkchop (``porkchop``), a payload-against-C3
curve per parking plane needed (``performance.escape_curve.escape_curve`` at a few C3 values spanning
the opportunity's useful energies, interpolated linearly between them), and the payload at every
grid point: from the curve of the lowest corridor whose plane holds the point's DLA; NaN where no
corridor of the site holds it (greyed out on the page) or where C3 lies above the curve. The launch
period for a payload is the set of departure days on which some arrival day still carries it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from baiterek.errors import InputError
from baiterek.interplanetary.porkchop import TYPE_NAMES, Departure, Porkchop, porkchop
from baiterek.performance.escape import reachable_dla_deg
from baiterek.performance.escape_curve import EscapeCurve
from baiterek.provenance import provenance

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MarsResult", "mars", "CURVE_SPAN_KM2_S2", "CURVE_POINTS"]

CURVE_SPAN_KM2_S2 = 12.0
"""The payload curve spans the opportunity's minimum C3 (rounded down) to this much above, km2/s2
(a payload porkchop beyond it is left blank: such energies cost most of the payload)."""
CURVE_POINTS = 4
"""C3 values at which the payload is solved for each parking plane (interpolated between)."""
WORKERS = 2
"""Processes solving the curves' points (2 cores: the target machine)."""


@dataclass(frozen=True, slots=True)
class MarsResult:
    """A Mars opportunity for one vehicle and site: porkchop, curves, payload grid (kg)."""

    vehicle_id: str
    site_id: str
    porkchop: Porkchop
    curves: tuple[EscapeCurve, ...]
    payload: np.ndarray  # kg, (n_dep, n_arr); NaN: DLA unreachable, C3 above the curve, no arc
    reachable: np.ndarray  # bool, (n_dep, n_arr): the site's corridors hold the point's DLA
    requested_payload_kg: float | None
    notes: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.payload.flags.writeable = False
        self.reachable.flags.writeable = False

    def __repr__(self) -> str:
        best = np.nanmax(self.payload) if np.isfinite(self.payload).any() else float("nan")
        return (
            f"MarsResult({self.vehicle_id} from {self.site_id}, {self.porkchop.opportunity}: "
            f"up to {best:,.0f} kg)"
        )

    def _payload_at(self, m: Departure) -> float | None:
        """Payload (kg) at a refined minimum: from the curve of the corridor holding its DLA."""
        need = abs(math.degrees(m.dla))
        for c in self.curves:  # lowest plane first
            if need <= _plane_reach(math.degrees(c.parking_inclination)) + 0.5:
                p = float(c.payload_at(np.array([m.c3]))[0])
                return round(p, 1) if math.isfinite(p) else None
        return None

    def launch_period(self, payload_kg: float | None = None) -> dict[str, Any] | None:
        """Departure days (UTC dates) on which some arrival carries ``payload_kg`` (default: the
        requested payload), per type; None without a payload."""
        p = self.requested_payload_kg if payload_kg is None else payload_kg
        if p is None:
            return None
        dep = self.porkchop.departure_utc()
        out: dict[str, Any] = {"payload_kg": p}
        for k, name in TYPE_NAMES.items():
            ok = np.any((self.porkchop.kind == k) & (np.nan_to_num(self.payload, nan=-1.0) >= p),
                        axis=1)  # fmt: skip
            days = [dep[i][:10] for i in np.nonzero(ok)[0]]
            out[f"type_{name}"] = {
                "first_departure_utc": days[0] if days else None,
                "last_departure_utc": days[-1] if days else None,
                "days": len(days),
                "reaches_grid_edge": bool(ok[0] or ok[-1]),  # the period may extend beyond
            }
        return out

    def summary(self) -> dict[str, Any]:
        finite = np.isfinite(self.payload)
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            **self.porkchop.summary(),
            "reachable_abs_dla_deg": reachable_dla_deg(self.site_id),
            "max_payload_kg": round(float(np.nanmax(self.payload)), 1) if finite.any() else None,
            "unreachable_dla_points": int(np.sum(~self.reachable & np.isfinite(self.porkchop.c3))),
        }

    def to_frame(self) -> pd.DataFrame:
        """The porkchop's rows with the payload (kg, NaN: none) and whether the DLA is reachable."""
        f = self.porkchop.to_frame()
        i, j = np.nonzero(np.isfinite(self.porkchop.c3))
        f["payload_kg"] = self.payload[i, j]
        f["dla_reachable"] = self.reachable[i, j]
        return f

    def to_json(self) -> dict[str, Any]:
        minima = []
        for m in self.porkchop.minimum_c3:
            d = m.to_json()
            d["payload_kg"] = self._payload_at(m)
            minima.append(d)
        return {
            **self.summary(),
            "requested_payload_kg": self.requested_payload_kg,
            "minimum_c3": minima,
            "launch_period": self.launch_period(),
            "payload_curves": [c.to_json() for c in self.curves],
            "notes": list(self.porkchop.notes) + list(self.notes),
            "provenance": self.provenance,
        }


def mars(
    vehicle_id: str,
    site_id: str,
    opportunity: int,
    *,
    payload_kg: float | None = None,
    parking_altitude_km: float = 200.0,
    upper_stage_id: str | None = None,
    step_days: float = 1.0,
) -> MarsResult:
    """The payload porkchop of a Mars opportunity (year) for ``vehicle_id`` from ``site_id``."""
    if payload_kg is not None and not payload_kg > 0.0:
        raise InputError("payload_kg", payload_kg, "a positive mass, kg")
    from baiterek.performance.escape import PARKING_ALTITUDE_RANGE_KM

    lo, hi = PARKING_ALTITUDE_RANGE_KM  # checked here, before the porkchop and the workers
    if not lo <= parking_altitude_km <= hi:
        raise InputError("parking_altitude_km", parking_altitude_km, f"{lo:g} to {hi:g} km")
    pc = porkchop(int(opportunity), step_days=step_days)
    valid = np.isfinite(pc.c3)
    dla_deg = np.degrees(pc.dla)
    c3_min = min(m.c3 for m in pc.minimum_c3) / 1e6
    lo = math.floor(c3_min)
    nodes = tuple(np.linspace(lo, lo + CURVE_SPAN_KM2_S2, CURVE_POINTS).tolist())
    reach = reachable_dla_deg(site_id)
    abs_dla = np.abs(np.nan_to_num(dla_deg, nan=999.0))
    reachable = valid & (abs_dla <= reach)
    band = np.full(pc.c3.shape, -1)  # index into _bands(): the lowest corridor holding the DLA
    bands = _bands(site_id)
    for k in range(len(bands) - 1, -1, -1):
        band[reachable & (abs_dla <= bands[k])] = k
    in_span = reachable & (pc.c3 <= nodes[-1] * 1e6)
    payload = np.full(pc.c3.shape, np.nan)
    needs = {}
    for k in range(len(bands)):
        sel = band == k
        if (sel & in_span).any() or k == 0:
            needs[k] = float(abs_dla[sel & in_span].max()) if (sel & in_span).any() else 0.0
    curves = _curves(vehicle_id, site_id, nodes, needs, parking_altitude_km, upper_stage_id)
    for k, curve in curves.items():
        sel = band == k
        payload[sel] = curve.payload_at(pc.c3[sel])
    notes = []
    if np.any(reachable & (pc.c3 > nodes[-1] * 1e6)):
        notes.append(f"payload left blank above C3 {nodes[-1]:g} km2/s2 (the curve's range)")
    if np.any(valid & ~reachable):
        notes.append(f"points with |DLA| > {reach:g} deg cannot be reached from {site_id} (grey)")
    return MarsResult(
        vehicle_id=vehicle_id,
        site_id=site_id,
        porkchop=pc,
        curves=tuple(curves[k] for k in sorted(curves)),
        payload=payload,
        reachable=reachable,
        requested_payload_kg=payload_kg,
        notes=tuple(notes),
        provenance=provenance(
            {
                "vehicle": vehicle_id,
                "site": site_id,
                "opportunity": opportunity,
                "payload_kg": payload_kg,
                "parking_altitude_km": parking_altitude_km,
            }
        ),  # fmt: skip
    )


_Job = tuple[str, str, float, float, float, str | None]
"""A curve point to solve: vehicle, site, C3 km2/s2, |DLA| deg, parking altitude km, stage."""


def _one(args: _Job) -> float:
    """Worker: the maximum payload (kg) at one (C3, DLA), NaN if out of reach."""
    vehicle_id, site_id, c3, dla, alt, upper = args
    from baiterek.errors import ConvergenceError, InfeasibleError
    from baiterek.performance.escape import escape_payload

    try:
        return escape_payload(
            vehicle_id, site_id, c3, dla, parking_altitude_km=alt, upper_stage_id=upper
        ).payload_kg
    except (InfeasibleError, ConvergenceError):
        return float("nan")


def _curves(
    vehicle_id: str,
    site_id: str,
    nodes: tuple[float, ...],
    needs: dict[int, float],
    alt: float,
    upper: str | None,
) -> dict[int, EscapeCurve]:
    """One payload curve per corridor band (``needs``: band -> |DLA| deg it must hold), its C3
    nodes solved in parallel over WORKERS processes (each solution is independent)."""
    from concurrent.futures import ProcessPoolExecutor

    from baiterek.performance.escape import parking_plane, transfer_stage_id

    stage = transfer_stage_id(vehicle_id, upper)
    jobs: list[_Job] = [
        (vehicle_id, site_id, c, needs[k], alt, stage) for k in sorted(needs) for c in nodes
    ]
    if WORKERS > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=WORKERS) as pool:
            values = list(pool.map(_one, jobs))
    else:
        values = [_one(j) for j in jobs]
    out = {}
    for n, k in enumerate(sorted(needs)):
        inc, _, _ = parking_plane(site_id, needs[k])
        pay = np.array(values[n * len(nodes) : (n + 1) * len(nodes)])
        out[k] = EscapeCurve(
            vehicle_id=vehicle_id,
            site_id=site_id,
            transfer_stage=stage or f"{vehicle_id} last stage (restarted)",
            parking_inclination=math.radians(inc),
            parking_altitude=alt * 1e3,
            c3=np.array(nodes) * 1e6,
            payload=pay,
            notes=() if np.isfinite(pay).all() else ("some C3 values out of reach",),
            provenance=provenance(
                {"vehicle": vehicle_id, "site": site_id, "c3_km2_s2": nodes, "dla_deg": needs[k]}
            ),  # fmt: skip
        )
    return out


def _bands(site_id: str) -> list[float]:
    """The |DLA| reach (deg) of each corridor of the site, lowest (most payload) first; a site
    without corridors: one band reaching 90 deg."""
    from baiterek import catalog
    from baiterek.performance.escape import _corridor_reach

    s = catalog.site(site_id)
    if not s.corridors:
        return [90.0]
    return sorted({_corridor_reach(c) for c in s.corridors})


def _plane_reach(inc_deg: float) -> float:
    """Largest |DLA| (deg) a parking plane of ``inc_deg`` holds."""
    return inc_deg if inc_deg <= 90.0 else 180.0 - inc_deg
