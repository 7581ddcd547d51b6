"""Lighting constraints reported with every window (not filtered on): the Sun's elevation at the
pad at liftoff, whether the insertion point is sunlit (cylindrical Earth shadow, analytic Sun,
:mod:`baiterek.earth.sun`), and the mean local time of the insertion plane's node."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from baiterek.catalog.sites import Site
from baiterek.constants import WGS84_A
from baiterek.earth.sun import mean_sun_ra, sun_ra_dec, sun_unit_vector
from baiterek.earth.time import gmst82, tt_jd_time

__all__ = ["lighting", "node_local_time_h"]

Array = npt.NDArray[np.float64]


def lighting(
    site: Site,
    jd_launch: Array,
    jd_ins: Array,
    raan: Array,
    inc: float,
    u_ins: Array,
    r_ins: Array | float,
) -> tuple[Array, npt.NDArray[np.bool_]]:
    """Sun elevation at the pad at liftoff (rad); insertion point sunlit (bool)."""
    t_l = tt_jd_time(jd_launch)
    ra, dec = sun_ra_dec(t_l)
    ha = gmst82(t_l) + site.longitude - ra
    lat = site.latitude
    el = np.arcsin(np.sin(lat) * np.sin(dec) + np.cos(lat) * np.cos(dec) * np.cos(ha))
    s_hat = sun_unit_vector(tt_jd_time(jd_ins))
    cu, su = np.cos(u_ins), np.sin(u_ins)
    co, so = np.cos(raan), np.sin(raan)
    ci, si = np.cos(inc), np.sin(inc)
    r = np.stack([co * cu - so * ci * su, so * cu + co * ci * su, si * su], axis=-1) * r_ins
    along = np.sum(r * s_hat, axis=-1)
    perp = np.linalg.norm(r - along[..., None] * s_hat, axis=-1)
    return el, (along > 0) | (perp > WGS84_A)


def node_local_time_h(raan_teme: Array, jd_tt: Array) -> Array:
    """Mean local time (h, [0, 24)) of a node of TEME right ascension raan at TT dates."""
    t = tt_jd_time(jd_tt)
    return np.asarray(np.mod(12.0 + np.degrees(raan_teme - mean_sun_ra(t)) / 15.0, 24.0))
