"""``max_payload`` (one orbit) and ``performance_curve`` (a grid of orbits), with their results."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baiterek._api._inputs import grid, performance_mission
from baiterek._api._result import DataFrame, ResultMixin, fmt, frame, freeze_doc
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek.mission import Mission
    from baiterek.performance.curves import PayloadCurve
    from baiterek.performance.payload import PerformanceResult

ProgressCallback = Callable[[int, int], None]
"""``progress(done, total)``."""


def orbit_text(t: dict[str, Any]) -> str:
    """A target as a reader writes it: '200 km circular, 51.60 deg' or '185 x 35,786 km, ...'."""
    if "perigee_km" in t and "apogee_km" in t:
        orbit = f"{t['perigee_km']:,.0f} x {t['apogee_km']:,.0f} km"
    else:
        orbit = f"{t.get('altitude_km', float('nan')):,.0f} km {t.get('kind', 'circular')}"
    text = f"{orbit}, {t.get('inclination_deg', float('nan')):.2f} deg"
    if t.get("upper_stage"):
        text += f" with {t['upper_stage']}"
    return text


@dataclass(frozen=True, slots=True, repr=False)
class Payload(ResultMixin):
    """The maximum payload to one orbit: ``result`` (performance.payload.PerformanceResult)."""

    result: PerformanceResult
    _json: str

    @property
    def payload_kg(self) -> float:
        """Maximum payload, kg (rounded to 0.1 kg as in the JSON)."""
        return float(self.to_json()["payload_kg"])

    @property
    def margin_kg(self) -> float | None:
        m = self.to_json()["margin_kg"]
        return None if m is None else float(m)

    @property
    def active_constraints(self) -> tuple[str, ...]:
        return tuple(self.to_json()["active_constraints"])

    @property
    def limits_respected(self) -> bool:
        """False when the flight breaks a hard limit of the vehicle (``violations`` in the JSON)."""
        return bool(self.to_json()["limits_respected"])

    def headline(self) -> list[str]:
        d = self.to_json()
        lines = [
            f"{d['vehicle']} from {d['site']} to {orbit_text(d['target'])}",
            f"payload_kg = {fmt(d['payload_kg'], ',.1f', 'kg')} (maximum, "
            f"{d['ascent_profile'].replace('_', ' ')})",
        ]
        if d.get("limits_verdict"):  # a broken limit is part of the answer, right under it
            lines.append(d["limits_verdict"])
        if d["margin_kg"] is not None:
            verdict = "fits" if d["margin_kg"] >= 0 else "does NOT fit"
            if d["margin_kg"] >= 0 and d.get("hard_violations"):
                verdict = "reaches the orbit but breaks a hard limit"
            lines.append(
                f"requested {fmt(d['requested_payload_kg'], ',.0f', 'kg')} {verdict}: "
                f"margin {d['margin_kg']:+,.0f} kg"
            )
        ins = d["trajectory"]["insertion"]
        if ins is not None:
            label = "parking orbit" if d.get("transfer_burns") else "insertion"
            lines.append(
                f"{label} T+{ins['time_s']:.1f} s: {ins['perigee_km']:.1f} x "
                f"{ins['apogee_km']:.1f} km, {ins['inclination_deg']:.3f} deg"
            )
        lines.append("active constraints: " + (", ".join(d["active_constraints"]) or "none"))
        return lines

    @property
    def feasible(self) -> bool | None:
        """False when a hard limit is broken or the requested payload does not fit; None when
        no payload was requested and every hard limit holds."""
        f = self.to_json()["feasible"]
        return None if f is None else bool(f)

    def details(self) -> list[str]:
        d = self.to_json()
        out = [
            f"  {c['name']:24s} {c['value']:10.2f} / {c['limit']:10.2f} {c['unit']:6s}"
            + (" active" if c["active"] else "")
            + (f"  {c['note']}" if c["note"] else "")
            for c in d["constraints"]
        ]
        out += list(d["notes"])
        for b in d.get("transfer_burns") or []:
            out.append(
                f"transfer burn at T+{b['start_s']:.0f} s for {b['duration_s']:.0f} s: "
                f"{b['delta_v_m_s']:.0f} m/s, apogee {b['apogee_km_after']:.0f} km"
            )
        return out

    def to_frame(self) -> DataFrame:
        """The constraints, one row each (value, limit, unit, active, note)."""
        return frame(self.to_json()["constraints"])

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """Write the optimal trajectory's files into out_dir; {kind: path}."""
        from baiterek.export.ascent_files import write_ascent_files
        from baiterek.export.output import DESCRIBE_ASCENT, manifest_provenance, write_products

        doc = self.to_json()
        return write_products(
            out_dir,
            manifest_provenance(doc, "performance"),
            lambda d: write_ascent_files(self.result.trajectory, d, doc),
            DESCRIBE_ASCENT,
        )


