"""The Monte Carlo document: injection accuracy, success fraction, bodies, sensitivities (issue 12 shape).

``document(result, zones)`` builds the JSON of ``baiterek dispersion --json``: ``samples``,
``seed``, ``success_fraction`` (with its Clopper-Pearson interval and the N it rests on),
``injection`` keyed by ``perigee_km`` ... ``eccentricity`` (each ``mean``, ``sigma``,
``three_sigma``, ``bound_9973_95``), ``bodies`` (``name``, ``zone``, ``containment``,
``containment_lower_95``, footprint), ``time_per_sample_ms``, plus the cutoff-time and
propellant-margin distributions, the 6x6 insertion covariance and the sensitivity table.
Statistics use the samples in index order; a pass/fail figure states its N.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from baiterek.dispersion.footprint import containment, footprint
from baiterek.dispersion.run import MonteCarloResult
from baiterek.dispersion.statistics import clopper_pearson, sensitivity, summarise

INJECTION_KEYS = (
    "perigee_km",
    "apogee_km",
    "inclination_deg",
    "raan_deg",
    "argument_of_perigee_deg",
    "semi_major_axis_km",
    "eccentricity",
)
PERFORMANCE_KEYS = ("cutoff_time_s", "propellant_margin_kg")
STATE_KEYS = tuple(f"insertion.r_{a}_m" for a in "xyz") + tuple(
    f"insertion.v_{a}_m_s" for a in "xyz"
)
STATUS_REASONS = {
    0: "reached the target energy (cutoff; the perigee may still be low)",
    1: "short of delta-v: did not reach the target energy",
    2: "failed",
}

Zone = tuple[str, np.ndarray, np.ndarray]  # (zone name, polygon lat deg, polygon lon deg)


def document(
    result: MonteCarloResult,
    zones: Mapping[str, Zone] | None = None,
    *,
    evaluator: str = "",
    sensitivity_top: int = 5,
) -> dict[str, Any]:
    """One JSON-able document of a run (see the module doc); ``zones`` maps a body to its drop zone."""
    out = result.outputs
    n = result.n
    status = np.asarray(out.get("status", np.zeros(n, np.int8)))
    k_ok = int(np.sum(status == 0))
    lo, hi = clopper_pearson(k_ok, n)
    reasons = {
        STATUS_REASONS.get(int(s), f"status {int(s)}"): int(np.sum(status == s))
        for s in np.unique(status)
        if s != 0
    }
    doc: dict[str, Any] = {
        "samples": n,
        "seed": result.seed,
        "evaluator": evaluator,
        "success_fraction": k_ok / n,
        "success_fraction_ci_95": [lo, hi],
        "success_decided_on_samples": n,
        "failures": reasons,
        "injection": {k: summarise(out[k]).to_dict() for k in INJECTION_KEYS if k in out},
        "performance": {k: summarise(out[k]).to_dict() for k in PERFORMANCE_KEYS if k in out},
        "bodies": _bodies(result, zones or {}),
        "time_per_sample_ms": result.time_per_sample_ms,
        "samples_computed": result.n_computed,
        "wall_time_s": result.wall_time_s,
        "backend": result.backend,
        "workers": result.workers,
        "converged": result.converged,
        "sigma_tolerance": result.tolerance,
        "provenance": dict(result.provenance),
    }
    if "propellant_margin_kg" in out:
        doc["performance_reserve"] = performance_reserve(out["propellant_margin_kg"])
    if all(k in out for k in STATE_KEYS):
        doc["insertion_covariance_km"] = insertion_covariance_km(out).tolist()
    reported = {k: out[k] for k in (*INJECTION_KEYS, *PERFORMANCE_KEYS) if k in out}
    sens = sensitivity(result.inputs, result.input_names, reported)
    doc["sensitivity"] = sens.to_dict(top=sensitivity_top)
    return doc


def performance_reserve(margin_kg: np.ndarray) -> dict[str, Any]:
    """The flight performance reserve the margin distribution implies, kg.

    The propellant the mean flight keeps beyond what a low-performing flight needs: 3 sigma of
    the margin, and the mean less the 99.73 %/95 % lower order-statistics bound (None if N is
    short). A sample that did not reach orbit has no margin (NaN) and is counted by
    ``success_fraction`` instead.
    """
    s = summarise(margin_kg)
    return {
        "propellant_3_sigma_kg": s.three_sigma,
        "propellant_9973_95_kg": None if s.bound_lower is None else s.mean - s.bound_lower,
        "samples": s.n,
    }


def insertion_covariance_km(out: Mapping[str, np.ndarray]) -> np.ndarray:
    """6x6 covariance of the insertion state (km, km/s) over the samples cut off at the target energy."""
    s = np.column_stack([out[k] for k in STATE_KEYS]) / 1e3
    s = s[np.all(np.isfinite(s), axis=1)]
    return np.cov(s.T)


def _bodies(result: MonteCarloResult, zones: Mapping[str, Zone]) -> list[dict[str, Any]]:
    bodies = []
    for name in result.body_names:
        lat = result.outputs.get(f"body.{name}.latitude_deg")
        lon = result.outputs.get(f"body.{name}.longitude_deg")
        if lat is None or lon is None:
            continue
        entry: dict[str, Any] = {
            "name": name,
            "zone": None,
            "containment": None,
            "containment_lower_95": None,
        }
        if name in zones:
            zname, zlat, zlon = zones[name]
            c = containment(lat, lon, zname, zlat, zlon)
            entry.update(
                zone=zname,
                containment=c.fraction,
                containment_lower_95=c.lower_95,
                containment_samples=c.n,
            )
        entry["impact_latitude_deg"] = summarise(lat).to_dict()
        entry["impact_longitude_deg"] = summarise(lon).to_dict()
        entry["footprint"] = footprint(lat, lon).to_dict()
        bodies.append(entry)
    return bodies
