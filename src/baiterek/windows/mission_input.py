"""The launch windows a mission file asks for (its ``[window]`` table).

The file is read with the one mission schema of :mod:`baiterek.mission` (strict: an unknown table
or key is an error naming it); the ``[window]`` keys::

    [mission]
    name = "Progress MS-23"
    vehicle = "soyuz-2.1a"
    site = "baikonur-31-6"
    payload_kg = 7000            # not used by the windows yet (payload cost hook)

    [target]
    kind = "circular"            # circular | elliptical | sso
    altitude_km = 200            # circular and sso
    perigee_km = 200             # elliptical
    apogee_km = 240              # elliptical
    inclination_deg = 51.6       # not for sso (computed from the altitude)

    [window]
    tle_file = "iss.tle"         # target = this object's plane, with phasing  (or)
    raan_deg = 86.64             # a plane: node (TEME, of date) at an epoch   (or)
    epoch_utc = "2023-05-24T08:38:18Z"
    local_time_node = "10:30"    # sso only
    node = "descending"          # sso: ascending | descending
    sun = "mean"                 # sso: mean | true local time
    heading = "north"            # optional: north | south (default: every allowed)
    yaw_allowance_deg = 0.0      # out-of-plane allowance; 0 = instantaneous window
    force_tle = false            # accept a TLE more than 30 days from the dates asked

With ``tle_file`` the plane and inclination are the TLE object's ([target] altitude and
inclination are not used); with ``raan_deg`` the plane drifts at the J2 rate of the [target]
orbit; ``kind = "sso"`` takes the inclination from the altitude (J2, one node turn per year).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from baiterek import catalog
from baiterek.constants import WGS84_A
from baiterek.errors import InputError
from baiterek.mission import LoadedMission, TargetSection, WindowSection
from baiterek.windows.geometry import AscentGeometry, GeometryProvider
from baiterek.windows.search import (
    WindowTable,
    plane_from_orbit,
    plane_windows,
    sso_windows,
    tle_windows,
)
from baiterek.windows.tle import read_tle

__all__ = ["parse_local_time", "mission_windows"]


def parse_local_time(text: str) -> float:
    """'10:30' (or '10:30:15') as hours, 10.5."""
    try:
        parts = [int(x) for x in str(text).strip().split(":")]
        if not 2 <= len(parts) <= 3 or not (0 <= parts[0] < 24 and 0 <= parts[1] < 60):
            raise ValueError
        sec = parts[2] if len(parts) == 3 else 0
        if not 0 <= sec < 60:
            raise ValueError
    except ValueError:
        raise InputError("local_time_node", text, "a time of day HH:MM, e.g. '10:30'") from None
    return parts[0] + parts[1] / 60.0 + sec / 3600.0


def _orbit_a_e(t: TargetSection) -> tuple[float, float]:
    if t.kind == "elliptical":
        if t.perigee_km is None or t.apogee_km is None:
            raise InputError("target.perigee_km/apogee_km", None, "both, for an elliptical target")
        if t.apogee_km < t.perigee_km:
            raise InputError("target.apogee_km", t.apogee_km, f">= perigee_km ({t.perigee_km})")
        rp, ra = WGS84_A + t.perigee_km * 1e3, WGS84_A + t.apogee_km * 1e3
        return 0.5 * (rp + ra), (ra - rp) / (ra + rp)
    if t.altitude_km is None:
        raise InputError("target.altitude_km", None, f"an altitude for a {t.kind} target")
    return WGS84_A + t.altitude_km * 1e3, 0.0


def mission_windows(
    m: LoadedMission,
    start: str | datetime,
    days: float,
    force_tle: bool = False,
    *,
    geometry: AscentGeometry | GeometryProvider,
) -> WindowTable:
    """The launch windows a mission file (:func:`baiterek.mission.read_mission_file`) asks for,
    with the ascent geometry injected (see :mod:`baiterek.windows.geometry`)."""
    d = m.data
    site = catalog.site(d.mission.site)
    w, t = d.window or WindowSection(), d.target
    common: dict[str, Any] = dict(
        heading=w.heading, yaw_allowance_deg=w.yaw_allowance_deg, geometry=geometry
    )
    if t.kind == "sso":
        if w.local_time_node is None:
            raise InputError(
                "window.local_time_node",
                None,
                "a node local time such as '10:30' for an sso target",
            )
        a, e = _orbit_a_e(t)
        return sso_windows(
            site, d.mission.vehicle, a - WGS84_A, parse_local_time(w.local_time_node),
            start, days, node=w.node, sun=w.sun, eccentricity=e, **common,
        )  # fmt: skip
    if w.tle_file:
        target = read_tle(m.resolve(w.tle_file), "window.tle_file")
        return tle_windows(
            site, d.mission.vehicle, target, start, days,
            force_tle=force_tle or w.force_tle, **common,
        )  # fmt: skip
    if w.raan_deg is not None and w.epoch_utc is not None:
        if t.inclination_deg is None:
            raise InputError("target.inclination_deg", None, "an inclination for a plane target")
        a, e = _orbit_a_e(t)
        plane = plane_from_orbit(w.raan_deg, t.inclination_deg, w.epoch_utc, a, e)
        return plane_windows(site, d.mission.vehicle, plane, start, days, **common)
    raise InputError(
        "window",
        {k: v for k, v in w.model_dump().items() if v is not None},
        "tle_file, or raan_deg with epoch_utc, or (sso target) local_time_node",
    )
