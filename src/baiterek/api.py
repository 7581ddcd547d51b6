"""The public API of baiterek: one function per job, in the CLI's units, returning results.

Units at this edge: km, deg, kg, s, ids as lower-case strings, UTC as ISO strings ('Z') or
timezone-aware datetimes. Keyword names follow the CLI flags (``altitude_km`` is
``--altitude-km``). A mission is a TOML file path or a ``Mission`` (``load_mission``).

Every result is a frozen value with a short ``repr`` (the headline numbers), ``summary()``
(text), ``to_frame()`` where tabular (pandas) and ``to_json()``: exactly the document
``baiterek <command> --json`` prints (the CLI adds ``files`` when it writes them with the
result's ``write(out_dir)``). Expected outcomes (a payload that does not fit, a missed
validation row) are in the results; user mistakes raise ``baiterek.errors.InputError`` naming
the keyword, and physically impossible requests ``InfeasibleError`` with the limit.

Each job lives in its own module of ``baiterek._api`` (one function, one result class); this
module only gathers them, so the names below are the whole public surface.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from baiterek._api.catalog import Catalog, sites, stations, vehicles
from baiterek._api.compare import TelemetryComparison, compare
from baiterek._api.dispersion import Dispersion, dispersion
from baiterek._api.fly import Flight, bundled_mission_path, fly
from baiterek._api.interplanetary import Escape, Mars, Moon, escape_payload, mars, moon
from baiterek._api.orbit import OrbitProducts, orbit_products
from baiterek._api.performance import Curve, Payload, max_payload, orbit_text, performance_curve
from baiterek._api.postflight import PostFlight, postflight
from baiterek._api.safety import MAX_BACKUP_DAYS, Safety, safety
from baiterek._api.validate import Validation, validate
from baiterek._api.windows import MAX_DAYS, Windows, launch_windows
from baiterek._version import __version__
from baiterek.errors import BaiterekError, ConvergenceError, InfeasibleError, InputError

if TYPE_CHECKING:
    from baiterek.mission import Mission

__all__ = [
    "__version__",
    "MAX_BACKUP_DAYS",
    "safety",
    "Safety",
    "moon",
    "mars",
    "escape_payload",
    "Moon",
    "Mars",
    "Escape",
    "MAX_DAYS",
    "BaiterekError",
    "Catalog",
    "ConvergenceError",
    "Curve",
    "Dispersion",
    "Flight",
    "InfeasibleError",
    "InputError",
    "OrbitProducts",
    "Payload",
    "Validation",
    "Windows",
    "bundled_mission_path",
    "dispersion",
    "fly",
    "launch_windows",
    "load_mission",
    "max_payload",
    "orbit_products",
    "orbit_text",
    "performance_curve",
    "sites",
    "stations",
    "validate",
    "vehicles",
    "compare",
    "TelemetryComparison",
    "postflight",
    "PostFlight",
]


def load_mission(path: str | Path) -> Mission:
    """Read and validate a mission TOML file (every mistake is an InputError naming the key)."""
    from baiterek.mission import load_mission as _load

    return _load(path)
