"""``escape_payload``, ``mars``, ``moon``: escape performance, Mars porkchops, lunar windows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._result import DataFrame, ResultMixin, fmt, freeze_doc

if TYPE_CHECKING:
    from baiterek.interplanetary.mars import MarsResult
    from baiterek.interplanetary.moon import MoonWindows
    from baiterek.performance.escape import EscapeResult


@dataclass(frozen=True, slots=True, repr=False)
class Escape(ResultMixin):
    """The largest payload to a hyperbolic departure (C3, DLA): ``result`` (SI inside)."""

    result: EscapeResult
    _json: str

    @property
    def payload_kg(self) -> float:
        return float(self.to_json()["payload_kg"])

    def headline(self) -> list[str]:
        d = self.to_json()
        lines = [
            f"{d['vehicle']} from {d['site']}: C3 {d['c3_km2_s2']:g} km2/s2, DLA {d['dla_deg']:g} deg",
            f"payload_kg = {fmt(d['payload_kg'], ',.0f', 'kg')}",
            f"parking orbit {d['parking_altitude_km']:g} km at {d['parking_inclination_deg']:.2f} deg; "
            f"transfer stage {d['transfer_stage']}",
        ]
        if d.get("margin_kg") is not None:
            lines.append(f"margin_kg = {d['margin_kg']:+,.0f} kg")
        return lines

    def details(self) -> list[str]:
        return [str(n) for n in self.to_json().get("notes", [])]

    def to_frame(self) -> DataFrame:
        """One row per departure burn."""
        from baiterek._api._result import frame

        return frame(self.to_json()["burns"])


@dataclass(frozen=True, slots=True, repr=False)
class Mars(ResultMixin):
    """A Mars opportunity for one vehicle and site: porkchop, payload porkchop, launch period."""

    result: MarsResult
    _json: str

    def headline(self) -> list[str]:
        d = self.to_json()
        lines = [f"Mars {d['opportunity']} for {d['vehicle']} from {d['site']} (DE421)"]
        for m in d["minimum_c3"]:
            kg = "-" if m["payload_kg"] is None else f"{m['payload_kg']:,.0f} kg"
            lines.append(
                f"Type {m['type']}: depart {m['departure_utc'][:10]}, arrive {m['arrival_utc'][:10]}, "
                f"C3 {m['c3_km2_s2']:.2f} km2/s2, DLA {m['dla_deg']:.1f} deg, payload {kg}"
            )
        return lines

    def details(self) -> list[str]:
        return [str(n) for n in self.to_json().get("notes", [])]

    def to_frame(self) -> DataFrame:
        """The porkchop's grid points with C3, DLA, arrival v_inf and the payload (kg)."""
        return self.result.to_frame()

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """The porkchop and payload pages (HTML), the grid CSV, the curves and the JSON."""
        from baiterek.export.output import manifest_provenance, write_products
        from baiterek.export.porkchop_files import write_mars_files

        doc = self.to_json()
        files: dict[str, str] = write_products(
            out_dir,
            manifest_provenance(doc, "mars"),
            lambda d: write_mars_files(self.result, d, doc),
        )
        return files


@dataclass(frozen=True, slots=True, repr=False)
class Moon(ResultMixin):
    """Daily lunar launch windows: launch, coast, TLI point and C3, arrival, payload."""

    result: MoonWindows
    _json: str

    def __len__(self) -> int:
        return len(self.to_json()["windows"])

    def headline(self) -> list[str]:
        d = self.to_json()
        recs = d["windows"]
        lines = [f"{len(recs)} lunar windows for {d['vehicle']} from {d['site']}"]
        for r in recs[:6]:
            kg = "-" if r["payload_kg"] is None else f"{r['payload_kg']:,.0f} kg"
            lines.append(
                f"{r['launch_time_utc'][:19]}  {r['branch']}, C3 {r['c3_km2_s2']:.3f} km2/s2, {kg}"
            )
        if len(recs) > 6:
            lines.append(f"... {len(recs) - 6} more (to_frame())")
        return lines

    def details(self) -> list[str]:
        return [str(n) for n in self.to_json().get("notes", [])]

    def to_frame(self) -> DataFrame:
        """One row per lunar window."""
        return self.result.to_frame()

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """``moon-<vehicle>-<site>-<first day>.csv/.ics/.json``."""
        from baiterek.export.moon_files import write_moon_files
        from baiterek.export.output import manifest_provenance, write_products

        doc = self.to_json()
        files: dict[str, str] = write_products(
            out_dir,
            manifest_provenance(doc, "moon"),
            lambda d: write_moon_files(self.result, d, doc),
        )
        return files


def _doc(result: Any) -> str:
    return freeze_doc(result.to_json())


def escape_payload(
    *,
    vehicle: str,
    site: str,
    c3_km2_s2: float,
    dla_deg: float = 0.0,
    parking_altitude_km: float = 200.0,
    upper_stage: str | None = None,
    payload_kg: float | None = None,
) -> Escape:
    """The largest payload ``vehicle`` sends from ``site`` to a departure of energy C3
    (km2/s2) and asymptote declination DLA (deg), from a circular parking orbit (km)."""
    from baiterek.performance.escape import escape_payload as _escape

    r = _escape(
        vehicle, site, float(c3_km2_s2), float(dla_deg),
        parking_altitude_km=float(parking_altitude_km), upper_stage_id=upper_stage,
        payload_kg=payload_kg,
    )  # fmt: skip
    return Escape(result=r, _json=_doc(r))


def mars(
    *,
    vehicle: str,
    site: str,
    opportunity: int,
    payload_kg: float | None = None,
    parking_altitude_km: float = 200.0,
    upper_stage: str | None = None,
) -> Mars:
    """The Earth-Mars porkchop of an opportunity (year) with the payload ``vehicle`` sends from
    ``site`` at each point, and the launch period that still carries ``payload_kg``."""
    from baiterek.interplanetary.mars import mars as _mars

    r = _mars(
        vehicle, site, int(opportunity), payload_kg=payload_kg,
        parking_altitude_km=float(parking_altitude_km), upper_stage_id=upper_stage,
    )  # fmt: skip
    return Mars(result=r, _json=_doc(r))


def moon(
    *,
    vehicle: str,
    site: str,
    start: str,
    days: float,
    tof_days: float = 5.0,
    parking_altitude_km: float = 200.0,
    with_payload: bool = True,
) -> Moon:
    """Daily lunar launch windows over ``days`` from ``start`` (UTC) for a ``tof_days``
    transfer: the launch times whose parking plane holds the Moon's arrival direction."""
    from baiterek.interplanetary.moon import moon as _moon

    r = _moon(
        vehicle, site, start, float(days), tof_days=float(tof_days),
        parking_altitude_km=float(parking_altitude_km), with_payload=with_payload,
    )  # fmt: skip
    return Moon(result=r, _json=_doc(r))
