"""The result of a launch-window search: :class:`WindowTable`, one row per opportunity (columns
as arrays, SI inside), with its lighting filters, its records and its JSON form."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.time import earth_orientation_table_info, tt_jd_time, utc_iso
from baiterek.windows.plane import branch_name, payload_cost_kg, plane_change_dv

__all__ = ["WindowTable"]


@dataclass(frozen=True)
class WindowTable:
    """Launch opportunities, one row per opportunity, sorted by time. SI arrays inside."""

    launch_jd_tt: np.ndarray
    half_width_s: np.ndarray
    heading: np.ndarray  # "north" / "south"
    azimuth_rad: np.ndarray
    inclination_rad: np.ndarray
    raan_rad: np.ndarray  # TEME node of the insertion plane, at insertion
    insertion_jd_tt: np.ndarray
    phase_rad: np.ndarray  # NaN when there is no target object
    scheme: np.ndarray  # object: scheme name or None
    node_local_time_h: np.ndarray  # local time of the ascending node at insertion (mean Sun)
    sun_elevation_rad: np.ndarray  # at the pad at liftoff
    insertion_sunlit: np.ndarray  # bool
    site_id: str
    vehicle_id: str
    target: dict[str, Any]
    ascent: dict[str, Any]
    warnings: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    edge_wedge_rad: float = 0.0  # plane angle at the window's open and close (the allowance)
    plane_lead_rad: np.ndarray | None = None  # node lead over the target's at insertion (schemes)

    def __len__(self) -> int:
        return len(self.launch_jd_tt)

    def select(self, mask: npt.ArrayLike) -> WindowTable:
        """A new table with the rows where ``mask`` (bool array, one per row) is true."""
        mask = np.asarray(mask, bool)
        cols = {
            f.name: getattr(self, f.name)[mask]
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }
        return replace(self, **cols)

    def constrained(
        self,
        sun_elevation_min_deg: float | None = None,
        sun_elevation_max_deg: float | None = None,
        insertion_sunlit: bool | None = None,
    ) -> WindowTable:
        """Keep the windows meeting the lighting constraints (None = no constraint):
        Sun elevation at the pad at liftoff within [min, max] deg (day launch: min = 0;
        night launch: max = -6, civil twilight), payload sunlit (or not) at insertion."""
        keep = np.ones(len(self), bool)
        el = np.degrees(self.sun_elevation_rad)
        if sun_elevation_min_deg is not None:
            keep &= el >= sun_elevation_min_deg
        if sun_elevation_max_deg is not None:
            keep &= el <= sun_elevation_max_deg
        if insertion_sunlit is not None:
            keep &= self.insertion_sunlit == insertion_sunlit
        return self.select(keep)

    def _iso(self, jd: npt.ArrayLike) -> list[str]:
        jd = np.asarray(jd, float)
        if jd.size == 0:
            return []
        t = tt_jd_time(jd)
        return [utc_iso(ti, places=3) for ti in t]

    def records(self) -> list[dict[str, Any]]:
        """One plain dict per window, snake_case keys with units (the JSON form)."""
        launch = self._iso(self.launch_jd_tt)
        open_ = self._iso(self.launch_jd_tt - self.half_width_s / SECONDS_PER_DAY)
        close = self._iso(self.launch_jd_tt + self.half_width_s / SECONDS_PER_DAY)
        ins = self._iso(self.insertion_jd_tt)
        out = []
        for k in range(len(self)):
            az = float(self.azimuth_rad[k])
            ph = float(self.phase_rad[k])
            lt = float(self.node_local_time_h[k])
            lead = None if self.plane_lead_rad is None else float(self.plane_lead_rad[k])
            out.append(
                {
                    "launch_time_utc": launch[k],
                    "open_utc": open_[k],
                    "close_utc": close[k],
                    "duration_s": 2.0 * float(self.half_width_s[k]),
                    "heading": str(self.heading[k]),
                    "branch": branch_name(az),
                    "azimuth_deg": math.degrees(az),
                    "inclination_deg": math.degrees(float(self.inclination_rad[k])),
                    "raan_deg": math.degrees(float(self.raan_rad[k])),
                    "insertion_time_utc": ins[k],
                    "phase_deg": None if not math.isfinite(ph) else math.degrees(ph),
                    "scheme": self.scheme[k],
                    "plane_lead_deg": None if lead is None else math.degrees(lead),
                    "ltan_h": None if not math.isfinite(lt) else lt,
                    "sun_elevation_deg": math.degrees(float(self.sun_elevation_rad[k])),
                    "insertion_sunlit": bool(self.insertion_sunlit[k]),
                    "edge_wedge_deg": math.degrees(self.edge_wedge_rad),
                    "edge_plane_change_dv_ms": plane_change_dv(self.edge_wedge_rad),
                    "payload_cost_kg": payload_cost_kg(self.vehicle_id, self.edge_wedge_rad),
                }
            )
        return out

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.records())

    def to_json(self, provenance: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "windows": self.records(),
            "site": self.site_id,
            "vehicle": self.vehicle_id,
            "target": self.target,
            "ascent": self.ascent,
            "earth_orientation": earth_orientation_table_info(),
            "warnings": list(self.warnings),
            **self.extra,
            "provenance": provenance,
        }
