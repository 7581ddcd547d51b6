"""Solving a curve's points: one point (never raising), and a warm-started march along a run."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from baiterek.errors import BaiterekError, ConvergenceError, InfeasibleError, InputError
from baiterek.performance.curve_result import CurvePoint
from baiterek.performance.grid import PointSpec


def _max_payload():
    from baiterek.performance.payload import max_payload

    return max_payload


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
    extra: dict[str, Any] = {"upper_stage_id": spec.upper_stage} if spec.upper_stage else {}
    if spec.configuration is not None:
        extra["configuration"] = spec.configuration
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
                active_constraints=" ".join(c.name for c in res.constraints if c.active),
                solve_time_s=time.perf_counter() - t0,
                violations=" ".join(res.violations),
                feasible=not res.hard_violations,
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
