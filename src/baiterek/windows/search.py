"""Launch windows over a date range to a fixed plane and to a TLE target (ISS); the SSO search
is :mod:`baiterek.windows.sso`, re-exported here. Each returns a :class:`WindowTable`.

The ascent geometry is injected (``geometry=``: an :class:`AscentGeometry` or a provider from
:func:`baiterek.windows.geometry.geometry_provider`); the caller chooses simulator or analytic.
Lighting constraints are reported with every window (:mod:`baiterek.windows.lighting`).
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import numpy.typing as npt

from baiterek.catalog.sites import Site
from baiterek.constants import SECONDS_PER_DAY, WGS84_A
from baiterek.earth.secular import raan_rate_j2
from baiterek.errors import InputError
from baiterek.windows.assembly import (
    Array,
    PhaseFn,
    assemble,
    geometry_per_heading,
    reachable_headings,
    start_jd_tt,
)
from baiterek.windows.geometry import AscentGeometry, GeometryProvider
from baiterek.windows.phasing import Scheme, classify_phase, plane_lead, scheme_ranges
from baiterek.windows.plane import (
    SIDEREAL_RATE,
    TargetPlane,
    edge_wedge_rad,
    plane_launch_times,
    window_half_width_s,
)
from baiterek.windows.sso import sso_windows
from baiterek.windows.table import WindowTable
from baiterek.windows.tle import TleTarget, check_tle_epoch

__all__ = [
    "WindowTable",
    "plane_windows",
    "plane_from_orbit",
    "tle_windows",
    "sso_windows",
    "start_jd_tt",
    "PhaseFn",
]

_TWO_PI = 2.0 * math.pi


def plane_windows(
    site: Site,
    vehicle_id: str,
    plane: TargetPlane,
    start: str | datetime,
    days: float,
    heading: str | None = None,
    yaw_allowance_deg: float = 0.0,
    *,
    geometry: AscentGeometry | GeometryProvider,
) -> WindowTable:
    """Every launch into a (drifting) plane from ``site`` in [start, start + days)."""
    inc = plane.inclination_rad
    headings = reachable_headings(site, inc, heading)
    geoms = geometry_per_heading(inc, headings, geometry)
    jd0 = start_jd_tt(start)
    per = [(h, geoms[h], plane_launch_times(plane, geoms[h], jd0, days)) for h in headings]
    hw = window_half_width_s(inc, math.radians(yaw_allowance_deg), plane.raan_rate_rad_s)
    return assemble(
        site, vehicle_id, per, inc, hw, {"kind": "plane", **plane.to_json()},
        edge_wedge_rad=edge_wedge_rad(inc, math.radians(yaw_allowance_deg)),
    )  # fmt: skip


def plane_from_orbit(
    raan_deg: float, inclination_deg: float, epoch_utc: str, a_m: float, e: float = 0.0
) -> TargetPlane:
    """A target plane from a node at an epoch, drifting at the J2 secular rate of (a, e, i)."""
    inc = math.radians(inclination_deg)
    return TargetPlane.from_epoch_utc(
        math.radians(raan_deg),
        inc,
        epoch_utc,
        float(raan_rate_j2(a_m, e, inc)),
        source=f"node {raan_deg} deg at {epoch_utc} (TEME), J2 secular drift",
    )


def tle_windows(
    site: Site,
    vehicle_id: str,
    target: TleTarget,
    start: str | datetime,
    days: float,
    heading: str | None = None,
    yaw_allowance_deg: float = 0.0,
    force_tle: bool = False,
    *,
    geometry: AscentGeometry | GeometryProvider,
) -> WindowTable:
    """Launches into a TLE target's plane, with the phase angle at insertion and the scheme."""
    jd0 = start_jd_tt(start)
    if not days > 0:
        raise InputError("days", days, "a positive number of days")
    warnings = check_tle_epoch(target, jd0, days, force_tle)
    plane = target.plane()
    inc = plane.inclination_rad
    headings = reachable_headings(site, inc, heading)
    geoms = geometry_per_heading(inc, headings, geometry)
    per = [(h, geoms[h], plane_launch_times(plane, geoms[h], jd0, days)) for h in headings]
    hw = window_half_width_s(inc, math.radians(yaw_allowance_deg), plane.raan_rate_rad_s)
    # the rendezvous schemes are modelled for a near-circular target above the insertion orbit
    a_t = target.semi_major_axis_m
    phasing_ok = target.satrec.ecco < 0.01 and WGS84_A + 300e3 < a_t < WGS84_A + 1000e3
    schemes = scheme_ranges(a_t) if phasing_ok else ()
    if not phasing_ok:
        warnings = [*warnings, "rendezvous schemes are modelled for near-circular targets at "
                    "300-1000 km; phase angles are reported, schemes are not"]  # fmt: skip

    def phase_fn(jd_ins: Array, u_ins: Array) -> tuple[Array, npt.NDArray[np.object_]]:
        u_t, _ = target.arglat(jd_ins)
        phase = -(np.mod(-(u_t - u_ins) + math.pi, _TWO_PI) - math.pi)  # (-pi, pi]
        return phase, classify_phase(phase, schemes)

    if schemes:
        per, leads = _lead_planes(per, plane, schemes, a_t, inc, phase_fn)
    else:
        leads = [np.zeros(jd.shape) for _, _, jd in per]
    return assemble(
        site,
        vehicle_id,
        per,
        inc,
        hw,
        {"kind": "tle", **target.to_json(), "plane": plane.to_json()},
        phase_fn=phase_fn,
        warnings=tuple(warnings),
        extra={"phasing": {"schemes": [s.to_json() for s in schemes]}},
        edge_wedge_rad=edge_wedge_rad(inc, math.radians(yaw_allowance_deg)),
        plane_lead=leads,
    )


LEAD_ITERATIONS = 3
"""Passes of launch time -> phase -> scheme -> plane lead -> launch time [D]: a lead shifts the
launch by up to a few minutes, which moves the phase by up to about 15 deg and the lead by a
few percent; three passes settle it below 0.1 s."""


def _lead_planes(
    per: list[tuple[str, AscentGeometry, Array]],
    plane: TargetPlane,
    schemes: tuple[Scheme, ...],
    a_t: float,
    inc: float,
    phase_fn: PhaseFn,
) -> tuple[list[tuple[str, AscentGeometry, Array]], list[Array]]:
    """Launch instants whose insertion plane leads the target's by the J2 regression of each
    opportunity's rendezvous scheme (``phasing.plane_lead``), and those leads (rad) per heading."""
    by_name = {s.name: s for s in schemes}
    rate = SIDEREAL_RATE - plane.raan_rate_rad_s
    out: list[tuple[str, AscentGeometry, Array]] = []
    leads: list[Array] = []
    for h, g, jd0 in per:
        lead = np.zeros(jd0.shape)
        jd = jd0
        for _ in range(LEAD_ITERATIONS):
            u_ins = np.full(jd0.shape, g.arglat_insertion_rad)
            phase, scheme = phase_fn(jd + g.duration_s / SECONDS_PER_DAY, u_ins)
            lead = np.zeros(jd0.shape)
            for name, sch in by_name.items():
                sel = scheme == name
                if np.any(sel):
                    lead[sel] = plane_lead(sch, phase[sel], a_t, inc)
            lead = np.nan_to_num(lead)
            jd = jd0 + lead / rate / SECONDS_PER_DAY
        out.append((h, g, jd))
        leads.append(lead)
    return out, leads
