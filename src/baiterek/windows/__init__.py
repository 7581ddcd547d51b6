"""Launch windows: plane targeting, ISS/TLE targets with phasing, sun-synchronous local times.

Public API::

    from baiterek.windows import plane_windows, tle_windows, sso_windows, read_tle
"""

from baiterek.windows.ascent import (
    AscentGeometry,
    analytic_ascent_geometry,
    ascent_geometry,
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
    "analytic_ascent_geometry",
    "ascent_geometry",
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
