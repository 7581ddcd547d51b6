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

from baiterek.performance._processes import Progress, Run, n_workers, run_all
from baiterek.performance.curve_result import CurvePoint
from baiterek.performance.grid import PointSpec
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
    published_max_kg: float | None = None  # a published range: published_kg to this, kg


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
        "200 x 240 km, 51.6 deg",
        PointSpec("soyuz-2.1a-leo", "elliptical", 200.0, 240.0, 51.6),
        7430.0,
        "spacecost (Wikipedia) [C] (vehicles.md sec. 10); the orbit: RKTs Progress's table "
        "'7,430 kg to 200 x 240 km at 51.6 deg' as quoted via russianspaceweb.com/soyuz2-1a.html "
        "in ROYIN001/Orbitlab:src/data/vehicles.ts (RATING_ORBITS) [C, second-hand]",
        3.0,
        "prediction",
        "reference orbit second-hand (not read in the primary table); 200 km circular, assumed "
        "before the orbit was found, gives 7,556 kg (+1.7 %)",
    ),
    ValidationCase(
        "soyuz-2.1b-leo",
        "soyuz-2.1b",
        "baikonur-31-6",
        "240 km circular, 51.6 deg",
        _circ("soyuz-2.1b-leo", 240.0, 51.6),
        8670.0,
        "spacecost (Wikipedia) [C] (vehicles.md sec. 10); the orbit: '8,670 kg to 240 km / "
        "51.6 deg from Baikonur', en.wikipedia.org/wiki/Soyuz-2_(rocket) as quoted in "
        "ROYIN001/Orbitlab:src/data/vehicles.ts [C, second-hand]",
        3.0,
        "prediction",
        "reference orbit second-hand (the Wikipedia footnote not read); 200 km circular, assumed "
        "before the orbit was found, gives 9,034 kg (+4.2 %, a miss); see soyuz-2.1b-iss-tass",
    ),
    ValidationCase(
        "soyuz-2.1b-iss-tass",
        "soyuz-2.1b",
        "baikonur-31-6",
        "193 x 240 km, 51.6 deg (ISS insertion, assumed)",
        PointSpec("soyuz-2.1b-iss-tass", "elliptical", 193.0, 240.0, 51.6),
        None,
        "no figure with a stated orbit",
        None,
        "prediction",
        "cross-check, no verdict: TASS 2021-11-23 (via rusreality.com) says the heaviest load "
        "Soyuz-2 had put into orbit was 8.25 t, when a 2.1b was to fly Progress M-UM/Prichal "
        "(8.18 t) from Baikonur to the ISS insertion orbit (about 193 x 240 km, an assumption). "
        "A flown record, not a rated capacity: it bounds the capacity from below only",
        8250.0,
        "TASS via rusreality.com 2021-11-23 (heaviest load flown) [S]",
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
        "12,000 kg RIA Novosti via english.pravda.ru 56803 [S]; 13,700 kg Izvestia via uawire [S] "
        "(vehicles.md sec. 10)",
        10.0,
        "prediction",
        "the sources disagree; issue 3 states the published figure as the range 12 to 13.7 t, and "
        "the difference is measured to the nearer end of that range; 200 km circular at 51.6 deg "
        "assumed; stage masses are placeholders (vehicles.md sec. 11.3)",
        published_max_kg=13700.0,
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
        "expendable; the source quotes GTO at 27 deg (orbit otherwise not stated); baiterek "
        "solves both a direct insertion at perigee and a 185 km parking orbit with a coast and a "
        "restart at the node (185 x 35,786 km at 28.6 deg) and flies the larger",
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

# >>> UPPER-STAGE GTO CASES (upper stages stacked on the vehicle; see flight/transfer.py)
UPPER_STAGE_CASES: tuple[ValidationCase, ...] = (
    ValidationCase(
        "proton-m-breeze-m-gto",
        "proton-m",
        "baikonur-200-39",
        "GTO 200 x 35,786 km, 51.6 deg (Breeze-M)",
        PointSpec("proton-m-gto", "elliptical", 200.0, 35786.0, 51.6, None, "breeze-m"),
        None,
        "no published figure for this orbit",
        None,
        "prediction",
        "parking orbit 200 km, then Breeze-M perigee burns centred on the node; the published "
        "6,300 kg is to GTO-1500 (1,500 m/s to GEO: lower inclination and higher perigee, flown "
        "with Breeze-M's supersynchronous multi-burn profile), a different orbit: shown for scale, "
        "no verdict. From this orbit about 2,430 m/s remain to GSO (a GTO-2430, computed), so it "
        "should carry more than GTO-1500's 6,300 kg and GTO-1800's 6,920 kg, as it does; "
        "Breeze-M's propellant bounds it (its four perigee burns use all but the reserve). "
        "Known limit: one vacuum law steers stages 2, 3 and Breeze-M's ascent burn, which makes "
        "a long low-thrust burn inefficient; about 8.8 t is the most it brings to the parking "
        "orbit, so lower apogees are ascent-limited (5,000 and 15,000 km: 8,792 kg)",
        6300.0,
        "spacecost [C] (vehicles.md sec. 10), GTO-1500",
    ),
    ValidationCase(
        "sunkar-fregat-gto",
        "sunkar",
        "baikonur-45-1",
        "GTO 200 x 35,786 km, 51.6 deg (Fregat-M, an assumption)",
        PointSpec("sunkar-gto", "elliptical", 200.0, 35786.0, 51.6, None, "fregat"),
        None,
        "no published figure",
        None,
        "prediction",
        "the Fregat-class stage on Sunkar is an assumption (vehicles.md sec. 1.2); the reference "
        "file's unverified estimate is about 5-6 t to GTO-1800 with Fregat-SBU / Blok-DM [U]",
    ),
)
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
