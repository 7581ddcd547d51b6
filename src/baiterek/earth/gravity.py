"""Gravity of the Earth: point mass plus zonal harmonics J2, J3, J4 (EGM96 values).

Compiled with numba because it runs inside the flight and propagation kernels. Position in an
Earth-centred frame whose z axis is the Earth's rotation axis (the launch frame, GCRS or ITRS to
the precision needed here), m; acceleration in m/s^2.

Formulas: Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., eqs. 8-30 (J2) and
the J3, J4 terms of the zonal potential (sec. 8.7.1).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from baiterek._jit_cache import drop_stale
from baiterek.constants import J2, J3, J4, MU_EARTH, R_GRAVITY


@njit(cache=True)
def zonal_acceleration(x: float, y: float, z: float, n_zonal: int) -> tuple[float, float, float]:
    """Acceleration (m/s^2) at (x, y, z) (m) with zonals up to n_zonal (0, 2, 3 or 4)."""
    r2 = x * x + y * y + z * z
    r = np.sqrt(r2)
    mu_r3 = MU_EARTH / (r2 * r)
    ax = -mu_r3 * x
    ay = -mu_r3 * y
    az = -mu_r3 * z
    if n_zonal >= 2:
        s = z / r
        s2 = s * s
        q = R_GRAVITY / r
        f2 = 1.5 * J2 * q * q * mu_r3
        ax += -f2 * x * (1.0 - 5.0 * s2)
        ay += -f2 * y * (1.0 - 5.0 * s2)
        az += -f2 * z * (3.0 - 5.0 * s2)
        if n_zonal >= 3:
            f3 = 2.5 * J3 * q * q * q * mu_r3
            ax += -f3 * x * (3.0 * s - 7.0 * s2 * s)
            ay += -f3 * y * (3.0 * s - 7.0 * s2 * s)
            az += -f3 * r * (6.0 * s2 - 7.0 * s2 * s2 - 0.6)
        if n_zonal >= 4:
            f4 = 0.625 * J4 * q**4 * mu_r3
            ax += f4 * x * (3.0 - 42.0 * s2 + 63.0 * s2 * s2)
            ay += f4 * y * (3.0 - 42.0 * s2 + 63.0 * s2 * s2)
            az += f4 * z * (15.0 - 70.0 * s2 + 63.0 * s2 * s2)
    return ax, ay, az


@njit(cache=True)
def zonal_potential(x: float, y: float, z: float, n_zonal: int) -> float:
    """Gravitational potential energy per unit mass U (J/kg, negative), so that a = -grad U."""
    r = np.sqrt(x * x + y * y + z * z)
    s = z / r
    q = R_GRAVITY / r
    u = 1.0
    if n_zonal >= 2:
        u -= J2 * q * q * 0.5 * (3.0 * s * s - 1.0)
    if n_zonal >= 3:
        u -= J3 * q**3 * 0.5 * (5.0 * s**3 - 3.0 * s)
    if n_zonal >= 4:
        u -= J4 * q**4 * 0.125 * (35.0 * s**4 - 30.0 * s * s + 3.0)
    return -MU_EARTH / r * u


def gravity(r, n_zonal: int = 4) -> np.ndarray:
    """Vectorised gravity acceleration for positions (..., 3) in m; returns (..., 3) m/s^2."""
    r = np.asarray(r, float)
    flat = r.reshape(-1, 3)
    out = np.empty_like(flat)
    for k in range(flat.shape[0]):
        out[k] = zonal_acceleration(flat[k, 0], flat[k, 1], flat[k, 2], n_zonal)
    return out.reshape(r.shape)


def potential(r, n_zonal: int = 4) -> np.ndarray:
    """Vectorised potential (J/kg) for positions (..., 3) in m."""
    r = np.asarray(r, float)
    flat = r.reshape(-1, 3)
    out = np.array([zonal_potential(p[0], p[1], p[2], n_zonal) for p in flat])
    return out.reshape(r.shape[:-1])


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
