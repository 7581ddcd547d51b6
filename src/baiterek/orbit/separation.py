"""Payload separation and collision avoidance: the last stage relative to the payload.

Both bodies start from the insertion state (GCRS, m and m/s, at ``epoch``). At t = 0 the
separation impulse ``separation_dv_lvlh_m_s`` (the payload's velocity relative to the stage, in
the local orbital frame (radial, along-track, cross-track) of the insertion state) is shared by
momentum when both masses are given, else the payload keeps the insertion state and the stage
takes the whole impulse reversed. An optional avoidance :class:`Manoeuvre` of the stage follows
``delay_s`` later, in the stage's local orbital frame at that instant. Both bodies are then
propagated by :func:`baiterek.orbit.propagate.propagate` (zonal gravity J2..J4 by default; no
drag unless ballistic coefficients are given); no integrator of its own.

Local orbital frame (of the body at the instant): radial r/|r|; cross-track the orbit normal
r x v / |r x v|; along-track cross-track x radial. The result's ``radial_m``/``along_m``/
``cross_m`` are the stage's position relative to the payload in the payload's frame.

**Minimum distance.** The distance is zero at separation and grows while the bodies open; that
opening is by design, not an approach. The *opening phase* ends at the first local maximum of
the distance (on the output grid); ``min_distance_m`` is the smallest distance from then to the
end of the span, and ``time_of_min_s`` when it occurs. It is therefore the closest the bodies
come back to each other: with a radial impulse, the stage returns near the payload after one
orbit; with an along-track impulse the bodies drift apart (about 3 dv t along-track) and never
close again. If the distance never decreases over the span (or is identically zero), the
opening phase lasts the whole span and the minimum is the final distance. Each local minimum
after the opening is a *close approach*; interior minima are refined to 1e-3 s on a cubic
Hermite interpolant of the relative position and velocity (not across the manoeuvre instant).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.interpolate import CubicHermiteSpline
from scipy.optimize import minimize_scalar
from skyfield.timelib import Time

from baiterek.catalog.separation import SeparationData
from baiterek.constants import MU_EARTH, SECONDS_PER_DAY
from baiterek.earth.time import offset_time, to_time, utc_iso
from baiterek.errors import InfeasibleError, InputError
from baiterek.flight.trajectory import Trajectory
from baiterek.orbit.propagate import DECAYED, OK, propagate

__all__ = [
    "Manoeuvre",
    "after_ascent",
    "SeparationResult",
    "from_catalog",
    "lvlh_basis",
    "relative_motion",
]

Array = npt.NDArray[np.float64]

DEFAULT_REVOLUTIONS = 3.0
"""Span when no duration is given: this many Keplerian periods of the insertion orbit."""


def _readonly(a: npt.ArrayLike) -> Array:
    out = np.array(a, dtype=np.float64)
    out.setflags(write=False)
    return out


def lvlh_basis(r_m: npt.ArrayLike, v_m_s: npt.ArrayLike) -> Array:
    """Rows (radial, along-track, cross-track) unit vectors of states (..., 3): shape (..., 3, 3)."""
    r = np.asarray(r_m, float)
    v = np.asarray(v_m_s, float)
    r_hat = r / np.linalg.norm(r, axis=-1, keepdims=True)
    h = np.cross(r, v)
    c_hat = h / np.linalg.norm(h, axis=-1, keepdims=True)
    a_hat = np.cross(c_hat, r_hat)
    return np.asarray(np.stack([r_hat, a_hat, c_hat], axis=-2), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Manoeuvre:
    """An impulse of the stage ``delay_s`` after separation, (radial, along, cross) in m/s."""

    delay_s: float
    dv_lvlh_m_s: tuple[float, float, float]

    def __post_init__(self) -> None:
        if not (math.isfinite(self.delay_s) and self.delay_s > 0.0):
            raise InputError("avoidance.delay_s", self.delay_s, "> 0 s after separation")
        if len(self.dv_lvlh_m_s) != 3 or not all(math.isfinite(x) for x in self.dv_lvlh_m_s):
            raise InputError("avoidance.dv_lvlh_m_s", self.dv_lvlh_m_s, "3 finite m/s values")

    def to_json(self) -> dict[str, Any]:
        return {
            "delay_s": self.delay_s,
            "dv_lvlh_m_s": list(self.dv_lvlh_m_s),
            "delta_v_m_s": float(np.linalg.norm(self.dv_lvlh_m_s)),
        }


@dataclass(frozen=True, slots=True)
class SeparationResult:
    """Stage relative to payload after separation; arrays (n_times,), SI, read-only.

    ``distance_m``: |r_stage - r_payload|; ``radial_m``/``along_m``/``cross_m``: the same
    vector in the payload's local orbital frame. ``min_distance_m``/``time_of_min_s``: the
    closest return after the opening phase (module docstring); ``approach_t_s``/
    ``approach_distance_m``: every local minimum after it. ``distance_after_one_orbit_m``: at
    one Keplerian period of the insertion orbit (NaN if the span is shorter).
    """

    epoch: Time
    t_s: Array
    distance_m: Array
    radial_m: Array
    along_m: Array
    cross_m: Array
    min_distance_m: float
    time_of_min_s: float
    opening_end_s: float
    approach_t_s: Array
    approach_distance_m: Array
    distance_after_one_orbit_m: float
    period_s: float
    separation_dv_lvlh_m_s: tuple[float, float, float]
    avoidance: Manoeuvre | None
    force_model: dict[str, Any]

    def __repr__(self) -> str:
        return (
            f"SeparationResult(min_distance_m={self.min_distance_m:.1f} at "
            f"t={self.time_of_min_s:.0f} s, after one orbit {self.distance_after_one_orbit_m:.1f}"
            f" m, {self.t_s.size} times over {self.t_s[-1]:.0f} s)"
        )

    def to_frame(self) -> Any:
        """Table: t_s, distance_m, radial_m, along_m, cross_m."""
        import pandas as pd

        return pd.DataFrame(
            {
                "t_s": self.t_s,
                "distance_m": self.distance_m,
                "radial_m": self.radial_m,
                "along_m": self.along_m,
                "cross_m": self.cross_m,
            }
        )

    def to_json(self) -> dict[str, Any]:
        """Summary with the close approaches (not the series)."""
        return {
            "separation_utc": utc_iso(self.epoch),
            "separation_dv_lvlh_m_s": list(self.separation_dv_lvlh_m_s),
            "avoidance": None if self.avoidance is None else self.avoidance.to_json(),
            "span_s": float(self.t_s[-1]),
            "period_s": self.period_s,
            "opening_end_s": self.opening_end_s,
            "min_distance_m": self.min_distance_m,
            "time_of_min_s": self.time_of_min_s,
            "distance_after_one_orbit_m": None
            if math.isnan(self.distance_after_one_orbit_m)
            else self.distance_after_one_orbit_m,
            "close_approaches": [
                {"t_s": float(t), "distance_m": float(d)}
                for t, d in zip(self.approach_t_s, self.approach_distance_m, strict=True)
            ],
            "final_distance_m": float(self.distance_m[-1]),
            "force_model": self.force_model,
        }


def from_catalog(
    data: SeparationData, r_m: npt.ArrayLike, v_m_s: npt.ArrayLike
) -> tuple[tuple[float, float, float], Manoeuvre | None]:
    """The separation impulse (radial, along, cross) and the avoidance manoeuvre of catalog data.

    Directions are resolved at the insertion state (r, v); an avoidance along the
    ``longitudinal-axis`` keeps the separation attitude in the local orbital frame.
    """
    dv = data.payload.dv_lvlh(r_m, v_m_s)
    man = None
    if data.avoidance is not None:
        a = data.avoidance.dv_lvlh(r_m, v_m_s)
        man = Manoeuvre(data.avoidance.delay_s, (float(a[0]), float(a[1]), float(a[2])))
    return (float(dv[0]), float(dv[1]), float(dv[2])), man


def _vec3(value: npt.ArrayLike, name: str) -> Array:
    a = np.asarray(value, dtype=np.float64)
    if a.shape != (3,) or not np.all(np.isfinite(a)):
        raise InputError(name, a.shape if a.shape != (3,) else "non-finite", "3 finite values")
    return a


def _grid(duration_s: float, step_s: float, t_m: float | None) -> Array:
    t = np.arange(0.0, duration_s, step_s)
    extra = [duration_s] if t_m is None else [duration_s, t_m]
    return np.unique(np.concatenate([t, extra]))


def relative_motion(
    r_m: npt.ArrayLike,
    v_m_s: npt.ArrayLike,
    separation_dv_lvlh_m_s: npt.ArrayLike,
    avoidance: Manoeuvre | None = None,
    duration_s: float | None = None,
    step_s: float = 10.0,
    *,
    epoch: Time | datetime | str,
    payload_mass_kg: float | None = None,
    stage_mass_kg: float | None = None,
    n_zonal: int = 4,
    ballistic_coefficients_kg_m2: tuple[float, float] | None = None,
) -> SeparationResult:
    """Stage relative to payload from a separation at the insertion state (r, v) at ``epoch``.

    ``separation_dv_lvlh_m_s``: payload velocity relative to the stage, (radial, along, cross).
    ``duration_s``: span after separation (default 3 Keplerian periods); ``step_s``: output
    step. ``n_zonal``: 0 (two-body), 2, 3 or 4. ``ballistic_coefficients_kg_m2``: (payload,
    stage) m / (Cd A) for drag, None for none.
    """
    r0 = _vec3(r_m, "r_m")
    v0 = _vec3(v_m_s, "v_m_s")
    dv = _vec3(separation_dv_lvlh_m_s, "separation_dv_lvlh_m_s")
    energy = 0.5 * float(v0 @ v0) - MU_EARTH / float(np.linalg.norm(r0))
    if energy >= 0.0:
        raise InputError("v_m_s", "escape speed", "a bound (elliptic) insertion orbit")
    period = 2.0 * math.pi * math.sqrt((-MU_EARTH / (2.0 * energy)) ** 3 / MU_EARTH)
    span = DEFAULT_REVOLUTIONS * period if duration_s is None else float(duration_s)
    if not (math.isfinite(step_s) and step_s > 0.0):
        raise InputError("step_s", step_s, "> 0 s")
    if not (math.isfinite(span) and span >= 4.0 * step_s):
        raise InputError("duration_s", duration_s, f">= 4 steps ({4.0 * step_s:g} s)")
    if avoidance is not None and avoidance.delay_s >= span:
        raise InputError("avoidance.delay_s", avoidance.delay_s, f"< the span ({span:g} s)")
    if (payload_mass_kg is None) != (stage_mass_kg is None):
        raise InputError("payload_mass_kg/stage_mass_kg", "one of two", "both or neither")
    share_payload = 0.0
    if payload_mass_kg is not None and stage_mass_kg is not None:
        if not (payload_mass_kg > 0.0 and stage_mass_kg > 0.0):
            raise InputError("payload_mass_kg/stage_mass_kg", "<= 0", "> 0 kg each")
        share_payload = stage_mass_kg / (payload_mass_kg + stage_mass_kg)
    t0 = to_time(epoch)
    dv_in = lvlh_basis(r0, v0).T @ dv
    vp0 = v0 + share_payload * dv_in
    vs0 = v0 - (1.0 - share_payload) * dv_in
    t_m = None if avoidance is None else float(avoidance.delay_s)
    t = _grid(span, step_s, t_m)
    bc = ballistic_coefficients_kg_m2
    kw: dict[str, Any] = {"n_zonal": n_zonal}

    def run(epoch_: Time, r: Array, v: Array, times: Array, k: int) -> tuple[Array, Array, Any]:
        b = None if bc is None else bc[k]
        out = propagate(epoch_, r, v, times, ballistic_coefficient_kg_m2=b, **kw)
        if out.status[0] == DECAYED:
            when = float(out.decay_t_s[0]) + float((epoch_.tt - t0.tt) * SECONDS_PER_DAY)
            raise InfeasibleError(
                f"the {('payload', 'stage')[k]} decays {when:.0f} s after separation, within the "
                f"{span:.0f} s asked; nothing to follow after that",
                {"decay_after_s": when, "body": ("payload", "stage")[k]},
            )
        if out.status[0] != OK:
            raise InfeasibleError("the propagation failed (step size underflow)", {})
        return out.r_m[0], out.v_m_s[0], out

    rp, vp, prop = run(t0, r0, vp0, t, 0)
    if avoidance is None or t_m is None:
        rs, vs, _ = run(t0, r0, vs0, t, 1)
    else:
        k_m = int(np.searchsorted(t, t_m))
        ra, va, _ = run(t0, r0, vs0, t[: k_m + 1], 1)
        burn = lvlh_basis(ra[-1], va[-1]).T @ np.asarray(avoidance.dv_lvlh_m_s)
        rb, vb, _ = run(offset_time(t0, t_m), ra[-1], va[-1] + burn, t[k_m:] - t_m, 1)
        rs = np.concatenate([ra[:-1], rb])
        vs = np.concatenate([va[:-1], vb])
    rel = rs - rp
    rel_v = vs - vp
    d = np.linalg.norm(rel, axis=1)
    comp = np.einsum("nij,nj->ni", lvlh_basis(rp, vp), rel)

    def hermite_min(k: int) -> tuple[float, float]:
        lo, hi = t[k - 1], t[k + 1]
        if t_m is not None and lo < t_m <= hi:
            return float(t[k]), float(d[k])
        s = CubicHermiteSpline(t[k - 1 : k + 2], rel[k - 1 : k + 2], rel_v[k - 1 : k + 2])
        res = minimize_scalar(
            lambda x: float(np.linalg.norm(s(x))),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-3},
        )
        return (float(res.x), float(res.fun)) if res.fun < d[k] else (float(t[k]), float(d[k]))

    n = t.size
    falling = np.nonzero(d[1:] < d[:-1])[0]
    k_open = int(falling[0]) if falling.size else n - 1
    approaches: list[tuple[float, float]] = []
    for k in range(k_open + 1, n - 1):
        if d[k] <= d[k - 1] and d[k] < d[k + 1]:
            approaches.append(hermite_min(k))
    if k_open < n - 1 and d[-1] < d[-2]:
        approaches.append((float(t[-1]), float(d[-1])))
    if approaches:
        t_min, d_min = min(approaches, key=lambda p: p[1])
    else:
        t_min, d_min = float(t[k_open]), float(d[k_open])
    after_one = float("nan")
    if period <= t[-1]:
        k = min(int(np.searchsorted(t, period)), n - 1)
        k = max(k, 1)
        if t_m is not None and t[k - 1] < t_m <= t[k]:
            after_one = float(np.interp(period, t, d))
        else:
            s1 = CubicHermiteSpline(t[k - 1 : k + 1], rel[k - 1 : k + 1], rel_v[k - 1 : k + 1])
            after_one = float(np.linalg.norm(s1(period)))
    force = dict(prop.force_model)
    force["separation_share_payload"] = share_payload
    return SeparationResult(
        epoch=t0,
        t_s=_readonly(t),
        distance_m=_readonly(d),
        radial_m=_readonly(comp[:, 0]),
        along_m=_readonly(comp[:, 1]),
        cross_m=_readonly(comp[:, 2]),
        min_distance_m=d_min,
        time_of_min_s=t_min,
        opening_end_s=float(t[k_open]),
        approach_t_s=_readonly([a[0] for a in approaches]),
        approach_distance_m=_readonly([a[1] for a in approaches]),
        distance_after_one_orbit_m=after_one,
        period_s=period,
        separation_dv_lvlh_m_s=(float(dv[0]), float(dv[1]), float(dv[2])),
        avoidance=avoidance,
        force_model=force,
    )


def after_ascent(
    trajectory: Trajectory,
    data: SeparationData,
    duration_s: float | None = None,
    step_s: float = 10.0,
    **options: Any,
) -> SeparationResult:
    """:func:`relative_motion` from a flown ascent, with the vehicle's separation data.

    Starts at the trajectory's ``payload_separation`` event (the insertion state propagated to
    it), else at insertion; directions are resolved there (:func:`from_catalog`). ``options``
    go to :func:`relative_motion` (``n_zonal``, masses, ballistic coefficients).
    """
    if trajectory.insertion is None:
        raise InputError("trajectory", trajectory.status, "a trajectory that reached orbit")
    r, v = trajectory.insertion_state_gcrs()
    epoch = to_time(trajectory.insertion.epoch_utc)
    event = trajectory.event("payload_separation")
    wait = 0.0 if event is None else event.time - trajectory.insertion.time
    if wait > 0.0:
        p = propagate(epoch, r, v, [0.0, wait], n_zonal=int(options.get("n_zonal", 4)))
        r, v, epoch = p.r_m[0, -1], p.v_m_s[0, -1], offset_time(epoch, wait)
    dv, man = from_catalog(data, r, v)
    return relative_motion(r, v, dv, man, duration_s, step_s, epoch=epoch, **options)
