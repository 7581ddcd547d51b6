"""Numerical orbit propagation from GCRS states: zonal gravity J2-J4, drag, Sun and Moon.

Force model (all optional terms off by default except gravity):

* Gravity: point mass + J2, J3, J4 (EGM96) from :mod:`baiterek.earth.gravity`, evaluated about
  the Earth's true pole at the epoch (the GCRS->ITRS rotation at the epoch, frozen over the span;
  the pole moves about 0.14 arcsec per day through precession, negligible over days).
* Drag: a = -1/2 rho |v_rel| v_rel / BC with BC = m / (Cd A) (kg/m^2) the ballistic
  coefficient, v_rel = v - omega x r (atmosphere co-rotating with the Earth), rho from a
  :class:`baiterek.earth.density.DensityTable` at the geodetic altitude. Default density:
  Vallado Table 8-4 exponential model; US76 plugs in through ``DensityTable.from_function``.
* Sun and Moon (``third_body=True``): point masses at the analytic low-precision positions of
  Montenbruck & Gill, *Satellite Orbits* (2000), sec. 3.3.2, in EME2000 ~ GCRS; against SOFA's
  ``epv00`` and ``moon98`` over 2000-2050 the Sun is within 0.6 arcmin and 1e-4 in distance,
  the Moon within 5 arcmin and 450 km (``tests/unit/test_orbit_propagate.py``). Chosen over a JPL ephemeris
  because it needs no data file and runs inside the compiled kernel; the resulting third-body
  acceleration error (< 1e-3 relative) is far below the effect of density uncertainty in LEO.

Integrator: Dormand-Prince 8(5,3) (DOP853, Hairer, Norsett & Wanner, *Solving ODEs I*, II.5)
compiled with numba, with its 7th-order dense output for the requested times, a step-size
control identical to scipy's ``DOP853`` (same coefficients, imported from scipy), and a batch
of initial states run in parallel (``numba.prange``). Decay (geodetic altitude below
``floor_altitude_m``, default 100 km) is an event: the crossing is located by bisection on the
dense output, outputs after it are NaN and the state's status is ``DECAYED``; a batch keeps
going when one member decays (as in python-sgp4's array API).

Why this integrator (``benchmarks/propagation.py``: 1 day, 400 km 51.6 deg LEO, point mass +
J2, outputs every 60 s; error = maximum position difference against scipy DOP853 at rtol 1e-13
on the same model; best of repeated runs, compile/JIT time excluded; measured 2026-11-21 on the
project's shared 2-core machine, all in one process):

==================================  ===========  ===========  =======================
integrator                           time (ms)    error (m)    notes
==================================  ===========  ===========  =======================
scipy DOP853, rtol 1e-10               120-240     4.5e-3       pure Python stepping
numba DOP853 (this), rtol 1e-10        0.86-0.93   5.8e-3
numba DOP853 (this), rtol 1e-12 *      1.43-1.54   1.1e-4       * the default
heyoka 7.13.2 Taylor, tol 1e-15        0.37-0.54   5.6e-6       + 0.7 s LLVM compile
==================================  ===========  ===========  =======================

heyoka is the fastest, by 2.4x (numba at 6 mm) to 4x (numba at 0.1 mm) on this pure-gravity
case, i.e. outside the 2x goal. The time goes into DOP853's own stage arithmetic (a point-mass
and a J2 right-hand side cost the same), not into the force model, so it will not shrink much
further with this method. We keep the numba DOP853 all the same because (1) drag must take any
tabulated density (US76, Vallado's table, a user model) and heyoka needs each atmosphere
written as a closed-form symbolic expression; (2) per-object decay events, NaN rows and a batch
that keeps going are a few lines here; (3) it is 100-150x faster than scipy's DOP853 with the
same coefficients and step control, so its accuracy is that of a well-known method; (4) no
compiled dependency and no per-model LLVM compile (numba's cache makes later processes start in
~0.3 s). One day of LEO in ~1.5 ms is far from being the bottleneck of any product here. If it
becomes one (large Monte Carlo of conservative-force orbits), heyoka's ensemble propagation is
the upgrade path; the benchmark keeps both in the same script to re-decide on numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numba import njit, prange
from scipy.integrate._ivp import dop853_coefficients as _dc
from skyfield.timelib import Time

from baiterek.constants import (
    MU_MOON,
    MU_SUN,
    OBLIQUITY_J2000,
    OMEGA_EARTH,
    SECONDS_PER_DAY,
    WGS84_A,
)
from baiterek.earth import frames
from baiterek.earth.density import DensityTable, default_density_table
from baiterek.earth.geodesy import ecef_to_geodetic_scalar
from baiterek.earth.gravity import zonal_acceleration
from baiterek.earth.time import offset_time, to_time, utc_datetime, utc_iso
from baiterek.errors import InputError

__all__ = ["propagate", "Propagation", "OK", "DECAYED", "FAILED", "sun_moon_positions"]

OK = 0
"""Status: propagated over the whole span."""
DECAYED = 1
"""Status: altitude fell below the floor; ``decay_t_s`` holds the time."""
FAILED = 2
"""Status: the integrator could not continue (step too small or non-finite state)."""

_ALT_EXACT_BELOW_M = 2_000_000.0  # above this bound the altitude is only compared with the floor
_PARALLEL_MIN = 4  # below this many states, threads cost more than they save

_STATUS_TEXT = {OK: "ok", DECAYED: "decayed", FAILED: "failed"}

# DOP853 tableau (Hairer's coefficients as shipped with scipy).
_A = np.ascontiguousarray(_dc.A, dtype=np.float64)
_B = np.ascontiguousarray(_dc.B, dtype=np.float64)
_C = np.ascontiguousarray(_dc.C, dtype=np.float64)
_E3 = np.ascontiguousarray(_dc.E3, dtype=np.float64)
_E5 = np.ascontiguousarray(_dc.E5, dtype=np.float64)
_D = np.ascontiguousarray(_dc.D, dtype=np.float64)

_ARCSEC = math.pi / (180.0 * 3600.0)
_DEG = math.pi / 180.0

# layout of the float parameter vector passed to the kernel
_P_NZONAL, _P_INV_BC, _P_THIRD, _P_TT_WHOLE, _P_TT_FRAC, _P_FLOOR, _P_DENS_STEP = range(7)


@njit(cache=True)
def _sun_position(jd_tt: float) -> tuple[float, float, float]:
    """Sun position (m) in EME2000, Montenbruck & Gill (2000) eqs. 3.43-3.46 (perigee drift added)."""
    t = (jd_tt - 2451545.0) / 36525.0
    m = (357.5256 + 35999.049 * t) * _DEG
    # The longitude of perigee in the fixed J2000 ecliptic drifts +0.3233 deg/century (Standish,
    # "Keplerian Elements for Approximate Positions of the Major Planets", JPL, Table 1, EM
    # barycentre); M&G hold it at 282.94 deg, which is 5 arcmin off by 2026. With the drift the
    # direction agrees with SOFA's epv00 to 0.6 arcmin over 2000-2050 (tests).
    varpi = (282.9400 + 0.3233 * t) * _DEG
    lam = varpi + m + (6892.0 * math.sin(m) + 72.0 * math.sin(2.0 * m)) * _ARCSEC
    r = (149.619 - 2.499 * math.cos(m) - 0.021 * math.cos(2.0 * m)) * 1e9
    ce, se = math.cos(OBLIQUITY_J2000), math.sin(OBLIQUITY_J2000)
    x = r * math.cos(lam)
    y = r * math.sin(lam)
    return x, y * ce, y * se


@njit(cache=True)
def _moon_position(jd_tt: float) -> tuple[float, float, float]:
    """Moon position (m) in EME2000, Montenbruck & Gill (2000) eqs. 3.47-3.48."""
    t = (jd_tt - 2451545.0) / 36525.0
    l0 = (218.31617 + 481267.88088 * t - 1.3972 * t) * _DEG
    l = (134.96292 + 477198.86753 * t) * _DEG  # noqa: E741
    lp = (357.52543 + 35999.04944 * t) * _DEG
    f = (93.27283 + 483202.01873 * t) * _DEG
    d = (297.85027 + 445267.11135 * t) * _DEG
    lam = l0 + _ARCSEC * (
        22640.0 * math.sin(l)
        + 769.0 * math.sin(2 * l)
        - 4586.0 * math.sin(l - 2 * d)
        + 2370.0 * math.sin(2 * d)
        - 668.0 * math.sin(lp)
        - 412.0 * math.sin(2 * f)
        - 212.0 * math.sin(2 * l - 2 * d)
        - 206.0 * math.sin(l + lp - 2 * d)
        + 192.0 * math.sin(l + 2 * d)
        - 165.0 * math.sin(lp - 2 * d)
        + 148.0 * math.sin(l - lp)
        - 125.0 * math.sin(d)
        - 110.0 * math.sin(l + lp)
        - 55.0 * math.sin(2 * f - 2 * d)
    )
    beta = _ARCSEC * (
        18520.0
        * math.sin(f + lam - l0 + _ARCSEC * (412.0 * math.sin(2 * f) + 541.0 * math.sin(lp)))
        - 526.0 * math.sin(f - 2 * d)
        + 44.0 * math.sin(l + f - 2 * d)
        - 31.0 * math.sin(-l + f - 2 * d)
        - 25.0 * math.sin(-2 * l + f)
        - 23.0 * math.sin(lp + f - 2 * d)
        + 21.0 * math.sin(-l + f)
        + 11.0 * math.sin(-lp + f - 2 * d)
    )
    r = 1e3 * (
        385000.0
        - 20905.0 * math.cos(l)
        - 3699.0 * math.cos(2 * d - l)
        - 2956.0 * math.cos(2 * d)
        - 570.0 * math.cos(2 * l)
        + 246.0 * math.cos(2 * l - 2 * d)
        - 205.0 * math.cos(lp - 2 * d)
        - 171.0 * math.cos(l + 2 * d)
        - 152.0 * math.cos(l + lp - 2 * d)
    )
    ce, se = math.cos(OBLIQUITY_J2000), math.sin(OBLIQUITY_J2000)
    x = r * math.cos(lam) * math.cos(beta)
    y = r * math.sin(lam) * math.cos(beta)
    z = r * math.sin(beta)
    return x, y * ce - z * se, y * se + z * ce


def sun_moon_positions(t: Time) -> tuple[np.ndarray, np.ndarray]:
    """Analytic Sun and Moon positions (m, EME2000 ~ GCRS) at skyfield times, shapes (..., 3)."""
    jd = np.atleast_1d(t.whole + t.tt_fraction)
    sun = np.array([_sun_position(j) for j in jd.ravel()]).reshape(jd.shape + (3,))
    moon = np.array([_moon_position(j) for j in jd.ravel()]).reshape(jd.shape + (3,))
    if np.ndim(t.tt) == 0:
        return sun[0], moon[0]
    return sun, moon


@njit(cache=True, error_model="numpy")
def _third_body(x, y, z, sx, sy, sz, mu):
    dx, dy, dz = sx - x, sy - y, sz - z
    d3 = (dx * dx + dy * dy + dz * dz) ** 1.5
    s3 = (sx * sx + sy * sy + sz * sz) ** 1.5
    return (
        mu * (dx / d3 - sx / s3),
        mu * (dy / d3 - sy / s3),
        mu * (dz / d3 - sz / s3),
    )


@njit(cache=True, error_model="numpy")
def _density(h, log_rho, step):
    if h < 0.0:
        h = 0.0
    xk = h / step
    k = int(xk)
    if k >= log_rho.size - 1:
        return 0.0
    f = xk - k
    return math.exp(log_rho[k] * (1.0 - f) + log_rho[k + 1] * f)


@njit(cache=True, error_model="numpy", inline="always")
def _deriv(t, s, out, row, p, m, log_rho):
    """ds/dt of s = (r, v) in GCRS into out[row]; m is the GCRS->Earth-fixed rotation at epoch."""
    x, y, z = s[0], s[1], s[2]
    vx, vy, vz = s[3], s[4], s[5]
    xb = m[0, 0] * x + m[0, 1] * y + m[0, 2] * z
    yb = m[1, 0] * x + m[1, 1] * y + m[1, 2] * z
    zb = m[2, 0] * x + m[2, 1] * y + m[2, 2] * z
    gx, gy, gz = zonal_acceleration(xb, yb, zb, int(p[_P_NZONAL]))
    ax = m[0, 0] * gx + m[1, 0] * gy + m[2, 0] * gz
    ay = m[0, 1] * gx + m[1, 1] * gy + m[2, 1] * gz
    az = m[0, 2] * gx + m[1, 2] * gy + m[2, 2] * gz
    inv_bc = p[_P_INV_BC]
    if inv_bc > 0.0:
        _, _, h = ecef_to_geodetic_scalar(xb, yb, zb)
        rho = _density(h, log_rho, p[_P_DENS_STEP])
        if rho > 0.0:
            wx = OMEGA_EARTH * m[2, 0]
            wy = OMEGA_EARTH * m[2, 1]
            wz = OMEGA_EARTH * m[2, 2]
            rvx = vx - (wy * z - wz * y)
            rvy = vy - (wz * x - wx * z)
            rvz = vz - (wx * y - wy * x)
            k = -0.5 * rho * inv_bc * math.sqrt(rvx * rvx + rvy * rvy + rvz * rvz)
            ax += k * rvx
            ay += k * rvy
            az += k * rvz
    if p[_P_THIRD] > 0.0:
        jd = p[_P_TT_WHOLE] + (p[_P_TT_FRAC] + t / SECONDS_PER_DAY)
        sx, sy, sz = _sun_position(jd)
        tx, ty, tz = _third_body(x, y, z, sx, sy, sz, MU_SUN)
        ax += tx
        ay += ty
        az += tz
        sx, sy, sz = _moon_position(jd)
        tx, ty, tz = _third_body(x, y, z, sx, sy, sz, MU_MOON)
        ax += tx
        ay += ty
        az += tz
    out[row, 0] = vx
    out[row, 1] = vy
    out[row, 2] = vz
    out[row, 3] = ax
    out[row, 4] = ay
    out[row, 5] = az


@njit(cache=True, error_model="numpy")
def _altitude(s, m):
    """Geodetic altitude (m); above the floor test, the cheap bound |r| - a <= h is enough."""
    r = math.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2])
    if r - WGS84_A > _ALT_EXACT_BELOW_M:
        return r - WGS84_A
    xb = m[0, 0] * s[0] + m[0, 1] * s[1] + m[0, 2] * s[2]
    yb = m[1, 0] * s[0] + m[1, 1] * s[1] + m[1, 2] * s[2]
    zb = m[2, 0] * s[0] + m[2, 1] * s[1] + m[2, 2] * s[2]
    _, _, h = ecef_to_geodetic_scalar(xb, yb, zb)
    return h


@njit(cache=True, error_model="numpy")
def _dense(F, y_old, x, out):
    for c in range(6):
        acc = 0.0
        for i in range(7):
            acc += F[6 - i, c]
            if i % 2 == 0:
                acc *= x
            else:
                acc *= 1.0 - x
        out[c] = acc + y_old[c]


@njit(cache=True, error_model="numpy")
def _rms_scaled(a, scale):
    acc = 0.0
    for c in range(6):
        q = a[c] / scale[c]
        acc += q * q
    return math.sqrt(acc / 6.0)


@njit(cache=True, error_model="numpy")
def _dop853_one(y0, t_out, p, m, log_rho, rtol, atol, A, B, C, E3, E5, D, out):
    """Integrate one state; fill out (len(t_out), 6). Returns (status, t_event, nfev)."""
    n_out = t_out.size
    K = np.zeros((16, 6))
    F = np.zeros((7, 6))
    y = y0.copy()
    y_new = np.empty(6)
    tmp = np.empty(6)
    f = np.empty(6)
    f2 = np.empty((1, 6))
    scale = np.empty(6)
    floor = p[_P_FLOOR]
    out[:, :] = np.nan
    t = 0.0
    _deriv(t, y, f2, 0, p, m, log_rho)
    for c in range(6):
        f[c] = f2[0, c]
    nfev = 1
    j = 0
    if _altitude(y, m) < floor:
        return 1, 0.0, nfev
    while j < n_out and t_out[j] <= 0.0:
        out[j, :] = y
        j += 1
    t_end = t_out[n_out - 1]
    if j >= n_out:
        return 0, np.nan, nfev
    # initial step (Hairer, Norsett & Wanner II.4; as scipy's select_initial_step)
    for c in range(6):
        scale[c] = atol[c] + abs(y[c]) * rtol
    d0 = _rms_scaled(y, scale)
    d1 = _rms_scaled(f, scale)
    h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
    h0 = min(h0, t_end)
    for c in range(6):
        tmp[c] = y[c] + h0 * f[c]
    _deriv(t + h0, tmp, K, 1, p, m, log_rho)
    nfev += 1
    for c in range(6):
        tmp[c] = K[1, c] - f[c]
    d2 = _rms_scaled(tmp, scale) / h0
    dmax = max(d1, d2)
    h1 = max(1e-6, h0 * 1e-3) if dmax <= 1e-15 else (0.01 / dmax) ** (1.0 / 9.0)
    h_abs = min(100.0 * h0, h1)
    err_exp = -1.0 / 8.0
    n_steps = 0
    while t < t_end:
        rejected = False
        while True:
            if h_abs < 1e-9 or n_steps > 10_000_000:
                return 2, t, nfev
            t_new = t + h_abs
            if t_new > t_end:
                t_new = t_end
            h = t_new - t
            for c in range(6):
                K[0, c] = f[c]
            for s in range(1, 12):
                for c in range(6):
                    acc = 0.0
                    for k in range(s):
                        acc += A[s, k] * K[k, c]
                    tmp[c] = y[c] + h * acc
                _deriv(t + C[s] * h, tmp, K, s, p, m, log_rho)
            for c in range(6):
                acc = 0.0
                for k in range(12):
                    acc += B[k] * K[k, c]
                y_new[c] = y[c] + h * acc
            _deriv(t + h, y_new, K, 12, p, m, log_rho)
            nfev += 12
            e5 = 0.0
            e3 = 0.0
            finite = True
            for c in range(6):
                sc = atol[c] + max(abs(y[c]), abs(y_new[c])) * rtol
                a5 = 0.0
                a3 = 0.0
                for k in range(13):
                    a5 += E5[k] * K[k, c]
                    a3 += E3[k] * K[k, c]
                a5 /= sc
                a3 /= sc
                e5 += a5 * a5
                e3 += a3 * a3
                if not math.isfinite(y_new[c]):
                    finite = False
            if not finite:
                return 2, t, nfev
            if e5 == 0.0 and e3 == 0.0:
                err = 0.0
            else:
                err = h * e5 / math.sqrt((e5 + 0.01 * e3) * 6.0)
            if err < 1.0:
                factor = 10.0 if err == 0.0 else min(10.0, 0.9 * err**err_exp)
                if rejected:
                    factor = min(1.0, factor)
                h_abs *= factor
                break
            h_abs *= max(0.2, 0.9 * err**err_exp)
            rejected = True
        n_steps += 1
        alt_new = _altitude(y_new, m)
        decayed = alt_new < floor
        if decayed or (j < n_out and t_out[j] <= t_new):
            for s in range(13, 16):
                for c in range(6):
                    acc = 0.0
                    for k in range(s):
                        acc += A[s, k] * K[k, c]
                    tmp[c] = y[c] + h * acc
                _deriv(t + C[s] * h, tmp, K, s, p, m, log_rho)
            nfev += 3
            for c in range(6):
                dy = y_new[c] - y[c]
                F[0, c] = dy
                F[1, c] = h * K[0, c] - dy
                F[2, c] = 2.0 * dy - h * (K[12, c] + K[0, c])
                for r in range(4):
                    acc = 0.0
                    for k in range(16):
                        acc += D[r, k] * K[k, c]
                    F[3 + r, c] = h * acc
        t_stop = t_new
        if decayed:
            lo, hi = 0.0, 1.0
            for _ in range(60):
                mid = 0.5 * (lo + hi)
                _dense(F, y, mid, tmp)
                if _altitude(tmp, m) < floor:
                    hi = mid
                else:
                    lo = mid
            t_stop = t + hi * h
        while j < n_out and t_out[j] <= t_stop:
            if t_out[j] == t_new:
                out[j, :] = y_new
            else:
                _dense(F, y, (t_out[j] - t) / h, out[j])
            j += 1
        if decayed:
            return 1, t_stop, nfev
        t = t_new
        for c in range(6):
            y[c] = y_new[c]
            f[c] = K[12, c]
    return 0, np.nan, nfev


@njit(cache=True, parallel=True)
def _dop853_batch(y0, t_out, p, m, log_rho, rtol, atol, out, status, t_event, nfev):
    for i in prange(y0.shape[0]):
        st, te, nf = _dop853_one(
            y0[i], t_out, p, m, log_rho, rtol, atol, _A, _B, _C, _E3, _E5, _D, out[i]
        )
        status[i] = st
        t_event[i] = te
        nfev[i] = nf


@njit(cache=True)
def _dop853_serial(y0, t_out, p, m, log_rho, rtol, atol, out, status, t_event, nfev):
    for i in range(y0.shape[0]):
        st, te, nf = _dop853_one(
            y0[i], t_out, p, m, log_rho, rtol, atol, _A, _B, _C, _E3, _E5, _D, out[i]
        )
        status[i] = st
        t_event[i] = te
        nfev[i] = nf


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
    p = np.zeros(7)
    p[_P_NZONAL] = n_zonal
    p[_P_INV_BC] = inv_bc
    p[_P_THIRD] = 1.0 if third_body else 0.0
    p[_P_TT_WHOLE] = float(t0.whole)
    p[_P_TT_FRAC] = float(t0.tt_fraction)
    p[_P_FLOOR] = floor_altitude_m
    p[_P_DENS_STEP] = table.step_m
    atol = np.array([atol_m] * 3 + [atol_m * 1e-3] * 3)
    y0 = np.ascontiguousarray(np.concatenate([r0, v0], axis=1))
    n = y0.shape[0]
    out = np.empty((n, t_out.size, 6))
    status = np.zeros(n, dtype=np.int64)
    t_event = np.full(n, np.nan)
    nfev = np.zeros(n, dtype=np.int64)
    kernel = _dop853_batch if n >= _PARALLEL_MIN else _dop853_serial
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
