"""Numerical orbit propagation from GCRS states: zonal gravity J2-J4, drag, Sun and Moon.

Force model: :mod:`baiterek.orbit.forces` (its docstring states each term and its source).

Integrator: Dormand-Prince 8(5,3), compiled with numba, batch in parallel, decay as an event
(:mod:`baiterek.orbit.dop853`, with the benchmark that chose it). The right-hand side is
:mod:`baiterek.orbit.forces`; the Sun and Moon are :mod:`baiterek.earth.ephemeris`'s. This
module holds the public entry point and the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from skyfield.timelib import Time

from baiterek.earth import frames
from baiterek.earth.density import DensityTable, default_density_table
from baiterek.earth.ephemeris import sun_moon_positions
from baiterek.earth.time import offset_time, to_time, utc_datetime, utc_iso
from baiterek.errors import InputError
from baiterek.orbit.dop853 import dop853_batch, dop853_serial
from baiterek.orbit.forces import (
    N_PARAMS,
    P_DENS_STEP,
    P_FLOOR,
    P_INV_BC,
    P_NZONAL,
    P_THIRD,
    P_TT_FRAC,
    P_TT_WHOLE,
)

__all__ = ["propagate", "Propagation", "OK", "DECAYED", "FAILED", "sun_moon_positions"]

OK = 0
"""Status: propagated over the whole span."""
DECAYED = 1
"""Status: altitude fell below the floor; ``decay_t_s`` holds the time."""
FAILED = 2
"""Status: the integrator could not continue (step too small or non-finite state)."""

_PARALLEL_MIN = 4  # below this many states, threads cost more than they save

_STATUS_TEXT = {OK: "ok", DECAYED: "decayed", FAILED: "failed"}


@dataclass(frozen=True)
class Propagation:
    """Propagated states of one or many objects at common times.

    ``r_m``/``v_m_s`` have shape (n_objects, n_times, 3) in GCRS; rows after a decay are NaN.
    """

    epoch: Time
    t_s: np.ndarray
    r_m: np.ndarray
    v_m_s: np.ndarray
    status: np.ndarray
    decay_t_s: np.ndarray
    nfev: np.ndarray
    force_model: dict[str, Any] = field(default_factory=dict)

    @property
    def epoch_utc(self) -> datetime:
        return utc_datetime(self.epoch)

    @property
    def times(self) -> Time:
        """The output instants as a skyfield Time array."""
        return offset_time(self.epoch, self.t_s)

    @property
    def decayed(self) -> np.ndarray:
        return self.status == DECAYED

    def decay_utc(self, k: int = 0) -> datetime | None:
        """UTC of the decay of object k, or None if it did not decay."""
        if self.status[k] != DECAYED:
            return None
        return utc_datetime(offset_time(self.epoch, float(self.decay_t_s[k])))

    def to_frame(self):
        """Long table: object, t_s, time_utc, x_m..vz_m_s (GCRS)."""
        import pandas as pd

        n, m, _ = self.r_m.shape
        iso = [utc_iso(t) for t in self.times] if m else []
        return pd.DataFrame(
            {
                "object": np.repeat(np.arange(n), m),
                "t_s": np.tile(self.t_s, n),
                "time_utc": iso * n,
                "x_m": self.r_m[..., 0].ravel(),
                "y_m": self.r_m[..., 1].ravel(),
                "z_m": self.r_m[..., 2].ravel(),
                "vx_m_s": self.v_m_s[..., 0].ravel(),
                "vy_m_s": self.v_m_s[..., 1].ravel(),
                "vz_m_s": self.v_m_s[..., 2].ravel(),
            }
        )

    def to_json(self) -> dict[str, Any]:
        """Summary (not the ephemeris): epoch, span, per-object status and decay time."""
        objects = []
        for k in range(self.status.size):
            d = self.decay_utc(k)
            objects.append(
                {
                    "object": k,
                    "status": _STATUS_TEXT[int(self.status[k])],
                    "decay_utc": None if d is None else utc_iso(d),
                    "decay_after_s": None if d is None else float(self.decay_t_s[k]),
                }
            )
        return {
            "epoch_utc": utc_iso(self.epoch),
            "span_s": float(self.t_s[-1]) if self.t_s.size else 0.0,
            "n_times": int(self.t_s.size),
            "force_model": self.force_model,
            "objects": objects,
        }


def propagate(
    epoch: Time | datetime | str,
    r0_m,
    v0_m_s,
    times_s,
    *,
    n_zonal: int = 4,
    ballistic_coefficient_kg_m2: float | None = None,
    density: DensityTable | None = None,
    third_body: bool = False,
    floor_altitude_m: float = 100_000.0,
    rtol: float = 1e-12,
    atol_m: float = 1e-6,
) -> Propagation:
    """Propagate GCRS states from ``epoch`` and return them at ``times_s`` (s after epoch).

    ``r0_m``/``v0_m_s``: (3,) or (n, 3). ``times_s``: non-decreasing, >= 0.
    ``ballistic_coefficient_kg_m2``: m / (Cd A); None or inf means no drag.
    ``atol_m``: absolute tolerance on position (m); on velocity it is atol_m / 1000 s.
    """
    t0 = to_time(epoch)
    r0 = np.atleast_2d(np.asarray(r0_m, float))
    v0 = np.atleast_2d(np.asarray(v0_m_s, float))
    if r0.shape[-1] != 3 or v0.shape != r0.shape or r0.ndim != 2:
        raise InputError("r0_m/v0_m_s", f"shapes {r0.shape}, {v0.shape}", "(3,) or (n, 3) each")
    if not (np.all(np.isfinite(r0)) and np.all(np.isfinite(v0))):
        raise InputError("state", "non-finite", "finite position and velocity")
    t_out = np.atleast_1d(np.asarray(times_s, float))
    if t_out.ndim != 1 or t_out.size == 0 or not np.all(np.isfinite(t_out)):
        raise InputError("times_s", "given", "a non-empty 1-D array of finite seconds")
    if t_out[0] < 0 or np.any(np.diff(t_out) < 0):
        raise InputError("times_s", "given", "non-decreasing seconds after the epoch, >= 0")
    if n_zonal not in (0, 2, 3, 4):
        raise InputError("n_zonal", n_zonal, "0 (point mass), 2, 3 or 4")
    inv_bc = 0.0
    if ballistic_coefficient_kg_m2 is not None and math.isfinite(ballistic_coefficient_kg_m2):
        if ballistic_coefficient_kg_m2 <= 0:
            raise InputError(
                "ballistic_coefficient_kg_m2", ballistic_coefficient_kg_m2, "> 0 (m / (Cd A))"
            )
        inv_bc = 1.0 / ballistic_coefficient_kg_m2
    table = density if density is not None else default_density_table()
    m = np.ascontiguousarray(frames.gcrs_to_itrs_matrix(t0), dtype=float)
    p = np.zeros(N_PARAMS)
    p[P_NZONAL] = n_zonal
    p[P_INV_BC] = inv_bc
    p[P_THIRD] = 1.0 if third_body else 0.0
    p[P_TT_WHOLE] = float(t0.whole)
    p[P_TT_FRAC] = float(t0.tt_fraction)
    p[P_FLOOR] = floor_altitude_m
    p[P_DENS_STEP] = table.step_m
    atol = np.array([atol_m] * 3 + [atol_m * 1e-3] * 3)
    y0 = np.ascontiguousarray(np.concatenate([r0, v0], axis=1))
    n = y0.shape[0]
    out = np.empty((n, t_out.size, 6))
    status = np.zeros(n, dtype=np.int64)
    t_event = np.full(n, np.nan)
    nfev = np.zeros(n, dtype=np.int64)
    kernel = dop853_batch if n >= _PARALLEL_MIN else dop853_serial
    kernel(
        y0,
        np.ascontiguousarray(t_out),
        p,
        m,
        table.log_density,
        rtol,
        atol,
        out,
        status,
        t_event,
        nfev,
    )
    force = {
        "gravity": f"point mass + J2..J{n_zonal} (EGM96)" if n_zonal else "point mass",
        "drag": None
        if inv_bc == 0.0
        else {"ballistic_coefficient_kg_m2": 1.0 / inv_bc, "density": table.name},
        "third_body": "Sun and Moon (Montenbruck & Gill analytic)" if third_body else None,
        "integrator": f"DOP853 (numba), rtol={rtol:g}, atol={atol_m:g} m",
        "floor_altitude_km": floor_altitude_m / 1000.0,
    }
    return Propagation(
        epoch=t0,
        t_s=t_out,
        r_m=out[..., :3],
        v_m_s=out[..., 3:],
        status=status,
        decay_t_s=t_event,
        nfev=nfev,
        force_model=force,
    )
