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
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np

from baiterek.errors import BaiterekError, ConvergenceError, InfeasibleError, InputError
from baiterek.provenance import provenance

CurveKind = Literal["circular", "sso", "elliptical"]

DEFAULT_ALTITUDES_KM: tuple[float, ...] = tuple(float(h) for h in range(200, 2001, 100))
"""Default altitude grid of circular and sun-synchronous curves, km (200 to 2,000 by 100)."""

MAX_POINTS = 5000
"""Largest grid a curve accepts (a typo such as a step of 1 km over 40,000 km is refused)."""

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called in the calling process as points finish."""


@dataclass(frozen=True)
class PointSpec:
    """One point of a grid, in the terms of a mission file's ``[target]`` (km, deg)."""

    line: str  # the grid line this point belongs to (a legend label)
    kind: str  # mission target kind: circular | elliptical | sso (later: gto, ...)
    perigee_km: float
    apogee_km: float
    inclination_deg: float | None  # None: computed (sun-synchronous)
    heading: str | None = None
    upper_stage: str | None = None

    def target_dict(self) -> dict[str, Any]:
        if self.kind == "elliptical":
            t: dict[str, Any] = {
                "kind": "elliptical",
                "perigee_km": self.perigee_km,
                "apogee_km": self.apogee_km,
            }
        else:
            t = {"kind": self.kind, "altitude_km": self.perigee_km}
        if self.inclination_deg is not None:
            t["inclination_deg"] = self.inclination_deg
        if self.heading is not None:
            t["heading"] = self.heading
        return t


@dataclass(frozen=True)
class CurvePoint:
    """The maximum payload at one grid point, or NaN with the reason."""

    line: str
    perigee_km: float
    apogee_km: float
    inclination_deg: float  # the target's (computed for sun-synchronous); NaN if refused early
    heading: str
    payload_kg: float  # NaN when status != "ok"
    status: str  # ok | refused | infeasible | no_convergence | error
    reason: str = ""
    pitch_over_kick_deg: float = math.nan
    guidance_evaluations: int = 0
    max_dynamic_pressure_kpa: float = math.nan
    max_axial_load_g: float = math.nan
    active_constraints: str = ""
    solve_time_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


FRAME_COLUMNS = (
    "line",
    "perigee_km",
    "apogee_km",
    "inclination_deg",
    "heading",
    "payload_kg",
    "status",
    "reason",
    "pitch_over_kick_deg",
    "guidance_evaluations",
    "max_dynamic_pressure_kpa",
    "max_axial_load_g",
    "active_constraints",
    "solve_time_s",
)


@dataclass(frozen=True)
class PayloadCurve:
    """Maximum payload over a grid of orbits, for one vehicle from one site (a result value).

    ``kind`` is ``circular`` or ``sso`` (abscissa: altitude = perigee = apogee) or
    ``elliptical`` (abscissa: apogee at a fixed perigee). Points keep their grid order.
    """

    vehicle_id: str
    site_id: str
    kind: CurveKind
    points: tuple[CurvePoint, ...]
    upper_stage: str | None = None
    workers: int = 1
    elapsed_s: float = 0.0
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def x_name(self) -> str:
        """Column of the abscissa: ``altitude_km`` (circular, sso) or ``apogee_km``."""
        return "apogee_km" if self.kind == "elliptical" else "altitude_km"

    @property
    def lines(self) -> tuple[str, ...]:
        """Grid-line labels, in order of first appearance."""
        return tuple(dict.fromkeys(p.line for p in self.points))

    def line(self, label: str) -> tuple[np.ndarray, np.ndarray]:
        """(abscissa km, payload kg) of one line as float arrays (NaN where a point failed)."""
        pts = [p for p in self.points if p.line == label]
        if not pts:
            raise InputError("line", label, ", ".join(self.lines))
        x = np.array([p.apogee_km if self.kind == "elliptical" else p.perigee_km for p in pts])
        return x, np.array([p.payload_kg for p in pts])

    @property
    def failed(self) -> tuple[CurvePoint, ...]:
        return tuple(p for p in self.points if not p.ok)

    def to_frame(self):
        """One row per point (pandas DataFrame); units in the column names; NaN payload if failed."""
        import pandas as pd

        df = pd.DataFrame([asdict(p) for p in self.points], columns=list(FRAME_COLUMNS))
        if self.kind != "elliptical":
            df = df.drop(columns=["apogee_km"]).rename(columns={"perigee_km": "altitude_km"})
        df.insert(0, "site", self.site_id)
        df.insert(0, "vehicle", self.vehicle_id)
        return df

    def to_json(self) -> dict[str, Any]:
        pts = []
        for p in self.points:
            d = asdict(p)
            for k, v in d.items():
                if isinstance(v, float):
                    d[k] = None if not math.isfinite(v) else round(v, 4)
            pts.append(d)
        return {
            "vehicle": self.vehicle_id,
            "site": self.site_id,
            "kind": self.kind,
            "x": self.x_name,
            "upper_stage": self.upper_stage,
            "lines": list(self.lines),
            "points": pts,
            "failed": len(self.failed),
            "workers": self.workers,
            "elapsed_s": round(self.elapsed_s, 3),
            "provenance": self.provenance,
        }


