"""U.S. Standard Atmosphere 1976, geometric altitude -5 km to 1,000 km (and beyond, extrapolated).

Source: U.S. Standard Atmosphere, 1976, NOAA-S/T 76-1562 (NOAA, NASA, USAF), "US76" below.

Written here rather than taken from a library because the ascent and propagation kernels call it
from numba-compiled code: no maintained PyPI package offers a numba-callable US76 up to 1,000 km
(``ambiance`` stops at 81 km, ``fluids`` at 86 km; ``ussa1976`` covers 1,000 km but is a NumPy /
xarray model that solves the diffusion equations on every call).

- 0-86 km: the seven-layer geopotential model in closed form (US76 Table 4, eqs. 1, 23, 33a,
  33b, 42, 50). Kinetic temperature T = T_M M/M0, with M/M0 from US76 Table 8 (80-86 km,
  linear in geometric altitude); density and speed of sound follow from the molecular-scale
  temperature T_M and M0. Below 0 km the first layer is continued (the tables start at -5 km).
- 86-1,000 km: the 1976 upper model (temperature segments and diffusion equations for N2, O,
  O2, Ar, He, H), integrated once by ``scripts/generate_us76_upper.py`` into the shipped table
  ``data/atmosphere/us76_upper.csv`` (0.5 km steps). Temperature is evaluated in closed form
  (the four US76 segments: isothermal, elliptical 91-110 km, linear, exponential above 120 km);
  pressure and density are interpolated linearly in their logarithms, the mean molar mass
  linearly in altitude.
- Above 1,000 km: T follows the exponential segment (it tends to 1,000 K), M stays at its
  1,000 km value; pressure and density decay with the exponential scale height of the last
  table interval (999.5-1,000 km: about 288 km for pressure, 237 km for density).
- Speed of sound: sqrt(gamma R* T / M) with the local mean molar mass M (US76 eq. 50). Above
  86 km US76 does not tabulate it (the continuum notion fails); the value is given for Mach
  bookkeeping only.

Units: altitude m, temperature K, pressure Pa, density kg/m^3, speed of sound m/s.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import NamedTuple

import numpy as np
from numba import njit

from baiterek._jit_cache import drop_stale
from baiterek.constants import (
    G0,
    GAMMA_AIR,
    M0_AIR,
    P0_SEA_LEVEL,
    R_EARTH_US76,
    R_GAS_STAR,
    T0_SEA_LEVEL,
)

# --- 0-86 km: layer definitions (US76 Table 4), geopotential altitude m' ----------------------
_H_BASE = np.array([0.0, 11000.0, 20000.0, 32000.0, 47000.0, 51000.0, 71000.0])
_LAPSE = np.array([-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3])  # K/m'
_GMR = G0 * M0_AIR / R_GAS_STAR  # K/m', hydrostatic constant g0' M0 / R* (US76 eq. 33)


def _layer_bases() -> tuple[np.ndarray, np.ndarray]:
    """Molecular-scale temperature (K) and pressure (Pa) at each layer base (US76 eqs. 23, 33)."""
    t = np.empty(7)
    p = np.empty(7)
    t[0], p[0] = T0_SEA_LEVEL, P0_SEA_LEVEL
    for b in range(6):
        dh = _H_BASE[b + 1] - _H_BASE[b]
        t[b + 1] = t[b] + _LAPSE[b] * dh
        if _LAPSE[b] == 0.0:
            p[b + 1] = p[b] * np.exp(-_GMR * dh / t[b])
        else:
            p[b + 1] = p[b] * (t[b] / t[b + 1]) ** (_GMR / _LAPSE[b])
    return t, p


_T_BASE, _P_BASE = _layer_bases()

# M/M0 at 80.0, 80.5, ..., 86.0 km geometric altitude (US76 Table 8).
_Z_RATIO0 = 80000.0
_DZ_RATIO = 500.0
_M_RATIO = np.array(
    [
        1.0,
        0.999996,
        0.999989,
        0.999971,
        0.999941,
        0.999909,
        0.999870,
        0.999829,
        0.999786,
        0.999741,
        0.999694,
        0.999641,
        0.999579,
    ]
)

# --- 86-1,000 km: generated table ------------------------------------------------------------
_UPPER_TABLE_SHA256 = "76113148d74e8f493cdf7ea98ec84298fb75dc4e2a436f582651e0e79d80b3a0"
"""SHA-256 of us76_upper.csv. ``us76`` is cached by numba with the table baked in, so a
regenerated table must come with an edit of this file (which invalidates that cache)."""


def _load_upper_table() -> np.ndarray:
    raw = resources.files("baiterek").joinpath("data/atmosphere/us76_upper.csv").read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != _UPPER_TABLE_SHA256:
        raise RuntimeError(
            f"us76_upper.csv changed (sha256 {digest}); update _UPPER_TABLE_SHA256 in "
            "baiterek/earth/atmosphere.py so the numba cache is rebuilt"
        )
    lines = raw.decode("ascii").splitlines()
    rows = [ln for ln in lines if ln and not ln.startswith("#")][1:]
    return np.array([[float(v) for v in ln.split(",")] for ln in rows])


_TAB = _load_upper_table()
_Z_UP0 = float(_TAB[0, 0])  # 86,000 m
_DZ_UP = float(_TAB[1, 0] - _TAB[0, 0])  # 500 m
_N_UP = _TAB.shape[0]
_LNP_UP = np.ascontiguousarray(np.log(_TAB[:, 2]))
_LNRHO_UP = np.ascontiguousarray(np.log(_TAB[:, 3]))
_M_UP = np.ascontiguousarray(_TAB[:, 4])
if not np.allclose(np.diff(_TAB[:, 0]), _DZ_UP, rtol=0.0, atol=1e-6):
    raise RuntimeError("us76_upper.csv must be on a uniform altitude grid")
_T_UP_TABLE = _TAB[:, 1].copy()  # generator's temperature column, cross-checked in the tests
del _TAB

# --- 86-1,000 km: kinetic temperature segments (US76 Part 1, sec. 1.3; Table 5) --------------
_Z8, _Z9, _Z10 = 91e3, 110e3, 120e3  # m
_T7, _T9, _T10, _T_INF = 186.8673, 240.0, 360.0, 1000.0  # K
_TC_ELL, _A_ELL, _a_ELL = 263.1905, -76.3232, -19942.9  # K, K, m (elliptical segment)
_LK9 = 12.0e-3  # K/m
_LAMBDA = _LK9 / (_T_INF - _T10)  # 1/m
_R0 = R_EARTH_US76

Z_UPPER_M = _Z_UP0
"""Geometric altitude (m) where the table-based upper model takes over (86 km)."""


@njit(cache=True)
def upper_temperature(altitude_m: float) -> float:
    """US76 kinetic temperature (K) above 86 km, geometric altitude in m (closed form)."""
    z = altitude_m
    if z < _Z8:
        return _T7
    if z < _Z9:
        x = (z - _Z8) / _a_ELL
        return _TC_ELL + _A_ELL * np.sqrt(1.0 - x * x)
    if z < _Z10:
        return _T9 + _LK9 * (z - _Z9)
    xi = (z - _Z10) * (_R0 + _Z10) / (_R0 + z)
    return _T_INF - (_T_INF - _T10) * np.exp(-_LAMBDA * xi)


@njit(cache=True)
def us76(altitude_m: float) -> tuple[float, float, float, float]:
    """US76 at geometric altitude (m): temperature K, pressure Pa, density kg/m^3, sound m/s."""
    z = altitude_m
    if z < _Z_UP0:
        h = R_EARTH_US76 * z / (R_EARTH_US76 + z)  # geopotential altitude, m' (US76 eq. 18)
        b = 0
        while b < 6 and h >= _H_BASE[b + 1]:
            b += 1
        dh = h - _H_BASE[b]
        lapse = _LAPSE[b]
        tm = _T_BASE[b] + lapse * dh
        if lapse == 0.0:
            p = _P_BASE[b] * np.exp(-_GMR * dh / _T_BASE[b])
        else:
            p = _P_BASE[b] * (_T_BASE[b] / tm) ** (_GMR / lapse)
        rho = p * M0_AIR / (R_GAS_STAR * tm)
        a = np.sqrt(GAMMA_AIR * R_GAS_STAR * tm / M0_AIR)
        t = tm
        if z > _Z_RATIO0:
            x = (z - _Z_RATIO0) / _DZ_RATIO
            k = min(int(x), 11)
            f = x - k
            t = tm * (_M_RATIO[k] + f * (_M_RATIO[k + 1] - _M_RATIO[k]))
        return t, p, rho, a
    x = (z - _Z_UP0) / _DZ_UP
    k = min(int(x), _N_UP - 2)
    f = x - k
    t = upper_temperature(z)
    if f <= 1.0:
        m = _M_UP[k] + f * (_M_UP[k + 1] - _M_UP[k])
    else:  # above 1,000 km: M frozen, p and rho on the last scale height
        m = _M_UP[k + 1]
    p = np.exp(_LNP_UP[k] + f * (_LNP_UP[k + 1] - _LNP_UP[k]))
    rho = np.exp(_LNRHO_UP[k] + f * (_LNRHO_UP[k + 1] - _LNRHO_UP[k]))
    a = np.sqrt(GAMMA_AIR * R_GAS_STAR * t / m)
    return t, p, rho, a


@njit(cache=True)
def _us76_fill(z, t, p, rho, a) -> None:
    for i in range(z.size):
        t[i], p[i], rho[i], a[i] = us76(z[i])


class Atmosphere(NamedTuple):
    """US76 state on an array of altitudes (all fields have the input's shape)."""

    temperature: np.ndarray
    """K"""
    pressure: np.ndarray
    """Pa"""
    density: np.ndarray
    """kg/m^3"""
    speed_of_sound: np.ndarray
    """m/s"""


def atmosphere(altitude_m) -> Atmosphere:
    """Vectorised ``us76`` for geometric altitudes (m) of any shape (0-d for a scalar)."""
    z = np.asarray(altitude_m, dtype=float)
    flat = np.ascontiguousarray(z.ravel())
    out = [np.empty(flat.size) for _ in range(4)]
    _us76_fill(flat, *out)
    return Atmosphere(*(o.reshape(z.shape) for o in out))


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
