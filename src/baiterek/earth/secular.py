"""Secular (orbit-averaged) J2 rates and the sun-synchronous inclination.

First-order secular perturbations by the Earth's oblateness, pure functions over arrays (SI:
m, rad, rad/s). Source: Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
eqs. 9-41 (node) and 9-42 (argument of perigee); the same as Curtis, *Orbital Mechanics for
Engineering Students*, eqs. 4.52 and 4.53. The mean motion is the Keplerian one,
n = sqrt(mu / a^3) (the J2 correction to n changes the rates by O(J2^2), below 1e-3 relative).

``sso_inclination`` inverts the node rate for one revolution of the node per tropical year
(``constants.SSO_NODE_RATE``).

In ``earth`` (with the gravity field it averages) so that ``mission`` and every analysis use it
without importing one another; ``baiterek.orbit.secular`` re-exports it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from baiterek.constants import J2, MU_EARTH, R_GRAVITY, SSO_NODE_RATE

__all__ = ["raan_rate_j2", "argp_rate_j2", "sso_inclination"]


def _k(a: npt.ArrayLike, e: npt.ArrayLike) -> npt.NDArray[np.float64]:
    a_ = np.asarray(a, dtype=np.float64)
    e_ = np.asarray(e, dtype=np.float64)
    n = np.sqrt(MU_EARTH / a_**3)
    p = a_ * (1.0 - e_ * e_)
    return np.asarray(1.5 * n * J2 * (R_GRAVITY / p) ** 2, dtype=np.float64)


def raan_rate_j2(a: npt.ArrayLike, e: npt.ArrayLike, i: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Secular rate of the right ascension of the ascending node, rad/s.

    dOmega/dt = -3/2 n J2 (R/p)^2 cos i. ``a`` in m, ``i`` in rad; arrays broadcast.
    """
    return -_k(a, e) * np.cos(np.asarray(i, dtype=np.float64))


def argp_rate_j2(a: npt.ArrayLike, e: npt.ArrayLike, i: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Secular rate of the argument of perigee, rad/s: 3/4 n J2 (R/p)^2 (5 cos^2 i - 1)."""
    c = np.cos(np.asarray(i, dtype=np.float64))
    return 0.5 * _k(a, e) * (5.0 * c * c - 1.0)


def sso_inclination(a: npt.ArrayLike, e: npt.ArrayLike = 0.0) -> npt.NDArray[np.float64]:
    """Inclination (rad) that makes the node turn once per tropical year; NaN where impossible.

    cos i = -SSO_NODE_RATE / (3/2 n J2 (R/p)^2); impossible (|cos i| > 1) above about 5,970 km
    altitude for a circular orbit.
    """
    c = -SSO_NODE_RATE / _k(a, e)
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(c) <= 1.0, np.arccos(np.clip(c, -1.0, 1.0)), np.nan)
