"""Launch windows: plane targeting, ISS/TLE targets with phasing, sun-synchronous local times.

Public API (the ascent geometry is injected; :mod:`baiterek.windows.geometry` chooses it)::

    from baiterek.windows import geometry_provider, plane_windows, tle_windows, sso_windows
    g = geometry_provider("soyuz-2.1a", "baikonur-31-6", source="simulator")
    table = tle_windows(site, "soyuz-2.1a", read_tle("iss.tle"), "2023-05-24", 2.0, geometry=g)
"""

from baiterek.windows.geometry import (
    AscentGeometry,
    GeometryProvider,
    analytic_ascent_geometry,
    ascent_geometry,
    geometry_from_trajectory,
    geometry_provider,
)
from baiterek.windows.plane import TargetPlane, plane_launch_times, window_half_width_s
from baiterek.windows.search import (
    WindowTable,
    plane_from_orbit,
    plane_windows,
    sso_windows,
    tle_windows,
)
from baiterek.windows.tle import TleTarget, parse_tle, read_tle

__all__ = [
    "AscentGeometry",
    "GeometryProvider",
    "analytic_ascent_geometry",
    "ascent_geometry",
    "geometry_from_trajectory",
    "geometry_provider",
    "TargetPlane",
    "plane_launch_times",
    "window_half_width_s",
    "WindowTable",
    "plane_from_orbit",
    "plane_windows",
    "sso_windows",
    "tle_windows",
    "TleTarget",
    "parse_tle",
    "read_tle",
]
