"""Expected orbital lifetime of a spent stage left in orbit (drag decay, orbit-averaged).

Method: the semi-major axis and eccentricity under drag, averaged over one revolution (King-Hele,
"Satellite Orbits in an Atmosphere: Theory and Applications", Blackie 1987; Vallado,
Fundamentals of Astrodynamics and Applications, 4th ed., ch. 9): with the drag acceleration
rho v^2 / (2 beta) against the velocity, Gauss's equations give

    da/dt = -a^2 rho v^3 / (mu beta),    de/dt = -(rho v / beta) (e + cos nu),

averaged over the mean anomaly with at least ``N_ANOMALY`` points in the eccentric anomaly
(dM = (1 - e cos E) dE), US76 density at the height r - WGS84_A. Integrated by compiled
midpoint steps until the perigee falls below ``REENTRY_PERIGEE`` (the stage then re-enters
within a revolution) or ``HORIZON_S`` passes.

Neglected and stated: the atmosphere's rotation (it lowers the air-relative speed by about 4 %
at 51.6 deg, the drag by about 8 %: the lifetime is slightly longer), the latitude dependence
of the height, solar activity (US76 is a mean atmosphere: real lifetimes scatter by a factor of
2 or more over the solar cycle), J2 and lunisolar perturbations of the perigee.

Written here rather than taken from a library: the project's libraries have no lifetime
estimate, and this one uses the same US76 model as the fall, in a few compiled lines.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from baiterek._jit_cache import drop_stale
from baiterek.constants import MU_EARTH, WGS84_A
from baiterek.earth.atmosphere import us76

REENTRY_PERIGEE = 100e3
"""Perigee height (above WGS84_A) at which the stage is counted as re-entered, m."""
HORIZON_S = 25.0 * 365.25 * 86400.0
"""Longest lifetime computed (25 years, the usual post-mission disposal limit), s."""

N_ANOMALY = 64
"""Fewest points in the eccentric anomaly for the orbit average (uniform: spectrally accurate
while they resolve the perigee pass; more on eccentric orbits, see ``_n_points``)."""
_SCALE_HEIGHT = 40e3  # m: the density scale height that sets the width of the perigee pass
STEP_FRACTION = 0.03
"""Each step lowers the perigee, mean and apogee heights above re-entry by at most 3 %."""
_FINISH = 1000.0  # m of perigee margin left: the last bit is flown at the final rate

Array = npt.NDArray[np.float64]


@njit(cache=True)
def _n_points(a: float, e: float) -> int:
    """Points enough for 5 per perigee pass: the pass spans E = sqrt(2 H / (a e)) either side."""
    if e * a < 1.0:
        return N_ANOMALY
    width = np.sqrt(2.0 * _SCALE_HEIGHT / (a * e))
    return int(min(max(N_ANOMALY, np.ceil(2.0 * np.pi / (0.2 * width))), 8192))


@njit(cache=True)
def _rates(a: float, e: float, beta: float) -> tuple[float, float]:
    """Orbit-averaged da/dt (m/s) and de/dt (1/s)."""
    da = 0.0
    de = 0.0
    n = _n_points(a, e)
    for k in range(n):
        ce = np.cos(2.0 * np.pi * k / n)
        w = 1.0 - e * ce  # dM / dE
        r = a * w
        v = np.sqrt(max(MU_EARTH * (2.0 / r - 1.0 / a), 0.0))
        rho = us76(r - WGS84_A)[2]
        da -= w * a * a * rho * v**3
        de -= w * rho * v * (e + (ce - e) / w)
    return da / (n * MU_EARTH * beta), de / (n * beta)


@njit(cache=True)
def _lifetime(hp: float, ha: float, beta: float) -> float:
    if not (np.isfinite(hp) and np.isfinite(ha) and np.isfinite(beta) and beta > 0.0):
        return np.nan
    if hp <= REENTRY_PERIGEE:
        return 0.0
    floor = WGS84_A + REENTRY_PERIGEE
    rp, ra = hp + WGS84_A, max(ha, hp) + WGS84_A
    a, e = 0.5 * (rp + ra), (ra - rp) / (ra + rp)
    t = 0.0
    while t <= HORIZON_S:
        da, de = _rates(a, e, beta)
        margin = a * (1.0 - e) - floor
        dhp = da * (1.0 - e) - a * de
        if da >= 0.0:
            return np.inf  # no drag at all (above the density model's reach)
        dra = da * (1.0 + e) + a * de  # apogee: falls first on an eccentric orbit
        dt = STEP_FRACTION * (a - floor) / -da
        if dra < 0.0:
            dt = min(dt, STEP_FRACTION * (a * (1.0 + e) - floor) / -dra)
        if dhp < 0.0:  # an eccentric orbit first loses apogee: the perigee may hold or rise
            if margin <= _FINISH:
                return t + margin / -dhp
            dt = min(dt, STEP_FRACTION * margin / -dhp)
        da2, de2 = _rates(a + 0.5 * dt * da, max(e + 0.5 * dt * de, 0.0), beta)
        a += dt * da2
        e = max(e + dt * de2, 0.0)
        t += dt
    return np.inf


@njit(cache=True)
def _lifetimes(hp: Array, ha: Array, beta: Array, out: Array) -> None:
    for i in range(hp.size):
        out[i] = _lifetime(hp[i], ha[i], beta[i])


def orbital_lifetimes(
    perigee_height: npt.ArrayLike, apogee_height: npt.ArrayLike, beta: npt.ArrayLike
) -> Array:
    """Time (s) until re-entry of orbits with perigee and apogee heights above WGS84_A (m) and
    ballistic coefficients beta (kg/m^2), arrays broadcast together; inf beyond ``HORIZON_S``,
    0 if already below ``REENTRY_PERIGEE``, NaN for non-finite input.

    Compiled midpoint (RK2) steps, each lowering the perigee margin above re-entry and the mean
    height by ``STEP_FRACTION``: about 200 steps whatever the lifetime.
    """
    hp, ha, b = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(x, float)) for x in (perigee_height, apogee_height, beta))
    )
    out = np.empty(hp.size)
    _lifetimes(hp.ravel().copy(), ha.ravel().copy(), b.ravel().copy(), out)
    return out.reshape(hp.shape)


def orbital_lifetime(perigee_height: float, apogee_height: float, beta: float) -> float:
    """Scalar :func:`orbital_lifetimes`, s."""
    return float(orbital_lifetimes(perigee_height, apogee_height, beta)[0])


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