# --- public constructors ------------------------------------------------------------------------


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
    _check_grid("altitudes_km", altitudes_km)
    _check_grid("inclinations_deg", inclinations_deg, ordered=False)
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
    _check_grid("altitudes_km", altitudes_km)
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
    _check_grid("apogees_km", apogees_km)
    _check_grid("inclinations_deg", inclinations_deg, ordered=False)
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
    stages = {s.upper_stage for s in specs} - {None}
    if stages and "upper_stage_id" not in inspect.signature(_max_payload()).parameters:
        raise InputError(
            "upper_stage",
            sorted(stages)[0],
            "none yet: max_payload flies direct insertion only (upper stages come with issue 3)",
        )
    if len(specs) > MAX_POINTS:
        raise InputError("grid", len(specs), f"at most {MAX_POINTS} points")
    n_workers = _n_workers(workers, len(specs))
    runs = [
        Run(vehicle_id, site_id, tuple(chunk))
        for _start, chunk in split_runs(list(specs), n_workers)
    ]
    t0 = time.perf_counter()
    points = tuple(p for res in run_all(runs, n_workers, progress) for p in res)
    return PayloadCurve(
        vehicle_id=vehicle_id,
        site_id=site_id,
        kind=kind,
        points=points,
        upper_stage=next(iter(stages)) if stages else None,
        workers=n_workers,
        elapsed_s=time.perf_counter() - t0,
        provenance=provenance(
            {
                "vehicle": vehicle_id,
                "site": site_id,
                "kind": kind,
                "grid": [asdict(s) for s in specs],
            }
        ),
    )


# --- grid helpers -------------------------------------------------------------------------------


def parse_grid(text: str, field_name: str) -> tuple[float, ...]:
    """``"200:2000:100"`` (start:stop:step, stop included) or ``"200,300,450"`` -> floats."""
    s = text.strip()
    try:
        if ":" in s:
            parts = [float(x) for x in s.split(":")]
            if len(parts) != 3:
                raise ValueError
            a, b, step = parts
            if step <= 0 or b < a:
                raise InputError(
                    field_name, text, "start:stop:step with step > 0 and stop >= start"
                )
            n = math.floor((b - a) / step + 1e-9) + 1
            if n > MAX_POINTS:
                raise InputError(field_name, text, f"at most {MAX_POINTS} points")
            vals = tuple(round(a + k * step, 9) for k in range(n))
        else:
            vals = tuple(float(x) for x in s.split(",") if x.strip())
    except ValueError:
        raise InputError(
            field_name, text, "start:stop:step (e.g. 200:2000:100) or a comma list"
        ) from None
    if not vals or not all(math.isfinite(v) for v in vals):
        raise InputError(field_name, text, "at least one finite number")
    return vals


def _check_grid(name: str, values: Sequence[float], ordered: bool = True) -> None:
    if len(values) == 0:
        raise InputError(name, list(values), "at least one value")
    if not all(math.isfinite(float(v)) for v in values):
        raise InputError(name, list(values), "finite numbers")
    if ordered and any(b <= a for a, b in zip(values[:-1], values[1:], strict=True)):
        raise InputError(name, list(values), "strictly increasing values (a march in order)")


def split_runs(specs: list[PointSpec], n_workers: int) -> list[tuple[int, list[PointSpec]]]:
    """Cut the grid into contiguous runs of one line each, about two runs per worker.

    Returns (index of the first point, run) in grid order. A run keeps its warm starts; a cut
    costs one cold start.
    """
    lines: list[tuple[int, list[PointSpec]]] = []
    for k, s in enumerate(specs):
        if lines and lines[-1][1][-1].line == s.line:
            lines[-1][1].append(s)
        else:
            lines.append((k, [s]))
    if n_workers <= 1:
        return lines
    target = max(3, math.ceil(len(specs) / (2 * n_workers)))
    runs = []
    for start, line in lines:
        n_cut = max(1, round(len(line) / target))
        bounds = np.linspace(0, len(line), n_cut + 1).round().astype(int)
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            if b > a:
                runs.append((start + int(a), line[a:b]))
    return runs


