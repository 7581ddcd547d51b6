"""``safety``: where every jettisoned body falls, against the fall areas assigned to it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._result import DataFrame, ResultMixin, freeze_doc

if TYPE_CHECKING:
    from baiterek.mission import Mission
    from baiterek.safety.analysis import SafetyResult

MAX_BACKUP_DAYS = 14
"""Longest run of backup days written into the notices."""


@dataclass(frozen=True, slots=True, repr=False)
class Safety(ResultMixin):
    """The range-safety answer of one flight: ``result`` (bodies, zones, footprints, tracks)."""

    result: SafetyResult
    _json: str

    @property
    def all_inside(self) -> bool:
        """Every body that has a zone falls inside it (bodies with no zone do not count)."""
        return all(b["inside"] in (True, None) for b in self.to_json()["bodies"])

    def headline(self) -> list[str]:
        d = self.to_json()
        lines = [f"{d['vehicle']} from {d['site']}: {len(d['bodies'])} jettisoned bodies"]
        for b in d["bodies"][:12]:
            if b["status"] != "impact":
                lines.append(f"{b['name']}: {b['status']}")
                continue
            zone = b["zone"] or "no zone"
            inside = "" if b["inside"] is None else (" inside" if b["inside"] else " OUTSIDE")
            margin = "" if b["margin_km"] is None else f", margin {b['margin_km']:+.1f} km"
            lines.append(
                f"{b['name']}: {b['downrange_km']:,.0f} km downrange, {zone}{inside}{margin}"
            )
        return lines[:14]

    def to_frame(self) -> DataFrame:
        """One row per body (the columns of ``bodies`` in ``to_json()``)."""
        return self.result.to_frame()

    def write(self, out_dir: str | Path, *, backup_days: int = 2) -> dict[str, str]:
        """impacts.csv, safety.geojson/.kml/.czml, notices.txt, candidate zones, the map page."""
        from baiterek.errors import InputError
        from baiterek.export.safety_files import write_safety_files

        if not 0 <= backup_days <= MAX_BACKUP_DAYS:
            raise InputError("backup_days", backup_days, f"an integer from 0 to {MAX_BACKUP_DAYS}")
        from baiterek.export.output import manifest_provenance, write_products

        files: dict[str, str] = write_products(
            out_dir,
            manifest_provenance(self.to_json(), "safety"),
            lambda d: write_safety_files(self.result, d, backup_days=backup_days),
        )
        return files


def safety(
    mission: str | Path | Mission | None = None,
    *,
    zones_file: str | Path | None = None,
) -> Safety:
    """Fly the mission (default: the bundled Sunkar mission), drop every jettisoned body to the
    ground and check each impact against the zone assigned to it on this route."""
    from baiterek._api.fly import bundled_mission_path
    from baiterek.safety.analysis import safety as _safety

    r = _safety(mission if mission is not None else bundled_mission_path(), zones_file=zones_file)
    doc: dict[str, Any] = r.to_json()
    return Safety(result=r, _json=freeze_doc(doc))
