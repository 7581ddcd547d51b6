"""Validation of the maximum payload against published figures (docs/reference/vehicles.md sec. 10).

Each case is a published figure, its source, the orbit we assume for it, a tolerance and a kind:
``calibration`` (the model was fitted to this figure, so agreement proves nothing) or
``prediction`` (an independent check). A case without a published figure is a prediction only
(no pass or miss). The cases, with every source text, are data (``data/validation/*.toml``, read
by ``validation_cases``); tolerances are fixed there, next to their reasons, and never widened to
hide a miss: a miss is reported as a miss.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from baiterek.performance._processes import Progress, Run, n_workers, run_all
from baiterek.performance.curve_result import CurvePoint
from baiterek.performance.validation_cases import Kind, ValidationCase, load_cases
from baiterek.provenance import provenance

__all__ = [
    "BASE_CASES",
    "CASES",
    "UPPER_STAGE_CASES",
    "Kind",
    "ValidationCase",
    "ValidationRow",
    "ValidationTable",
    "run_validation",
    "to_markdown",
    "validate_case",
]

BASE_CASES: tuple[ValidationCase, ...] = load_cases("validation/direct.toml")
"""Cases the core vehicles fly directly (no upper stage)."""
UPPER_STAGE_CASES: tuple[ValidationCase, ...] = load_cases("validation/upper_stage.toml")
"""Upper stages stacked on the vehicle, from a parking orbit (flight/transfer.py)."""
CASES: tuple[ValidationCase, ...] = BASE_CASES + UPPER_STAGE_CASES


@dataclass(frozen=True, slots=True)
class ValidationRow:
    """One case and what baiterek predicts for it."""

    case: ValidationCase
    point: CurvePoint

    @property
    def predicted_kg(self) -> float:
        return self.point.payload_kg

    @property
    def reference_kg(self) -> float:
        """The published figure compared with: the figure, or the nearer end of a range."""
        c = self.case
        if c.published_kg is None:
            return math.nan
        if c.published_max_kg is not None and self.predicted_kg > c.published_kg:
            return min(self.predicted_kg, c.published_max_kg)
        return c.published_kg

    @property
    def difference_kg(self) -> float:
        return self.predicted_kg - self.reference_kg

    @property
    def difference_pct(self) -> float:
        return 100.0 * self.difference_kg / self.reference_kg

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
            "published_max_kg": c.published_max_kg,
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


@dataclass(frozen=True, slots=True)
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
    t0 = time.perf_counter()
    results = run_all([_run(c) for c in cases], n_workers(workers, len(cases)), progress)
    rows = tuple(ValidationRow(c, pts[0]) for c, pts in zip(cases, results, strict=True))
    return ValidationTable(
        rows,
        time.perf_counter() - t0,
        provenance({"cases": [c.id for c in cases]}),
    )


def _run(case: ValidationCase) -> Run:
    # from the solver's defaults (the vehicle's reference payload): nothing taken from the figure
    return Run(case.vehicle_id, case.site_id, (case.target,), None)


def to_markdown(table: ValidationTable) -> str:
    """The table as Markdown for the README: calibration apart from predictions."""
    head = (
        "| Vehicle | Site | Orbit | Published (kg) | Source | Tolerance | baiterek (kg) "
        "| Difference | Result |\n|---|---|---|---:|---|---:|---:|---:|---|\n"
    )

    def line(r: ValidationRow) -> str:
        c = r.case
        pub = "-" if c.published_kg is None else f"{c.published_kg:,.0f}"
        if c.published_max_kg is not None:
            pub += f"-{c.published_max_kg:,.0f}"
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
