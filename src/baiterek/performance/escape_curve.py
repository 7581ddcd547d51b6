"""Payload-against-C3 curves: ``performance.escape.escape_payload`` at a few C3 values.

Each point is one flown escape (parking orbit, coast, departure burns), warm-started from the
previous point; between points the payload is interpolated linearly (``EscapeCurve.payload_at``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from baiterek.errors import ConvergenceError, InfeasibleError, InputError
from baiterek.performance.escape import (
    _check_c3,
    escape_payload,
    parking_plane,
    reachable_dla_deg,
    transfer_stage_id,
)
from baiterek.provenance import provenance

__all__ = ["DEFAULT_CURVE_C3_KM2_S2", "EscapeCurve", "escape_curve"]

DEFAULT_CURVE_C3_KM2_S2 = (-2.0, 0.0, 5.0, 10.0, 15.0, 20.0, 30.0)


@dataclass(frozen=True, slots=True)
class EscapeCurve:
    """Maximum payload against C3 for one vehicle, site and parking plane (arrays SI, kg)."""

    vehicle_id: str
    site_id: str
    transfer_stage: str
    parking_inclination: float  # rad
    parking_altitude: float  # m
    c3: np.ndarray  # m^2/s^2, increasing
    payload: np.ndarray  # kg, NaN where out of reach
    notes: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.c3.flags.writeable = False
        self.payload.flags.writeable = False

    def __repr__(self) -> str:
        return (
            f"EscapeCurve({self.vehicle_id} from {self.site_id}, "
            f"{self.c3.size} points, C3 {self.c3[0] / 1e6:g}..{self.c3[-1] / 1e6:g} km2/s2)"
        )

    def payload_at(self, c3: np.ndarray) -> np.ndarray:
        """Payload (kg) at C3 values (m^2/s^2) by linear interpolation; NaN outside the curve."""
        ok = np.isfinite(self.payload)
        x, y = self.c3[ok], self.payload[ok]
        c3 = np.asarray(c3, float)
        if x.size < 2:
            return np.full(c3.shape, np.nan)
        out = np.interp(c3, x, y, left=np.nan, right=np.nan)
        return np.where(np.isfinite(c3), out, np.nan)

    def summary(self) -> dict[str, Any]:
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "transfer_stage": self.transfer_stage,
            "parking_inclination_deg": round(math.degrees(self.parking_inclination), 3),
            "parking_altitude_km": round(self.parking_altitude / 1e3, 3),
            "reachable_abs_dla_deg": reachable_dla_deg(self.site_id),
        }

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame({"c3_km2_s2": self.c3 / 1e6, "payload_kg": self.payload})

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary(),
            "points": [
                {
                    "c3_km2_s2": round(float(c) / 1e6, 4),
                    "payload_kg": None if not np.isfinite(p) else round(float(p), 1),
                }
                for c, p in zip(self.c3, self.payload, strict=True)
            ],  # fmt: skip
            "notes": list(self.notes),
            "provenance": self.provenance,
        }


def escape_curve(
    vehicle_id: str,
    site_id: str,
    c3_km2_s2: tuple[float, ...] | list[float] = DEFAULT_CURVE_C3_KM2_S2,
    dla_deg: float = 0.0,
    *,
    parking_altitude_km: float = 200.0,
    upper_stage_id: str | None = None,
) -> EscapeCurve:
    """Maximum payload at each C3 (km2/s2, sorted), one solution each, warm-started from the
    previous point; a C3 out of reach gives NaN (and every higher C3 too)."""
    values = sorted(float(c) for c in c3_km2_s2)
    if not values:
        raise InputError("c3_km2_s2", list(c3_km2_s2), "at least one C3 value")
    for c in values:
        _check_c3(c)
    stage = transfer_stage_id(vehicle_id, upper_stage_id)
    inc_deg, _, _ = parking_plane(site_id, dla_deg)
    payload = np.full(len(values), np.nan)
    notes: list[str] = []
    guess = None
    for i, c in enumerate(values):
        try:
            r = escape_payload(
                vehicle_id, site_id, c, dla_deg, parking_altitude_km=parking_altitude_km,
                upper_stage_id=stage, initial_payload_kg=guess,
            )  # fmt: skip
        except InfeasibleError:
            notes.append(f"C3 {c:g} km2/s2 and above: out of reach")
            break
        except ConvergenceError as exc:
            notes.append(f"C3 {c:g} km2/s2: no solution ({exc})")
            continue
        payload[i] = r.payload_kg
        guess = max(r.payload_kg, 100.0)
    return EscapeCurve(
        vehicle_id=vehicle_id,
        site_id=site_id,
        transfer_stage=stage or f"{vehicle_id} last stage (restarted)",
        parking_inclination=math.radians(inc_deg),
        parking_altitude=parking_altitude_km * 1e3,
        c3=np.array(values) * 1e6,
        payload=payload,
        notes=tuple(notes),
        provenance=provenance(
            {"vehicle": vehicle_id, "site": site_id, "c3_km2_s2": values, "dla_deg": dla_deg}
        ),
    )
