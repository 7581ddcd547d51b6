"""Compiled ballistic fall of many bodies at once (numba, ``prange`` over bodies x samples).

Same physics as the ascent, without thrust: launch frame (Earth-centred, inertial, axes = ITRS at
liftoff), zonal gravity J2-J4 (``earth.gravity``), US76 density and speed of sound
(``earth.atmosphere.us76``) at the geodetic height on WGS-84, drag along the air-relative
velocity (Earth rotation and the wind profile of ``earth.wind`` removed, as in the ascent
kernel), drag area Cd x A interpolated against Mach per body.

Integrator: classical RK4 (the ascent kernel's), with a step of ``DT_VACUUM`` above
``H_VACUUM`` and ``DT_ATMOSPHERE`` below, shortened to ``DRAG_FRACTION`` of the drag time scale
v / a_drag (a light fairing half at terminal speed: about 1 s) and scaled by ``step_scale``
(the convergence test halves it). Events located inside the step by the Illinois variant of
regula falsi on RK4 sub-steps from the step's start: the apogee (r . v = 0 from above), the
downward crossing of 100 km and the impact (geodetic height = ground height).

A body whose osculating (point-mass) perigee at separation is above ``PERIGEE_ORBITAL`` is
ORBITAL at once; any other body still aloft after ``t_max`` is ORBITAL too (hyperbolic and
ascending: ORBITAL). A non-finite state or too many steps: FAILED.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit, prange

from baiterek._jit_cache import drop_stale
from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A
from baiterek.earth.atmosphere import us76
from baiterek.earth.geodesy import BOWRING_ITERATIONS, geodetic_sincos
from baiterek.earth.gravity import zonal_acceleration
from baiterek.earth.wind import wind_enu

IMPACT, ORBITAL, FAILED = 0, 1, 2

DT_VACUUM = 4.0
"""RK4 step above H_VACUUM, s."""
DT_ATMOSPHERE = 2.0
"""RK4 step below H_VACUUM, s."""
H_VACUUM = 120e3
"""Height above which drag is negligible for the step choice, m."""
DRAG_FRACTION = 0.5
"""Largest step as a fraction of the drag time scale |v_air| / |a_drag|: the quadratic drag's
rate 2 |a_drag| / |v_air| times the step is then 1, well inside RK4's stability limit 2.8."""
H_100KM = 100e3
PERIGEE_ORBITAL = 150e3
"""Osculating perigee height above the equatorial radius beyond which a body is orbital, m."""
MAX_STEPS = 2_000_000

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@njit(cache=True, inline="always")
def _height(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Geodetic height (m), sine and cosine of the geodetic latitude (longitude does not enter):
    ``earth.geodesy.geodetic_sincos``, the project's one conversion, with its exact iterations."""
    h, sl, cl = geodetic_sincos(np.sqrt(x * x + y * y), z, BOWRING_ITERATIONS)
    return h, sl, cl


@njit(cache=True, inline="always")
def _interp(x: float, xs: Array, ys: Array) -> float:
    """Linear interpolation in a short increasing table, clamped at both ends (np.interp costs
    ten times as much in numba for one point)."""
    n = xs.shape[0]
    if n == 1 or x <= xs[0]:
        return float(ys[0])
    if x >= xs[n - 1]:
        return float(ys[n - 1])
    lo = 0
    hi = n - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if xs[mid] <= x:
            lo = mid
        else:
            hi = mid
    return float(ys[lo] + (x - xs[lo]) / (xs[hi] - xs[lo]) * (ys[hi] - ys[lo]))


@njit(cache=True)
def _deriv(
    s: Array, mach_t: Array, cda_t: Array, rho_scale: float, wa: Array, we: Array, wn: Array,
    d: Array,
) -> tuple[float, float]:  # fmt: skip
    """d(s)/dt into d (6,) for s = [r, v] (mass constant); ``cda_t``: Cd A / m (m^2/kg) against
    Mach ``mach_t``; returns |a_drag| and |v_air|."""
    x, y, z = s[0], s[1], s[2]
    ax, ay, az = zonal_acceleration(x, y, z, 4)
    h, sl, cl = _height(x, y, z)
    tmp, p, rho, a_sound = us76(h)
    vx = s[3] + OMEGA_EARTH * y
    vy = s[4] - OMEGA_EARTH * x
    vz = s[5]
    if wa.shape[0] > 0:
        e, n = wind_enu(h, wa, we, wn)
        if e != 0.0 or n != 0.0:
            pxy = np.sqrt(x * x + y * y)
            co = x / pxy
            so = y / pxy
            vx -= -e * so - n * sl * co
            vy -= e * co - n * sl * so
            vz -= n * cl
    v = np.sqrt(vx * vx + vy * vy + vz * vz)
    a_drag = 0.0
    rho *= rho_scale
    if v > 1e-9 and rho > 0.0:
        cda = _interp(v / a_sound, mach_t, cda_t)
        k = 0.5 * rho * v * cda  # cda is Cd A / m (m^2/kg)
        ax -= k * vx
        ay -= k * vy
        az -= k * vz
        a_drag = k * v
    d[0] = s[3]
    d[1] = s[4]
    d[2] = s[5]
    d[3] = ax
    d[4] = ay
    d[5] = az
    return a_drag, v


@njit(cache=True)
def _rk4(
    s: Array, dt: float, k1: Array, mach_t: Array, cda_t: Array, rho_scale: float, wa: Array,
    we: Array, wn: Array, work: Array, out: Array,
) -> None:  # fmt: skip
    k2 = work[0]
    k3 = work[1]
    k4 = work[2]
    tmp = work[3]
    for j in range(6):
        tmp[j] = s[j] + 0.5 * dt * k1[j]
    _deriv(tmp, mach_t, cda_t, rho_scale, wa, we, wn, k2)
    for j in range(6):
        tmp[j] = s[j] + 0.5 * dt * k2[j]
    _deriv(tmp, mach_t, cda_t, rho_scale, wa, we, wn, k3)
    for j in range(6):
        tmp[j] = s[j] + dt * k3[j]
    _deriv(tmp, mach_t, cda_t, rho_scale, wa, we, wn, k4)
    for j in range(6):
        out[j] = s[j] + dt / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j])


