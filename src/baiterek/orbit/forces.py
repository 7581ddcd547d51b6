"""Force model of the orbit propagator: zonal gravity J2-J4, drag, Sun and Moon.

Force model (all optional terms off by default except gravity):

* Gravity: point mass + J2, J3, J4 (EGM96) from :mod:`baiterek.earth.gravity`, evaluated about
  the Earth's true pole at the epoch (the GCRS->ITRS rotation at the epoch, frozen over the span;
  the pole moves about 0.14 arcsec per day through precession, negligible over days).
* Drag: a = -1/2 rho |v_rel| v_rel / BC with BC = m / (Cd A) (kg/m^2) the ballistic
  coefficient, v_rel = v - omega x r (atmosphere co-rotating with the Earth), rho from a
  :class:`baiterek.earth.density.DensityTable` at the geodetic altitude. Default density:
  Vallado Table 8-4 exponential model; US76 plugs in through ``DensityTable.from_function``.
* Sun and Moon (``third_body=True``): point masses at the analytic low-precision positions of
  Montenbruck & Gill, *Satellite Orbits* (2000), sec. 3.3.2, in EME2000 ~ GCRS, from
  :mod:`baiterek.earth.ephemeris` (their one owner; its compiled scalar kernels are called here).
  Chosen over a JPL ephemeris because it needs no data file and runs inside the compiled kernel;
  the resulting third-body acceleration error (< 1e-3 relative) is far below the effect of
  density uncertainty in LEO.

Right-hand side of the propagator (:mod:`baiterek.orbit.propagate`), compiled with numba: the
state s = (r, v) in GCRS, the float parameter vector ``p`` (layout ``P_*``), the GCRS->ITRS
rotation ``m`` frozen at the epoch and the log-density table. The integrator is
:mod:`baiterek.orbit.dop853`.
"""

from __future__ import annotations

import math

from numba import njit

from baiterek._jit_cache import drop_stale
from baiterek.constants import MU_MOON, MU_SUN, OMEGA_EARTH, SECONDS_PER_DAY, WGS84_A
from baiterek.earth.ephemeris import moon_position_eme2000, sun_position_eme2000
from baiterek.earth.geodesy import ecef_to_geodetic_scalar
from baiterek.earth.gravity import zonal_acceleration

__all__ = ["N_PARAMS", "altitude", "deriv"]

_ALT_EXACT_BELOW_M = 2_000_000.0  # above this bound the altitude is only compared with the floor

# layout of the float parameter vector passed to the kernel
P_NZONAL, P_INV_BC, P_THIRD, P_TT_WHOLE, P_TT_FRAC, P_FLOOR, P_DENS_STEP = range(7)
N_PARAMS = 7


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
def deriv(t, s, out, row, p, m, log_rho):
    """ds/dt of s = (r, v) in GCRS into out[row]; m is the GCRS->Earth-fixed rotation at epoch."""
    x, y, z = s[0], s[1], s[2]
    vx, vy, vz = s[3], s[4], s[5]
    xb = m[0, 0] * x + m[0, 1] * y + m[0, 2] * z
    yb = m[1, 0] * x + m[1, 1] * y + m[1, 2] * z
    zb = m[2, 0] * x + m[2, 1] * y + m[2, 2] * z
    gx, gy, gz = zonal_acceleration(xb, yb, zb, int(p[P_NZONAL]))
    ax = m[0, 0] * gx + m[1, 0] * gy + m[2, 0] * gz
    ay = m[0, 1] * gx + m[1, 1] * gy + m[2, 1] * gz
    az = m[0, 2] * gx + m[1, 2] * gy + m[2, 2] * gz
    inv_bc = p[P_INV_BC]
    if inv_bc > 0.0:
        _, _, h = ecef_to_geodetic_scalar(xb, yb, zb)
        rho = _density(h, log_rho, p[P_DENS_STEP])
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
    if p[P_THIRD] > 0.0:
        jd = p[P_TT_WHOLE] + (p[P_TT_FRAC] + t / SECONDS_PER_DAY)
        sx, sy, sz = sun_position_eme2000(jd)
        tx, ty, tz = _third_body(x, y, z, sx, sy, sz, MU_SUN)
        ax += tx
        ay += ty
        az += tz
        sx, sy, sz = moon_position_eme2000(jd)
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
def altitude(s, m):
    """Geodetic altitude (m); above the floor test, the cheap bound |r| - a <= h is enough."""
    r = math.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2])
    if r - WGS84_A > _ALT_EXACT_BELOW_M:
        return r - WGS84_A
    xb = m[0, 0] * s[0] + m[0, 1] * s[1] + m[0, 2] * s[2]
    yb = m[1, 0] * s[0] + m[1, 1] * s[1] + m[1, 2] * s[2]
    zb = m[2, 0] * s[0] + m[2, 1] * s[1] + m[2, 2] * s[2]
    _, _, h = ecef_to_geodetic_scalar(xb, yb, zb)
    return h


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
