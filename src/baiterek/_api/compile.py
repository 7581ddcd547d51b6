"""``compile_notice``: what to tell a user before the kernels compile on a cold first run."""

from __future__ import annotations

COLD_COMPILE_S = 45.0
"""Wall time of a first ``baiterek fly`` in a fresh environment, s, most of it compiling the
kernels: 45 to 50 s measured by issue 10 on a quiet 2-core machine. Measured again on branch
firstcontact with an empty ``NUMBA_CACHE_DIR``: 411 s cold, 2.6 s warm, on 2 cores at a load
average of 10 (eight jobs sharing them), so not a figure to quote."""


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