@njit(cache=True, inline="always")
def _event_value(kind: int, s: Array, level: float) -> float:
    """0: geodetic height - level (m); 1: r . v (m^2/s), zero at the apogee."""
    if kind == 0:
        h, sl, cl = _height(s[0], s[1], s[2])
        return h - level
    return float(s[0] * s[3] + s[1] * s[4] + s[2] * s[5])


@njit(cache=True)
def _locate(
    kind: int, level: float, s: Array, g0: float, dt: float, g1: float, k1: Array, mach_t: Array,
    cda_t: Array, rho_scale: float, wa: Array, we: Array, wn: Array, work: Array, out: Array,
) -> float:  # fmt: skip
    """Sub-step a in [0, dt] where the event value crosses zero (Illinois regula falsi); the
    state after a is left in ``out``. g0 at a = 0 and g1 at a = dt have opposite signs."""
    a0, a1 = 0.0, dt
    side = 0
    a = dt
    for _ in range(60):
        a = (a0 * g1 - a1 * g0) / (g1 - g0)
        _rk4(s, a, k1, mach_t, cda_t, rho_scale, wa, we, wn, work, out)
        g = _event_value(kind, out, level)
        if abs(g) < (1e-4 if kind == 0 else 1e-3) or a1 - a0 < 1e-10:
            return a
        if (g > 0.0) == (g1 > 0.0):
            a1, g1 = a, g
            if side == -1:
                g0 *= 0.5
            side = -1
        else:
            a0, g0 = a, g
            if side == 1:
                g1 *= 0.5
            side = 1
    return a


