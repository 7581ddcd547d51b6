"""Classical orbital elements <-> inertial state, vectorised over (..., 3) arrays (two-body).

The one owner of the state <-> elements conversion, at the bottom of the layers (beside
``earth``; it needs only ``constants``) so that ``flight`` (insertion orbit), ``orbit``,
``windows`` and ``export`` all use it without an upward import. A top-level module rather than
``earth/``: conics are not the Earth's; ``mu`` is an argument (Earth by default) so the Moon and
Mars work reuse it. ``baiterek.orbit.elements`` re-exports it for existing callers.

SI inside: m, m/s, rad. ``mu`` in m^3/s^2. Elliptic and hyperbolic orbits; for circular or
equatorial orbits the undefined angles follow the usual conventions (argument of perigee 0,
true anomaly measured from the node, or from the x axis when equatorial).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from baiterek.constants import MU_EARTH, WGS84_A

_EPS = 1e-11


class Elements(NamedTuple):
    """Classical elements; every field has the batch shape of the input."""

    a: np.ndarray  # semi-major axis, m (negative for hyperbolas)
    e: np.ndarray  # eccentricity
    i: np.ndarray  # inclination, rad
    raan: np.ndarray  # right ascension (longitude) of the ascending node, rad, [0, 2pi)
    argp: np.ndarray  # argument of perigee, rad, [0, 2pi)
    nu: np.ndarray  # true anomaly, rad, [0, 2pi)

    @property
    def perigee_radius(self) -> np.ndarray:
        return self.a * (1.0 - self.e)

    @property
    def apogee_radius(self) -> np.ndarray:
        return np.where(self.e < 1.0, self.a * (1.0 + self.e), np.inf)

    def perigee_altitude(self, r_ref: float = WGS84_A) -> np.ndarray:
        """Perigee altitude above a sphere of radius r_ref (equatorial radius by default), m."""
        return self.perigee_radius - r_ref

    def apogee_altitude(self, r_ref: float = WGS84_A) -> np.ndarray:
        return self.apogee_radius - r_ref


Array = npt.NDArray[np.float64]


def _norm(v: Array) -> Array:
    return np.asarray(np.sqrt(np.sum(v * v, axis=-1)), dtype=np.float64)


def state_to_elements(r: npt.ArrayLike, v: npt.ArrayLike, mu: float = MU_EARTH) -> Elements:
    """Inertial position r (m) and velocity v (m/s), shape (..., 3), to classical elements."""
    r = np.asarray(r, float)
    v = np.asarray(v, float)
    rn = _norm(r)
    vn2 = np.sum(v * v, axis=-1)
    h = np.cross(r, v)
    hn = _norm(h)
    k = np.array([0.0, 0.0, 1.0])
    n = np.cross(k, h)
    nn = _norm(n)
    rv = np.sum(r * v, axis=-1)
    e_vec = ((vn2 - mu / rn)[..., None] * r - rv[..., None] * v) / mu
    e = _norm(e_vec)
    energy = 0.5 * vn2 - mu / rn
    with np.errstate(divide="ignore"):
        a = np.where(np.abs(energy) > 1e-12, -mu / (2.0 * energy), np.inf)
    i = np.arccos(np.clip(h[..., 2] / hn, -1.0, 1.0))
    equatorial = nn < _EPS * hn
    circular = e < 1e-9

    raan = np.where(equatorial, 0.0, np.arctan2(n[..., 1], n[..., 0]))
    n_unit = np.where(
        equatorial[..., None], np.array([1.0, 0.0, 0.0]), n / np.where(nn > 0, nn, 1.0)[..., None]
    )
    h_unit = h / hn[..., None]
    # angles measured in the orbit plane from the node line, positive along the motion
    m_unit = np.cross(h_unit, n_unit)

    def angle_from_node(vec: Array) -> Array:
        return np.asarray(
            np.arctan2(np.sum(vec * m_unit, axis=-1), np.sum(vec * n_unit, axis=-1)), np.float64
        )

    argp = np.where(circular, 0.0, angle_from_node(e_vec))
    u = angle_from_node(r)  # argument of latitude
    nu = u - argp
    twopi = 2.0 * np.pi
    return Elements(
        a=a,
        e=e,
        i=i,
        raan=np.mod(raan, twopi),
        argp=np.mod(argp, twopi),
        nu=np.mod(nu, twopi),
    )


def elements_to_state(
    a: npt.ArrayLike,
    e: npt.ArrayLike,
    i: npt.ArrayLike,
    raan: npt.ArrayLike,
    argp: npt.ArrayLike,
    nu: npt.ArrayLike,
    mu: float = MU_EARTH,
) -> tuple[Array, Array]:
    """Classical elements (m, -, rad...) to inertial position (m) and velocity (m/s), (..., 3)."""
    a, e, i, raan, argp, nu = np.broadcast_arrays(
        *(np.asarray(x, float) for x in (a, e, i, raan, argp, nu))
    )
    p = a * (1.0 - e * e)
    r = p / (1.0 + e * np.cos(nu))
    r_pf = np.stack([r * np.cos(nu), r * np.sin(nu), np.zeros_like(r)], axis=-1)
    sq = np.sqrt(mu / p)
    v_pf = np.stack([-sq * np.sin(nu), sq * (e + np.cos(nu)), np.zeros_like(r)], axis=-1)
    co, so = np.cos(raan), np.sin(raan)
    cw, sw = np.cos(argp), np.sin(argp)
    ci, si = np.cos(i), np.sin(i)
    rot = np.stack(
        [
            np.stack([co * cw - so * sw * ci, -co * sw - so * cw * ci, so * si], axis=-1),
            np.stack([so * cw + co * sw * ci, -so * sw + co * cw * ci, -co * si], axis=-1),
            np.stack([sw * si, cw * si, ci], axis=-1),
        ],
        axis=-2,
    )
    return np.einsum("...ij,...j->...i", rot, r_pf), np.einsum("...ij,...j->...i", rot, v_pf)
