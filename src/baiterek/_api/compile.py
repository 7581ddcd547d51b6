"""``compile_notice``: what to tell a user before the kernels compile on a cold first run."""

from __future__ import annotations

COLD_COMPILE_S = 45.0
"""Wall time of a first ``baiterek fly`` in a fresh environment, s, most of it compiling the
kernels: 45 to 50 s measured by the issue on 2 cores (README: cold and warm figures)."""


def compile_notice() -> str | None:
    """A line for stderr when the flight kernels are not compiled and cached yet (a cold
    first run compiles them, once); None when they are."""
    from baiterek.flight.kernel_cache import flight_kernels_cached

    if flight_kernels_cached():
        return None
    return (
        f"compiling the flight kernels (once, about {COLD_COMPILE_S:.0f} s; "
        "later runs load them from the cache)"
    )
