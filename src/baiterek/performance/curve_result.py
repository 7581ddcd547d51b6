"""The result of a payload curve: one ``CurvePoint`` per grid point, a ``PayloadCurve`` of them."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from baiterek.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

CurveKind = Literal["circular", "sso", "elliptical"]


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """The maximum payload at one grid point, or NaN with the reason."""

    line: str
    perigee_km: float
    apogee_km: float
    inclination_deg: float  # the target's (computed for sun-synchronous); NaN if refused early
    heading: str
    payload_kg: float  # NaN when status != "ok"
    status: str  # ok | refused | infeasible | no_convergence | error
    reason: str = ""
    pitch_over_kick_deg: float = math.nan
    guidance_evaluations: int = 0
    max_dynamic_pressure_kpa: float = math.nan
    max_axial_load_g: float = math.nan
    active_constraints: str = ""  # the same names performance reports as active
    solve_time_s: float = 0.0
    violations: str = ""  # limits the maximum-payload flight breaks (space-separated)
    feasible: bool = False  # ok and no hard limit broken (soft limits: vehicle limits.soft)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


FRAME_COLUMNS = (
    "line",
    "perigee_km",
    "apogee_km",
    "inclination_deg",
    "heading",
    "payload_kg",
    "status",
    "reason",
    "pitch_over_kick_deg",
    "guidance_evaluations",
    "max_dynamic_pressure_kpa",
    "max_axial_load_g",
    "active_constraints",
    "solve_time_s",
    "violations",
    "feasible",
)


@dataclass(frozen=True, slots=True)
class PayloadCurve:
    """Maximum payload over a grid of orbits, for one vehicle from one site (a result value).

    ``kind`` is ``circular`` or ``sso`` (abscissa: altitude = perigee = apogee) or
    ``elliptical`` (abscissa: apogee at a fixed perigee). Points keep their grid order.
    """

    vehicle_id: str
    site_id: str
    kind: CurveKind
    points: tuple[CurvePoint, ...]
    upper_stage: str | None = None
    workers: int = 1
    elapsed_s: float = 0.0
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def x_name(self) -> str:
        """Column of the abscissa: ``altitude_km`` (circular, sso) or ``apogee_km``."""
        return "apogee_km" if self.kind == "elliptical" else "altitude_km"

    @property
    def lines(self) -> tuple[str, ...]:
        """Grid-line labels, in order of first appearance."""
        return tuple(dict.fromkeys(p.line for p in self.points))

    def line(self, label: str) -> tuple[np.ndarray, np.ndarray]:
        """(abscissa km, payload kg) of one line as float arrays (NaN where a point failed)."""
        pts = [p for p in self.points if p.line == label]
        if not pts:
            raise InputError("line", label, ", ".join(self.lines))
        x = np.array([p.apogee_km if self.kind == "elliptical" else p.perigee_km for p in pts])
        return x, np.array([p.payload_kg for p in pts])

    @property
    def failed(self) -> tuple[CurvePoint, ...]:
        return tuple(p for p in self.points if not p.ok)

    def to_frame(self) -> pd.DataFrame:
        """One row per point (pandas DataFrame); units in the column names; NaN payload if failed."""
        import pandas as pd

        df = pd.DataFrame([asdict(p) for p in self.points], columns=list(FRAME_COLUMNS))
        if self.kind != "elliptical":
            df = df.drop(columns=["apogee_km"]).rename(columns={"perigee_km": "altitude_km"})
        df.insert(0, "site", self.site_id)
        df.insert(0, "vehicle", self.vehicle_id)
        return df

    def to_json(self) -> dict[str, Any]:
        pts = []
        for p in self.points:
            d = asdict(p)
            for k, v in d.items():
                if isinstance(v, float):
                    d[k] = None if not math.isfinite(v) else round(v, 4)
            pts.append(d)
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "kind": self.kind,
            "x": self.x_name,
            "upper_stage": self.upper_stage,
            "lines": list(self.lines),
            "points": pts,
            "failed": len(self.failed),
            "workers": self.workers,
            "elapsed_s": round(self.elapsed_s, 3),
            "provenance": self.provenance,
        }
