"""Batched zero-revolution Lambert arcs through lamberthub's ``izzo2015`` (Izzo 2015).

The solver is lamberthub's own numba function; this module only loops over it inside one compiled
function (no per-arc Python call) and handles frames. lamberthub calls a transfer prograde when
its angular momentum has a positive z component, so arcs are solved in the ecliptic of J2000
(where every prograde heliocentric transfer has h_z > 0) and rotated back to ICRF. The transfer
angle, measured in the prograde sense, is below 180 deg for a Type I arc, above for a Type II.
A failed arc (the solver raises, or a degenerate geometry) gives NaN velocities, never an
exception for the batch.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from lamberthub import izzo2015

from baiterek._jit_cache import drop_stale
from baiterek.constants import OBLIQUITY_J2000

__all__ = ["TYPE_I", "TYPE_II", "lambert_batch", "transfer_type"]

TYPE_I, TYPE_II = 1, 2

_C, _S = math.cos(OBLIQUITY_J2000), math.sin(OBLIQUITY_J2000)
ICRF_TO_ECLIPTIC = np.array([[1.0, 0.0, 0.0], [0.0, _C, _S], [0.0, -_S, _C]])
"""Rotation from ICRF (equatorial) to the ecliptic of J2000 (about x by the obliquity)."""


@numba.njit(cache=True)
def _solve_all(
    mu: float, r1: np.ndarray, r2: np.ndarray, tof: np.ndarray, atol: float, rtol: float
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    n = r1.shape[0]
    v1 = np.full((n, 3), np.nan)
    v2 = np.full((n, 3), np.nan)
    for i in range(n):
        if not tof[i] > 0.0:
            continue
        c = np.cross(r1[i], r2[i])
        if np.sqrt(c[0] ** 2 + c[1] ** 2 + c[2] ** 2) < 1e-12 * np.dot(r1[i], r1[i]):
            continue  # collinear positions: the transfer plane is undefined
        a, b = izzo2015(mu, r1[i], r2[i], tof[i], 0, True, True, 35, atol, rtol)
        v1[i] = a
        v2[i] = b
    return v1, v2


def _solve_python(
    mu: float, r1: np.ndarray, r2: np.ndarray, tof: np.ndarray, atol: float, rtol: float
) -> tuple[np.ndarray, np.ndarray]:
    """The same loop, one arc at a time, keeping going past an arc the solver refuses."""
    n = r1.shape[0]
    v1, v2 = np.full((n, 3), np.nan), np.full((n, 3), np.nan)
    for i in range(n):
        if not tof[i] > 0.0 or np.linalg.norm(np.cross(r1[i], r2[i])) < 1e-12 * (r1[i] @ r1[i]):
            continue
        try:
            v1[i], v2[i] = izzo2015(mu, r1[i], r2[i], float(tof[i]), 0, True, True, 35, atol, rtol)
        except (ValueError, RuntimeError, ZeroDivisionError):
            continue
    return v1, v2


def transfer_type(r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """TYPE_I (prograde transfer angle < 180 deg) or TYPE_II per arc; ICRF positions (..., 3)."""
    h = np.cross(r1 @ ICRF_TO_ECLIPTIC.T, r2 @ ICRF_TO_ECLIPTIC.T)
    return np.where(h[..., 2] >= 0.0, TYPE_I, TYPE_II)


def lambert_batch(
    mu: float,
    r1: np.ndarray,
    r2: np.ndarray,
    tof: np.ndarray,
    *,
    atol: float = 1e-10,
    rtol: float = 1e-12,
) -> tuple[np.ndarray, np.ndarray]:
    """Prograde zero-revolution Lambert arcs: (v1, v2), m/s, ICRF, shapes (..., 3).

    ``mu`` m^3/s^2; ``r1``, ``r2`` ICRF positions, m, (..., 3); ``tof`` s, (...). NaN rows where
    no arc was found. ``atol``/``rtol``: izzo2015's tolerances on its (dimensionless) iteration
    variable, tighter than its defaults so that a cross-check against another solver holds to
    1e-6.
    """
    r1 = np.asarray(r1, float)
    r2 = np.asarray(r2, float)
    tof = np.asarray(tof, float)
    shape = np.broadcast_shapes(r1.shape, r2.shape, (*tof.shape, 3))
    a = np.ascontiguousarray(np.broadcast_to(r1, shape).reshape(-1, 3) @ ICRF_TO_ECLIPTIC.T)
    b = np.ascontiguousarray(np.broadcast_to(r2, shape).reshape(-1, 3) @ ICRF_TO_ECLIPTIC.T)
    t = np.ascontiguousarray(np.broadcast_to(tof, shape[:-1]).reshape(-1))
    try:
        v1, v2 = _solve_all(float(mu), a, b, t, atol, rtol)
    except (ValueError, RuntimeError, ZeroDivisionError):
        v1, v2 = _solve_python(float(mu), a, b, t, atol, rtol)
    return (v1 @ ICRF_TO_ECLIPTIC).reshape(shape), (v2 @ ICRF_TO_ECLIPTIC).reshape(shape)


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