def _n_workers(workers: int | None, n_points: int) -> int:
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise InputError("workers", workers, ">= 1")
    return max(1, min(int(workers), n_points))


# --- the work -----------------------------------------------------------------------------------


def _max_payload():
    from baiterek.performance.payload import max_payload

    return max_payload


class _Tick:
    """Progress within one process: counts points and calls ``progress(done, total)``."""

    def __init__(self, progress: Progress | None, done: int, total: int):
        self.progress, self.done, self.total = progress, done, total

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def solve_point(
    vehicle_id: str,
    site_id: str,
    spec: PointSpec,
    initial_payload_kg: float | None = None,
    kick_guess: float | None = None,
) -> tuple[CurvePoint, Any]:
    """One point: (CurvePoint, PerformanceResult or None). Never raises for a bad point."""
    from baiterek.flight.simulate import orbit_target
    from baiterek.mission import mission_from_dict

    t0 = time.perf_counter()
    base = CurvePoint(
        spec.line,
        spec.perigee_km,
        spec.apogee_km,
        math.nan if spec.inclination_deg is None else spec.inclination_deg,
        spec.heading or "",
        math.nan,
        "refused",
    )
    try:
        m = mission_from_dict(
            {
                "mission": {
                    "name": "curve",
                    "vehicle": vehicle_id,
                    "site": site_id,
                    "payload_kg": 0,
                },
                "target": spec.target_dict(),
            }
        )
    except InputError as exc:
        if spec.kind == "sso":
            from baiterek.constants import WGS84_A
            from baiterek.orbit.secular import sso_inclination

            inc = float(np.degrees(sso_inclination(WGS84_A + 1e3 * spec.perigee_km)))
            base = replace(base, inclination_deg=inc)
        return replace(base, reason=str(exc), solve_time_s=time.perf_counter() - t0), None
    inc = math.degrees(m.inclination)
    base = replace(base, inclination_deg=inc, heading=m.heading)
    info = m.target.model_dump(exclude_none=True)
    info.update(inclination_deg=inc, heading=m.heading)
    extra = {"upper_stage_id": spec.upper_stage} if spec.upper_stage else {}
    target = orbit_target(m)

    def solve(p0, k0):
        return _max_payload()(
            vehicle_id,
            site_id,
            target,
            target_info=info,
            initial_payload_kg=p0,
            kick_guess=k0,
            reach_limit=False,
            **extra,
        )

    try:
        res = solve(initial_payload_kg, kick_guess)
    except InfeasibleError as exc:
        status, reason = "infeasible", str(exc)
    except ConvergenceError as exc:
        status, reason = "no_convergence", str(exc)
    except BaiterekError as exc:
        status, reason = "refused", str(exc)
    except Exception as exc:  # noqa: BLE001 - a batch keeps going; the row says what happened
        status, reason = "error", f"{type(exc).__name__}: {exc}"
    else:
        s = res.trajectory.summary()
        return (
            replace(
                base,
                payload_kg=float(res.payload_kg),
                status="ok",
                pitch_over_kick_deg=float(res.trajectory.guidance["pitch_over_kick_deg"]),
                guidance_evaluations=int(res.evaluations),
                max_dynamic_pressure_kpa=s["max_dynamic_pressure_kpa"],
                max_axial_load_g=s["max_axial_load_g"],
                active_constraints=" ".join(
                    c.name
                    for c in res.constraints
                    if c.active and c.name not in ("propellant_reserve", "fairing_heat_flux")
                ),
                solve_time_s=time.perf_counter() - t0,
            ),
            res,
        )
    return replace(base, status=status, reason=reason, solve_time_s=time.perf_counter() - t0), None


WARM_UNDERSHOOT = 0.03
"""A warm start aims this fraction below the extrapolated payload: the secant on the propellant
margin converges in fewer guidance solutions from the feasible side (benchmarks/performance.py)."""


