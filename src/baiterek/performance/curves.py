"""Performance curves: maximum payload against altitude (circular, sun-synchronous) or apogee.

A curve is a grid of ``max_payload`` solutions. Each grid line (one inclination, or the
sun-synchronous family, or one perigee) is marched in order of altitude so that each point starts
from its neighbour's payload and pitch-over kick (``initial_payload_kg``, ``kick_guess``): the
start changes the cost, not the result (direct ascent; with an upper stage within the 3 kg
tolerance of its payload search). Lines are cut
into contiguous runs and the runs are spread over worker processes
(``concurrent.futures.ProcessPoolExecutor``, spawned: a script that asks for more than one
worker needs the usual ``if __name__ == "__main__":`` guard); with ``workers=1`` everything runs
in this process.

A point that cannot be computed is kept: payload NaN, a ``status`` and the ``reason``
(``refused``: the site's corridors or the target rules forbid it; ``infeasible``: the vehicle
cannot reach it even empty; ``no_convergence``; ``error``: anything else, which is a bug to report).
The batch always finishes.

Design notes (benchmarks/performance.py, 2-core machine): a direct-ascent ``max_payload`` solves
about 10 kicks (one Newton system each, payload included), 0.3 to 0.5 s; its result does not
depend on the start. Later points start 3 % below the payload extrapolated from the last two
(and, with an upper stage, from the neighbour's kick). Runs are cut into about two per worker.
Above a point that no payload reaches, a run stops solving (a higher orbit on the same line needs
more energy).
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from baiterek.errors import InputError
from baiterek.performance import _march
from baiterek.performance._march import WARM_UNDERSHOOT, solve_point, solve_run, warm_guess
from baiterek.performance._processes import Progress, Run, n_workers, run_all
from baiterek.performance.curve_result import FRAME_COLUMNS, CurveKind, CurvePoint, PayloadCurve
from baiterek.performance.grid import (
    DEFAULT_ALTITUDES_KM,
    MAX_POINTS,
    PointSpec,
    check_grid,
    split_runs,
)
from baiterek.provenance import provenance

__all__ = [
    "DEFAULT_ALTITUDES_KM",
    "FRAME_COLUMNS",
    "MAX_POINTS",
    "WARM_UNDERSHOOT",
    "CurveKind",
    "CurvePoint",
    "PayloadCurve",
    "PointSpec",
    "Progress",
    "Run",
    "apogee_curve",
    "circular_curve",
    "compute_curve",
    "run_all",
    "solve_point",
    "solve_run",
    "split_runs",
    "sso_curve",
    "warm_guess",
]


def circular_curve(
    vehicle_id: str,
    site_id: str,
    inclinations_deg: Sequence[float],
    altitudes_km: Sequence[float] = DEFAULT_ALTITUDES_KM,
    *,
    heading: str | None = None,
    upper_stage: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PayloadCurve:
    """Maximum payload to circular orbits: one line per inclination, against altitude."""
    check_grid("altitudes_km", altitudes_km)
    check_grid("inclinations_deg", inclinations_deg, ordered=False)
    specs = [
        PointSpec(f"{i:g} deg", "circular", h, h, float(i), heading, upper_stage)
        for i in inclinations_deg
        for h in altitudes_km
    ]
    return compute_curve(vehicle_id, site_id, "circular", specs, workers=workers, progress=progress)


def sso_curve(
    vehicle_id: str,
    site_id: str,
    altitudes_km: Sequence[float] = DEFAULT_ALTITUDES_KM,
    *,
    heading: str | None = None,
    upper_stage: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PayloadCurve:
    """Maximum payload to sun-synchronous circular orbits (inclination computed per altitude).

    Altitudes whose inclination the site's corridors refuse are kept as ``refused`` points.
    """
    check_grid("altitudes_km", altitudes_km)
    specs = [PointSpec("SSO", "sso", h, h, None, heading, upper_stage) for h in altitudes_km]
    return compute_curve(vehicle_id, site_id, "sso", specs, workers=workers, progress=progress)


def apogee_curve(
    vehicle_id: str,
    site_id: str,
    apogees_km: Sequence[float],
    inclinations_deg: Sequence[float],
    perigee_km: float = 200.0,
    *,
    heading: str | None = None,
    upper_stage: str | None = None,
    target_kind: str = "elliptical",
    workers: int | None = None,
    progress: Progress | None = None,
) -> PayloadCurve:
    """Maximum payload against apogee altitude at a fixed perigee (the shape of a GTO curve).

    Without ``upper_stage`` the orbit is entered at perigee by the last stage (or, if it can
    restart, from a parking orbit when that carries more); with one, from a parking orbit at the
    perigee by the upper stage's burns (``performance.payload``).
    """
    check_grid("apogees_km", apogees_km)
    check_grid("inclinations_deg", inclinations_deg, ordered=False)
    if apogees_km[0] < perigee_km:
        raise InputError("apogees_km", apogees_km[0], f">= the perigee ({perigee_km:g} km)")
    specs = [
        PointSpec(f"{i:g} deg", target_kind, perigee_km, a, float(i), heading, upper_stage)
        for i in inclinations_deg
        for a in apogees_km
    ]
    return compute_curve(
        vehicle_id, site_id, "elliptical", specs, workers=workers, progress=progress
    )


def compute_curve(
    vehicle_id: str,
    site_id: str,
    kind: CurveKind,
    specs: Sequence[PointSpec],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PayloadCurve:
    """Solve every point of a grid (in parallel) and return the curve in the grid's order.

    Consecutive specs with the same ``line`` are one warm-started march; keep them in order of
    altitude (or apogee).
    """
    from baiterek import catalog

    catalog.vehicle(vehicle_id)  # unknown ids are user errors, raised before any work
    catalog.site(site_id)
    stages = {s.upper_stage for s in specs if s.upper_stage is not None}
    if stages and "upper_stage_id" not in inspect.signature(_march._max_payload()).parameters:
        raise InputError(
            "upper_stage",
            sorted(stages)[0],
            "none: this max_payload flies direct insertion only",
        )
    if len(specs) > MAX_POINTS:
        raise InputError("grid", len(specs), f"at most {MAX_POINTS} points")
    n_work = n_workers(workers, len(specs))
    runs = [
        Run(vehicle_id, site_id, tuple(chunk)) for _start, chunk in split_runs(list(specs), n_work)
    ]
    t0 = time.perf_counter()
    points = tuple(p for res in run_all(runs, n_work, progress) for p in res)
    return PayloadCurve(
        vehicle_id=vehicle_id,
        site_id=site_id,
        kind=kind,
        points=points,
        upper_stage=next(iter(stages)) if stages else None,
        workers=n_work,
        elapsed_s=time.perf_counter() - t0,
        provenance=provenance(
            {
                "vehicle": vehicle_id,
                "site": site_id,
                "kind": kind,
                "grid": [_spec_record(s) for s in specs],
            }
        ),
    )


def _spec_record(spec: PointSpec) -> dict[str, Any]:
    """A grid point for the provenance hash (without an unset configuration, so that a
    curve's input hash is what it was before points could carry one)."""
    d = asdict(spec)
    if d["configuration"] is None:
        del d["configuration"]
    return d