def max_payload(
    mission: str | Path | Mission | None = None,
    *,
    vehicle: str | None = None,
    site: str | None = None,
    altitude_km: float | None = None,
    perigee_km: float | None = None,
    apogee_km: float | None = None,
    inclination_deg: float | None = None,
    argument_of_perigee_deg: float | None = None,
    sso: bool = False,
    gto: bool = False,
    heading: str | None = None,
    payload_kg: float | None = None,
    dogleg: bool = False,
    upper_stage: str | None = None,
) -> Payload:
    """Maximum payload to an orbit, from a mission (file or object; its payload is the requested
    one) or from keywords in km and deg (``gto``: 200 x 35,786 km unless given). Returns the
    optimal trajectory, the margin against ``payload_kg`` and the active constraints."""
    from baiterek.performance.payload import max_payload_for_mission

    m = performance_mission(
        mission,
        vehicle=vehicle,
        site=site,
        altitude_km=altitude_km,
        perigee_km=perigee_km,
        apogee_km=apogee_km,
        inclination_deg=inclination_deg,
        argument_of_perigee_deg=argument_of_perigee_deg,
        sso=sso,
        gto=gto,
        heading=heading,
        payload_kg=payload_kg,
        dogleg=dogleg,
        upper_stage=upper_stage,
    )
    res = max_payload_for_mission(m)
    return Payload(result=res, _json=freeze_doc(res.to_json()))


@dataclass(frozen=True, slots=True, repr=False)
class Curve(ResultMixin):
    """Maximum payload over a grid of orbits: ``curve`` (performance.curves.PayloadCurve)."""

    curve: PayloadCurve
    _json: str

    def headline(self) -> list[str]:
        c = self.curve
        ok = [p.payload_kg for p in c.points if p.ok and not math.isnan(p.payload_kg)]
        lines = [
            f"{c.vehicle_id} from {c.site_id}: maximum payload, {c.kind} "
            f"({len(c.points)} points, {len(c.failed)} not computed)",
            "lines: " + ", ".join(c.lines),
        ]
        if ok:
            lines.append(f"payload_kg from {min(ok):,.0f} to {max(ok):,.0f}")
        return lines

    def details(self) -> list[str]:
        return self._frame_lines()

    def to_frame(self) -> DataFrame:
        """One row per point; units in the column names; NaN payload where a point failed."""
        return self.curve.to_frame()  # type: ignore[no-untyped-call]

    def write(self, out_dir: str | Path) -> dict[str, str]:
        """Write the CSV, the HTML chart and the JSON into out_dir; {kind: path}."""
        from baiterek.export.curve_files import write_curve_files
        from baiterek.export.output import manifest_provenance, write_products

        return write_products(
            out_dir,
            manifest_provenance(self.to_json(), "curve"),
            lambda d: write_curve_files(self.curve, d),
        )


def performance_curve(
    vehicle: str,
    site: str,
    *,
    inclinations: str | Sequence[float] | None = None,
    altitudes: str | Sequence[float] | None = None,
    sso: bool = False,
    apogee: str | Sequence[float] | None = None,
    perigee_km: float | None = None,
    upper_stage: str | None = None,
    heading: str | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> Curve:
    """Payload curves: one line per inclination (deg) against circular altitude (km), against
    altitude for sun-synchronous orbits (``sso``), or against ``apogee`` (km) at ``perigee_km``
    (default 200 km; refused without ``apogee``, where it would be ignored). ``altitudes``
    default 200:2000:100, refused with ``apogee`` (where it would be ignored).
    Grids are 'start:stop:step' (stop included), comma lists, or sequences of numbers."""
    from baiterek import catalog
    from baiterek.performance import curves as C

    if heading not in (None, "north", "south"):
        raise InputError("heading", heading, "north or south")
    if sso and apogee is not None:
        raise InputError("apogee", apogee, "not with sso (one kind of curve at a time)")
    if sso and inclinations is not None:
        raise InputError("inclinations", inclinations, "none with sso (computed per altitude)")
    if perigee_km is not None and apogee is None:
        raise InputError(
            "perigee_km", perigee_km, "only with apogee (a curve against apogee); a circular "
            "curve's perigee is its altitude",
        )  # fmt: skip
    if altitudes is not None and apogee is not None:
        raise InputError(
            "altitudes", altitudes, "not with apogee (a curve against apogee has one perigee, "
            "perigee_km)",
        )  # fmt: skip
    altitudes = "200:2000:100" if altitudes is None else altitudes
    perigee_km = 200.0 if perigee_km is None else float(perigee_km)
    common: dict[str, Any] = dict(
        heading=heading, upper_stage=upper_stage, workers=workers, progress=progress
    )
    if sso:
        curve = C.sso_curve(vehicle, site, grid(altitudes, "altitudes"), **common)
    else:
        if inclinations is None:
            raise InputError(
                "inclinations",
                None,
                "a comma list of inclinations in deg, e.g. 51.6,64.8,70; "
                f"{site} allows: {catalog.site(site).allowed_text()}",
            )
        incs = grid(inclinations, "inclinations")
        if apogee is not None:
            curve = C.apogee_curve(
                vehicle, site, grid(apogee, "apogee"), incs, perigee_km, **common
            )
        else:
            curve = C.circular_curve(vehicle, site, incs, grid(altitudes, "altitudes"), **common)
    return Curve(curve=curve, _json=freeze_doc(curve.to_json()))
