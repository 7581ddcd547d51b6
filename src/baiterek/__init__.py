"""baiterek: mission analysis for the Baiterek launch complex and other launchers.

The public API (``baiterek.api``) is available here: ``baiterek.max_payload(...)``,
``baiterek.fly(...)``... Names load on first use, so ``import baiterek`` stays cheap.
"""

from __future__ import annotations

from baiterek._version import __version__

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: `import baiterek` does not load typing

__all__ = [
    "safety",
    "Safety",
    "moon",
    "mars",
    "escape_payload",
    "Moon",
    "Mars",
    "Escape",
    "Catalog",
    "Curve",
    "Dispersion",
    "Flight",
    "OrbitProducts",
    "Payload",
    "Validation",
    "Windows",
    "__version__",
    "dispersion",
    "fly",
    "launch_windows",
    "load_mission",
    "max_payload",
    "orbit_products",
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
_API_NAMES = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from typing import Any

    from baiterek.api import (
        Catalog,
        Curve,
        Dispersion,
        Escape,
        Flight,
        Mars,
        Moon,
        OrbitProducts,
        Payload,
        PostFlight,
        Safety,
        TelemetryComparison,
        Validation,
        Windows,
        compare,
        dispersion,
        escape_payload,
        fly,
        launch_windows,
        load_mission,
        mars,
        max_payload,
        moon,
        orbit_products,
        performance_curve,
        postflight,
        safety,
        sites,
        stations,
        validate,
        vehicles,
    )


def __getattr__(name: str) -> Any:
    if name in _API_NAMES:
        from baiterek import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'baiterek' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API_NAMES})
