"""Shared steps of every window search: the UTC start as a TT date, the reachable headings and
their injected ascent geometry, and the assembly of per-heading launch instants into a
:class:`~baiterek.windows.table.WindowTable` (azimuth, plane, insertion, lighting, phase)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from baiterek.catalog.sites import Site
from baiterek.constants import SECONDS_PER_DAY, WGS84_A
from baiterek.earth.time import gmst82, parse_utc, timescale, tt_jd_time
from baiterek.windows.geometry import AscentGeometry, GeometryProvider
from baiterek.windows.lighting import lighting, node_local_time_h
from baiterek.windows.phasing import INSERTION_ORBIT_M
from baiterek.windows.plane import launch_azimuth
from baiterek.windows.table import WindowTable

__all__ = [
    "Array",
    "PhaseFn",
    "assemble",
    "geometry_per_heading",
    "reachable_headings",
    "start_jd_tt",
]

_TWO_PI = 2.0 * math.pi


Array = npt.NDArray[np.float64]
PhaseFn = Callable[[Array, Array], tuple[Array, npt.NDArray[np.object_]]]
"""(insertion TT dates, insertion arguments of latitude) -> (phase angle rad, scheme name)."""


def start_jd_tt(start: str | datetime) -> float:
    """TT Julian date of a UTC start (ISO string or aware datetime)."""
    return float(timescale().from_datetime(parse_utc(start, "start")).tt)


def reachable_headings(site: Site, inclination_rad: float, heading: str | None) -> list[str]:
    """The headings ("north"/"south") from ``site`` into ``inclination_rad`` (or ``heading``)."""
    return site.check_reachable(inclination_rad, heading)


def geometry_per_heading(
    inc: float, headings: list[str], geometry: AscentGeometry | GeometryProvider
) -> dict[str, AscentGeometry]:
    """The injected geometry per heading (one fixed geometry, or a provider asked per heading)."""
    if isinstance(geometry, AscentGeometry):
        return {h: geometry for h in headings}
    return {h: geometry(inc, h) for h in headings}


def assemble(
    site: Site,
    vehicle_id: str,
    per_heading: list[tuple[str, AscentGeometry, np.ndarray]],
    inc: float,
    half_width: float,
    target: dict[str, Any],
    phase_fn: PhaseFn | None = None,
    warnings: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
    edge_wedge_rad: float = 0.0,
    plane_lead: list[np.ndarray] | None = None,
) -> WindowTable:
    """The table of the launch instants of each heading. ``plane_lead``: per heading, the node
    lead of each instant's insertion plane over the target's (rad; rendezvous schemes)."""
    cols: dict[str, list[npt.NDArray[Any]]] = {"jd": [], "heading": [], "lead": []}
    for j, (h, _, jd) in enumerate(per_heading):
        cols["jd"].append(jd)
        cols["heading"].append(np.full(jd.shape, h, dtype=object))
        cols["lead"].append(np.zeros(jd.shape) if plane_lead is None else plane_lead[j])
    jd = np.concatenate(cols["jd"]) if cols["jd"] else np.zeros(0)
    heading = np.concatenate(cols["heading"]) if cols["heading"] else np.zeros(0, object)
    order = np.argsort(jd, kind="stable")
    jd = jd[order]
    heading = heading[order]
    lead = (np.concatenate(cols["lead"]) if cols["lead"] else np.zeros(0))[order]
    geoms = {h: g for h, g, _ in per_heading}
    node_off = np.array([geoms[h].node_offset_rad for h in heading])
    dur = np.array([geoms[h].duration_s for h in heading])
    u_ins = np.array([geoms[h].arglat_insertion_rad for h in heading])
    jd_ins = jd + dur / SECONDS_PER_DAY
    raan = np.mod(gmst82(tt_jd_time(jd)) + node_off, _TWO_PI) if len(jd) else np.zeros(0)
    az = np.array([launch_azimuth(site, inc, h) for h in heading], float)
    r_ins = WGS84_A + 0.5 * sum(INSERTION_ORBIT_M)
    if len(jd):
        el, lit = lighting(site, jd, jd_ins, raan, inc, u_ins, r_ins)
        ltan = node_local_time_h(raan, jd_ins)
    else:
        el, lit, ltan = (np.zeros(0), np.zeros(0, bool), np.zeros(0))
    phase = np.full(jd.shape, np.nan)
    scheme = np.full(jd.shape, None, dtype=object)
    if phase_fn is not None and len(jd):
        phase, scheme = phase_fn(jd_ins, u_ins)
    return WindowTable(
        launch_jd_tt=jd,
        half_width_s=np.full(jd.shape, half_width),
        heading=heading,
        azimuth_rad=az,
        inclination_rad=np.full(jd.shape, inc),
        raan_rad=raan,
        insertion_jd_tt=jd_ins,
        phase_rad=phase,
        scheme=scheme,
        node_local_time_h=ltan,
        sun_elevation_rad=np.asarray(el, float),
        insertion_sunlit=np.asarray(lit, bool),
        site_id=site.id,
        vehicle_id=vehicle_id,
        target=target,
        ascent={h: g.to_json() for h, g in geoms.items()},
        warnings=tuple(warnings),
        extra=dict(extra or {}),
        edge_wedge_rad=float(edge_wedge_rad),
        plane_lead_rad=lead if plane_lead is not None else None,
    )