@njit(cache=True)
def fall_one(
    s0: Array, t0: float, mach_t: Array, cda_t: Array, rho_scale: float, wa: Array, we: Array,
    wn: Array, h_ground: float, step_scale: float, t_max: float, out_s: Array, out_t: Array,
) -> tuple[int, int]:  # fmt: skip
    """Fly one body from (t0, s0 = [r, v], 6) to the ground; ``cda_t``: Cd A / m (m^2/kg).

    ``out_s`` (3, 6) receives the states at impact, at 100 km (descending) and at the apogee;
    ``out_t`` (3,) their times (NaN when not reached). Returns the status and the number of
    integrator steps taken.
    """
    for j in range(3):
        out_t[j] = np.nan
        for c in range(6):
            out_s[j, c] = np.nan
    for j in range(6):
        if not np.isfinite(s0[j]):
            return FAILED, 0
    if not np.isfinite(t0):
        return FAILED, 0
    # osculating point-mass orbit at separation: orbital bodies are not flown
    r = np.sqrt(s0[0] ** 2 + s0[1] ** 2 + s0[2] ** 2)
    v2 = s0[3] ** 2 + s0[4] ** 2 + s0[5] ** 2
    rv = s0[0] * s0[3] + s0[1] * s0[4] + s0[2] * s0[5]
    energy = 0.5 * v2 - MU_EARTH / r
    hx = s0[1] * s0[5] - s0[2] * s0[4]
    hy = s0[2] * s0[3] - s0[0] * s0[5]
    hz = s0[0] * s0[4] - s0[1] * s0[3]
    h2 = hx * hx + hy * hy + hz * hz
    if energy >= 0.0 and rv >= 0.0:
        return ORBITAL, 0
    if energy < 0.0:
        a_sm = -MU_EARTH / (2.0 * energy)
        ecc = np.sqrt(max(0.0, 1.0 - h2 / (MU_EARTH * a_sm)))
        if a_sm * (1.0 - ecc) - WGS84_A > PERIGEE_ORBITAL:
            return ORBITAL, 0
    s = s0.copy()
    s_new = np.empty(6)
    k1 = np.empty(6)
    work = np.empty((4, 6))
    t = t0
    t_end = t0 + t_max  # t_max is counted from the separation
    if rv <= 0.0:  # separated descending: the apogee is the separation point
        out_t[2] = t0
        out_s[2] = s0
    h_old, sl, cl = _height(s[0], s[1], s[2])
    if h_old <= h_ground:
        out_t[0] = t0
        out_s[0] = s0
        return IMPACT, 0
    for n_steps in range(MAX_STEPS):
        a_drag, v_air = _deriv(s, mach_t, cda_t, rho_scale, wa, we, wn, k1)
        dt = DT_VACUUM if h_old > H_VACUUM else DT_ATMOSPHERE
        if a_drag > 0.0:
            dt = min(dt, DRAG_FRACTION * v_air / a_drag)
        dt = max(dt * step_scale, 1e-4)
        if t + dt > t_end:
            dt = t_end - t
        _rk4(s, dt, k1, mach_t, cda_t, rho_scale, wa, we, wn, work, s_new)
        h_new, sl, cl = _height(s_new[0], s_new[1], s_new[2])
        if not (np.isfinite(h_new) and np.isfinite(s_new[3] + s_new[4] + s_new[5])):
            return FAILED, n_steps + 1
        if np.isnan(out_t[2]):
            g1 = _event_value(1, s_new, 0.0)
            if g1 <= 0.0:
                g0 = _event_value(1, s, 0.0)
                a = _locate(1, 0.0, s, g0, dt, g1, k1, mach_t, cda_t, rho_scale, wa, we, wn,
                            work, out_s[2])  # fmt: skip
                out_t[2] = t + a
        if np.isnan(out_t[1]) and h_old >= H_100KM > h_new:
            a = _locate(0, H_100KM, s, h_old - H_100KM, dt, h_new - H_100KM, k1, mach_t, cda_t,
                        rho_scale, wa, we, wn, work, out_s[1])  # fmt: skip
            out_t[1] = t + a
        if h_new <= h_ground:
            a = _locate(0, h_ground, s, h_old - h_ground, dt, h_new - h_ground, k1, mach_t,
                        cda_t, rho_scale, wa, we, wn, work, out_s[0])  # fmt: skip
            out_t[0] = t + a
            return IMPACT, n_steps + 1
        t += dt
        s, s_new = s_new, s
        h_old = h_new
        if t >= t_end - 1e-9:
            return ORBITAL, n_steps + 1
    return FAILED, MAX_STEPS


def _fall_many(
    s0: Array, t0: Array, bidx: IntArray, widx: IntArray, mach_tab: Array, cda_tab: Array,
    n_tab: IntArray, rho_scale: Array, cda_scale: Array, wa: Array, we: Array, wn: Array,
    h_ground: float, step_scale: float, t_max: float,
) -> tuple[IntArray, Array, Array, IntArray]:  # fmt: skip
    """Fly N bodies: s0 (N, 7) with the mass last, t0 (N,), body index (N,) into the per-body
    tables of Mach and Cd A (m^2) (nb, K) with n_tab (nb,) valid entries; rho_scale (N,),
    cda_scale (N,); wind: altitudes wa (K,) and east, north components (W, K), row widx (N,)
    for each body. Returns status (N,), states (N, 3, 6) and times (N, 3) at impact, 100 km and
    apogee, and the integrator steps (N,)."""
    n = s0.shape[0]
    status = np.empty(n, np.int64)
    steps = np.empty(n, np.int64)
    out_s = np.empty((n, 3, 6))
    out_t = np.empty((n, 3))
    for i in prange(n):
        b = bidx[i]
        k = n_tab[b]
        mach_t = mach_tab[b, :k]
        cda_t = cda_tab[b, :k] * (cda_scale[i] / s0[i, 6])
        status[i], steps[i] = fall_one(
            s0[i, :6], t0[i], mach_t, cda_t, rho_scale[i], wa, we[widx[i]], wn[widx[i]], h_ground,
            step_scale, t_max, out_s[i], out_t[i],
        )  # fmt: skip
    return status, out_s, out_t, steps


PARALLEL_MIN_BATCH = 32
"""Smaller batches run on one thread (starting OpenMP threads costs more than a few falls)."""

fall_many_parallel = njit(cache=True, parallel=True)(_fall_many)
fall_many_serial = njit(cache=True)(_fall_many)

# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
