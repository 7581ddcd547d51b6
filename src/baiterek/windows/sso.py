"""Launch windows into a sun-synchronous orbit at a local time of the node (:func:`sso_windows`).

Local time of the node. ``sun="mean"`` (default, the usual meaning of "LTDN 10:30"): the
mean local solar time at the node, UT1 + longitude / 15 deg/h, equivalently the node's right
ascension minus the mean Sun's plus 12 h. ``sun="true"``: against the apparent Sun (differs by
the equation of time, up to 16 min). Evaluated at insertion: the insertion plane's node is
GMST(t_L) + node_offset on TEME axes, its local time at t_L + T must equal the one asked; the
condition advances one hour per hour of UT1, so a first estimate per day and three fixed-point
steps give the instants to microseconds.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Literal

import numpy as np

from baiterek.catalog.sites import Site
from baiterek.constants import SECONDS_PER_DAY, SSO_NODE_RATE, WGS84_A
from baiterek.earth.secular import sso_inclination
from baiterek.earth.sun import mean_sun_ra, sun_ra_dec
from baiterek.earth.time import gmst82, tt_jd_time
from baiterek.errors import InputError
from baiterek.windows.assembly import (
    Array,
    assemble,
    geometry_per_heading,
    reachable_headings,
    start_jd_tt,
)
from baiterek.windows.geometry import AscentGeometry, GeometryProvider
from baiterek.windows.plane import edge_wedge_rad, window_half_width_s
from baiterek.windows.table import WindowTable

__all__ = ["sso_windows"]


def sso_windows(
    site: Site,
    vehicle_id: str,
    altitude_m: float,
    local_time_h: float,
    start: str | datetime,
    days: float,
    node: Literal["ascending", "descending"] = "descending",
    sun: Literal["mean", "true"] = "mean",
    heading: str | None = None,
    yaw_allowance_deg: float = 0.0,
    eccentricity: float = 0.0,
    *,
    geometry: AscentGeometry | GeometryProvider,
) -> WindowTable:
    """One launch per day and heading into the SSO plane with the node at ``local_time_h``."""
    if node not in ("ascending", "descending"):
        raise InputError("node", node, "'ascending' or 'descending'")
    if sun not in ("mean", "true"):
        raise InputError("sun", sun, "'mean' (mean local time) or 'true' (apparent Sun)")
    if not 0.0 <= local_time_h < 24.0:
        raise InputError("local_time_node", local_time_h, "a time of day 00:00-23:59")
    if not days > 0:
        raise InputError("days", days, "a positive number of days")
    a = WGS84_A + altitude_m
    inc = float(sso_inclination(a, eccentricity))
    if not math.isfinite(inc):
        raise InputError("altitude_km", altitude_m / 1e3, "a sun-synchronous altitude (< 5,900 km)")
    headings = reachable_headings(site, inc, heading)
    geoms = geometry_per_heading(inc, headings, geometry)
    ltan = np.mod(local_time_h + (12.0 if node == "descending" else 0.0), 24.0)
    jd0 = start_jd_tt(start)
    per = []
    for h in headings:
        g = geoms[h]
        dur = g.duration_s / SECONDS_PER_DAY

        def f(jd: Array | float, g: AscentGeometry = g, dur: float = dur) -> Array:
            t_ins = tt_jd_time(jd + dur)
            raan = gmst82(tt_jd_time(jd)) + g.node_offset_rad
            sun_ra = mean_sun_ra(t_ins) if sun == "mean" else sun_ra_dec(t_ins)[0]
            return np.mod(12.0 + np.degrees(raan - sun_ra) / 15.0, 24.0)

        k = np.arange(int(math.ceil(days)) + 1, dtype=np.float64)
        jd = jd0 + k + np.mod(ltan - f(jd0 + k), 24.0) / 24.0
        for _ in range(3):
            jd = jd + (np.mod(ltan - f(jd) + 12.0, 24.0) - 12.0) / 24.0
        per.append((h, g, jd[(jd >= jd0) & (jd < jd0 + days)]))
    hw = window_half_width_s(inc, math.radians(yaw_allowance_deg), SSO_NODE_RATE)
    return assemble(
        site,
        vehicle_id,
        per,
        inc,
        hw,
        {
            "kind": "sso",
            "altitude_km": altitude_m / 1e3,
            "inclination_deg": math.degrees(inc),
            "node": node,
            "local_time_h": local_time_h,
            "sun": sun,
        },
        edge_wedge_rad=edge_wedge_rad(inc, math.radians(yaw_allowance_deg)),
    )
