"""``validate``: baiterek's maximum payloads against published figures (a report)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baiterek._api._result import DataFrame, ResultMixin, frame, freeze_doc
from baiterek.errors import InputError

if TYPE_CHECKING:
    from baiterek.performance.validation import ValidationTable


@dataclass(frozen=True, slots=True, repr=False)
class Validation(ResultMixin):
    """The validation table: ``table`` (performance.validation.ValidationTable)."""

    table: ValidationTable
    _json: str

    @property
    def misses(self) -> tuple[str, ...]:
        """Ids of the cases that miss their tolerance or were not computed."""
        return tuple(self.to_json()["misses"])

    def headline(self) -> list[str]:
        rows = self.to_json()["rows"]
        counts = {v: sum(r["verdict"] == v for r in rows) for v in ("pass", "MISS", "failed")}
        lines = [
            f"{len(rows)} cases: {counts['pass']} pass, {counts['MISS']} MISS, "
            f"{counts['failed']} not computed"
        ]
        for r in rows:
            if r["verdict"] in ("MISS", "failed"):
                lines.append(f"{r['verdict']} {r['vehicle']} {r['orbit']}")
        return lines[:14]

    def details(self) -> list[str]:
        return self._frame_lines()

    def to_frame(self) -> DataFrame:
        """One row per case: published and predicted kg, difference, verdict, source."""
        cols = [
            "id", "vehicle", "site", "orbit", "kind", "published_kg", "predicted_kg",
            "difference_kg", "difference_pct", "tolerance_pct", "verdict", "source",
        ]  # fmt: skip
        return frame(self.to_json()["rows"], columns=cols)


def validate(
    cases: Sequence[str] | None = None,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Validation:
    """Solve the validation cases (all, or those ids) in ``workers`` processes and compare each
    with its published figure. Misses are reported in the result, never raised."""
    from baiterek.performance import validation as V

    kwargs: dict[str, Any] = {"workers": workers, "progress": progress}
    if cases is not None:
        known = {c.id: c for c in V.CASES}
        bad = [c for c in cases if c not in known]
        if bad or not cases:
            raise InputError("cases", bad or list(cases), ", ".join(known))
        kwargs["cases"] = tuple(known[c] for c in cases)
    table = V.run_validation(**kwargs)
    return Validation(table=table, _json=freeze_doc(table.to_json()))