def warm_guess(xs: Sequence[float], payloads: Sequence[float], x: float) -> float | None:
    """Starting payload at abscissa ``x`` from the points already solved on this run, kg.

    Linear extrapolation from the last two points (one point: that payload), then
    ``WARM_UNDERSHOOT`` below it. None when nothing is known (a cold start).
    """
    if not payloads:
        return None
    est = payloads[-1]
    if len(payloads) >= 2 and xs[-1] != xs[-2]:
        slope = (payloads[-1] - payloads[-2]) / (xs[-1] - xs[-2])
        est = payloads[-1] + slope * (x - xs[-1])
    else:  # one point: the slope is unknown; aim low (Soyuz-2.1a loses ~11 % per 100 km at LEO)
        est = payloads[-1] * max(0.4, 1.0 - 0.0015 * abs(x - xs[-1]))
    return max(est * (1.0 - WARM_UNDERSHOOT), 0.25 * payloads[-1])


def solve_run(
    vehicle_id: str,
    site_id: str,
    specs: Sequence[PointSpec],
    tick: Callable[[], None] | None = None,
    initial_payload_kg: float | None = None,
) -> list[CurvePoint]:
    """March along one run, each point warm-started from the points solved before it."""
    out = []
    xs: list[float] = []
    ps: list[float] = []
    kick: float | None = None
    beyond: CurvePoint | None = None  # the first point found out of reach on this run
    for spec in specs:
        x = spec.apogee_km  # the abscissa (= the altitude of a circular orbit)
        if beyond is not None:
            # a higher orbit on the same line needs more energy: out of reach as well
            out.append(
                CurvePoint(
                    spec.line,
                    spec.perigee_km,
                    spec.apogee_km,
                    beyond.inclination_deg
                    if spec.inclination_deg is None
                    else spec.inclination_deg,
                    beyond.heading,
                    math.nan,
                    "infeasible",
                    f"beyond reach: {x:g} km is above {beyond.apogee_km:g} km, which no payload "
                    "reaches on this line",
                )
            )
            if tick is not None:
                tick()
            continue
        if ps:
            pt, _res = solve_point(vehicle_id, site_id, spec, warm_guess(xs, ps, x), kick)
        else:
            pt, _res = solve_point(vehicle_id, site_id, spec, initial_payload_kg, None)
        if pt.ok:
            xs.append(x)
            ps.append(pt.payload_kg)
            kick = math.radians(pt.pitch_over_kick_deg)
        elif pt.status == "infeasible" and spec.kind != "sso":
            beyond = pt
        out.append(pt)
        if tick is not None:
            tick()
    return out


# --- processes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A contiguous march solved in one process: vehicle, site, points, optional first guess."""

    vehicle_id: str
    site_id: str
    specs: tuple[PointSpec, ...]
    initial_payload_kg: float | None = None


def run_all(
    runs: Sequence[Run], workers: int, progress: Progress | None = None
) -> list[list[CurvePoint]]:
    """Solve runs (in processes when ``workers`` > 1); results in the order of ``runs``."""
    total = sum(len(r.specs) for r in runs)
    if workers <= 1 or len(runs) <= 1:
        tick = _Tick(progress, 0, total)
        return [
            solve_run(r.vehicle_id, r.site_id, r.specs, tick, r.initial_payload_kg) for r in runs
        ]
    return _run_parallel(runs, workers, progress, total)


_QUEUE = None


def _worker_init(queue) -> None:
    global _QUEUE
    _QUEUE = queue
    import numba

    numba.set_num_threads(1)  # the processes already fill the cores


def _worker_run(run: Run) -> list[CurvePoint]:
    q = _QUEUE
    tick = (lambda: q.put(1)) if q is not None else None
    return solve_run(run.vehicle_id, run.site_id, run.specs, tick, run.initial_payload_kg)


def _run_parallel(runs, workers, progress, total):
    import multiprocessing as mp
    import queue as queue_mod
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # spawn, not fork: numba's threading layer is not safe to fork once started
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    done = 0
    results: dict[int, list[CurvePoint]] = {}
    try:
        with ProcessPoolExecutor(
            min(workers, len(runs)), mp_context=ctx, initializer=_worker_init, initargs=(q,)
        ) as ex:
            # longest runs first, so that the last to finish are short
            order = sorted(range(len(runs)), key=lambda k: -len(runs[k].specs))
            futs = {ex.submit(_worker_run, runs[k]): k for k in order}
            pending = set(futs)
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for f in finished:
                    results[futs[f]] = f.result()
                while True:
                    try:
                        q.get_nowait()
                    except queue_mod.Empty:
                        break
                    done += 1
                    if progress is not None:
                        progress(min(done, total), total)
    finally:
        q.close()
        q.join_thread()
    if progress is not None and done < total:
        progress(total, total)
    return [results[k] for k in range(len(runs))]
