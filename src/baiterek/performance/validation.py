"""Validation of the maximum payload against published figures (vehicles.md sec. 10).

Each case is a published figure, its source, the orbit we assume for it, a tolerance and a kind:
``calibration`` (the model was fitted to this figure, so agreement proves nothing) or
``prediction`` (an independent check). A case without a published figure is a prediction only
(no pass or miss). Tolerances are fixed here, next to their reasons, and never widened to hide a
miss: a miss is reported as a miss.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from baiterek.performance.curves import CurvePoint, PointSpec, Progress, Run, run_all
from baiterek.provenance import provenance

Kind = Literal["calibration", "prediction"]


@dataclass(frozen=True)
class ValidationCase:
    """A published figure and the orbit baiterek flies to compare with it."""

    id: str
    vehicle_id: str
    site_id: str
    orbit: str  # as a reader would write it
    target: PointSpec
    published_kg: float | None
    source: str
    tolerance_pct: float | None
    kind: Kind
    note: str = ""
    other_published_kg: float | None = None  # another published figure, shown beside (no verdict)
    other_source: str = ""


def _circ(label: str, altitude_km: float, inclination_deg: float) -> PointSpec:
    return PointSpec(label, "circular", altitude_km, altitude_km, inclination_deg)


BASE_CASES: tuple[ValidationCase, ...] = (
    ValidationCase(
        "sunkar-leo",
        "sunkar",
        "baikonur-45-1",
        "200 km circular, 51.6 deg",
        _circ("sunkar-leo", 200.0, 51.6),
        17000.0,
        "Roscosmos via www1.ru 2025-06-17 / 2025-12-27 [P] (vehicles.md sec. 10)",
        3.0,
        "calibration",
        "stage dry masses fitted to this figure (scripts/calibrate_sunkar.py); "
        "the orbit is not published: 200 km, 51.6 deg assumed",
    ),
    ValidationCase(
        "soyuz-2.1a-leo",
        "soyuz-2.1a",
        "baikonur-31-6",
        "200 km circular, 51.6 deg",
        _circ("soyuz-2.1a-leo", 200.0, 51.6),
        7430.0,
        "spacecost (Wikipedia) [C] (vehicles.md sec. 10)",
        3.0,
        "prediction",
        "'LEO 51.6 deg' from Baikonur; 200 km circular assumed",
    ),
    ValidationCase(
        "soyuz-2.1b-leo",
        "soyuz-2.1b",
        "baikonur-31-6",
        "200 km circular, 51.6 deg",
        _circ("soyuz-2.1b-leo", 200.0, 51.6),
        8670.0,
        "spacecost (Wikipedia) [C] (vehicles.md sec. 10)",
        3.0,
        "prediction",
        "'LEO 51.6 deg' from Baikonur; 200 km circular assumed",
    ),
    ValidationCase(
        "proton-m-leo",
        "proton-m",
        "baikonur-200-39",
        "200 km circular, 51.6 deg",
        _circ("proton-m-leo", 200.0, 51.6),
        23000.0,
        "Wikipedia copy (ILS) [S]; spacecost [C] (21,000-23,000) (vehicles.md sec. 10)",
        10.0,
        "prediction",
        "'LEO' from Baikonur; 200 km circular at 51.6 deg assumed",
    ),
    ValidationCase(
        "zenit-2-leo",
        "zenit-2",
        "baikonur-45-1",
        "200 km circular, 51.6 deg",
        _circ("zenit-2-leo", 200.0, 51.6),
        12000.0,
        "RIA Novosti via english.pravda.ru 56803 [S] (vehicles.md sec. 10)",
        10.0,
        "prediction",
        "200 km circular at 51.6 deg assumed; the tolerance is judged against 12,000 kg only",
        13700.0,
        "Izvestia via uawire [S] (vehicles.md sec. 10)",
    ),
    ValidationCase(
        "falcon-9-leo",
        "falcon-9",
        "ccsfs-slc-40",
        "200 km circular, 28.6 deg",
        _circ("falcon-9-leo", 200.0, 28.6),
        22800.0,
        "SpaceX via Wikipedia copy [S] (vehicles.md sec. 10)",
        10.0,
        "prediction",
        "expendable; published for 28.5 deg, flown at 28.6 deg (the pad is at 28.56 N); "
        "200 km circular assumed",
    ),
    ValidationCase(
        "falcon-9-gto",
        "falcon-9",
        "ccsfs-slc-40",
        "185 x 35,786 km, 28.6 deg",
        PointSpec("falcon-9-gto", "elliptical", 185.0, 35786.0, 28.6),
        8300.0,
        "SpaceX via Wikipedia copy [S] (vehicles.md sec. 10)",
        10.0,
        "prediction",
        "expendable; the source quotes GTO at 27 deg with a two-burn (coast) profile; baiterek "
        "flies direct insertion at perigee, 185 x 35,786 km at 28.6 deg",
    ),
    ValidationCase(
        "sunkar-sso-500",
        "sunkar",
        "baikonur-45-1",
        "500 km sun-synchronous",
        PointSpec("sunkar-sso-500", "sso", 500.0, 500.0, None),
        None,
        "no published figure",
        None,
        "prediction",
        "payload only (no pass or miss)",
    ),
)
"""Cases the core vehicles fly directly (no upper stage)."""

# >>> UPPER-STAGE GTO CASES: the main developer adds them here once max_payload flies upper
# stages (PointSpec(..., upper_stage="breeze-m") etc.), e.g.
#   Proton-M/Breeze-M, baikonur-200-39, GTO-1500, 6,300 kg (spacecost [C], vehicles.md sec. 10)
#   Sunkar + Fregat, baikonur-45-1, GTO (a prediction: no published figure)
UPPER_STAGE_CASES: tuple[ValidationCase, ...] = ()
# <<< UPPER-STAGE GTO CASES

CASES: tuple[ValidationCase, ...] = BASE_CASES + UPPER_STAGE_CASES


@dataclass(frozen=True)
class ValidationRow:
    """One case and what baiterek predicts for it."""

    case: ValidationCase
    point: CurvePoint

    @property
    def predicted_kg(self) -> float:
        return self.point.payload_kg

    @property
    def difference_kg(self) -> float:
        if self.case.published_kg is None:
            return math.nan
        return self.predicted_kg - self.case.published_kg

    @property
    def difference_pct(self) -> float:
        if self.case.published_kg is None:
            return math.nan
        return 100.0 * self.difference_kg / self.case.published_kg

    @property
    def other_difference_pct(self) -> float:
        """Difference from the other published figure, % (NaN if none)."""
        if self.case.other_published_kg is None:
            return math.nan
        return 100.0 * (self.predicted_kg / self.case.other_published_kg - 1.0)

    @property
    def verdict(self) -> str:
        """``pass``, ``MISS``, ``failed`` (not computed) or ``-`` (no published figure)."""
        if not self.point.ok:
            return "failed"
        if self.case.published_kg is None or self.case.tolerance_pct is None:
            return "-"
        return "pass" if abs(self.difference_pct) <= self.case.tolerance_pct else "MISS"

    def to_json(self) -> dict[str, Any]:
        c = self.case

        def r(v: float, n: int) -> float | None:
            return None if not math.isfinite(v) else round(v, n)

        return {
            "id": c.id,
            "vehicle": c.vehicle_id,
            "site": c.site_id,
            "orbit": c.orbit,
            "published_kg": c.published_kg,
            "source": c.source,
            "tolerance_pct": c.tolerance_pct,
            "kind": c.kind,
            "predicted_kg": r(self.predicted_kg, 1),
            "difference_kg": r(self.difference_kg, 1),
            "difference_pct": r(self.difference_pct, 2),
            "verdict": self.verdict,
            "note": c.note,
            "other_published_kg": c.other_published_kg,
            "other_source": c.other_source,
            "other_difference_pct": r(self.other_difference_pct, 2),
            "status": self.point.status,
            "reason": self.point.reason,
            "inclination_deg": r(self.point.inclination_deg, 3),
            "solve_time_s": r(self.point.solve_time_s, 2),
        }


@dataclass(frozen=True)
class ValidationTable:
    rows: tuple[ValidationRow, ...]
    elapsed_s: float = 0.0
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def misses(self) -> tuple[ValidationRow, ...]:
        return tuple(r for r in self.rows if r.verdict in ("MISS", "failed"))

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": [r.to_json() for r in self.rows],
            "misses": [r.case.id for r in self.misses],
            "elapsed_s": round(self.elapsed_s, 2),
            "provenance": self.provenance,
        }


def validate_case(case: ValidationCase) -> ValidationRow:
    """Solve one case in this process."""
    (pts,) = run_all([_run(case)], 1)
    return ValidationRow(case, pts[0])


def run_validation(
    cases: Sequence[ValidationCase] = CASES,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ValidationTable:
    """Solve every case (in parallel processes) and compare with the published figures."""
    from baiterek.performance.curves import _n_workers

    t0 = time.perf_counter()
    results = run_all([_run(c) for c in cases], _n_workers(workers, len(cases)), progress)
    rows = tuple(ValidationRow(c, pts[0]) for c, pts in zip(cases, results, strict=True))
    return ValidationTable(
        rows,
        time.perf_counter() - t0,
        provenance({"cases": [c.id for c in cases]}),
    )


def _run(case: ValidationCase) -> Run:
    # started below the published figure: the payload secant converges from the feasible side
    p0 = 0.9 * case.published_kg if case.published_kg else None
    return Run(case.vehicle_id, case.site_id, (case.target,), p0)


def to_markdown(table: ValidationTable) -> str:
    """The table as Markdown for the README: calibration apart from predictions."""
    head = (
        "| Vehicle | Site | Orbit | Published (kg) | Source | Tolerance | baiterek (kg) "
        "| Difference | Result |\n|---|---|---|---:|---|---:|---:|---:|---|\n"
    )

    def line(r: ValidationRow) -> str:
        c = r.case
        pub = "-" if c.published_kg is None else f"{c.published_kg:,.0f}"
        tol = "-" if c.tolerance_pct is None else f"±{c.tolerance_pct:g} %"
        pred = "n/a" if not r.point.ok else f"{r.predicted_kg:,.0f}"
        diff = (
            "-"
            if not math.isfinite(r.difference_kg)
            else f"{r.difference_kg:+,.0f} kg ({r.difference_pct:+.1f} %)"
        )
        verdict = {"MISS": "**MISS**", "failed": "**not computed**"}.get(r.verdict, r.verdict)
        return (
            f"| {c.vehicle_id} | {c.site_id} | {c.orbit} | {pub} | {c.source} | {tol} | {pred} "
            f"| {diff} | {verdict} |\n"
        )

    out = []
    for kind, title in (
        ("calibration", "Calibration (the model was fitted to these figures: no evidence)"),
        ("prediction", "Predictions (independent of the figures)"),
    ):
        rows = [r for r in table.rows if r.case.kind == kind]
        if rows:
            out.append(f"**{title}**\n\n" + head + "".join(line(r) for r in rows))
    notes = []
    for r in table.rows:
        n = f"- {r.case.vehicle_id}, {r.case.orbit}: {r.case.note}"
        if r.case.other_published_kg is not None and math.isfinite(r.other_difference_pct):
            n += (
                f". Also published: {r.case.other_published_kg:,.0f} kg ({r.case.other_source}); "
                f"baiterek differs from it by {r.other_difference_pct:+.1f} %"
            )
        notes.append(n)
    prov = table.provenance
    out.append(
        "Notes:\n\n"
        + "\n".join(notes)
        + f"\n\nProduced by `scripts/validation_table.py` (baiterek {prov.get('baiterek_version')}, "
        f"{prov.get('created_utc')})."
    )
    return "\n".join(out) + "\n"
