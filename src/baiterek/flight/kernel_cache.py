"""Whether the compiled flight kernel is in numba's on-disk cache yet (cheap, no compilation).

numba (``@njit(cache=True)``) keeps an index file per function next to the module (or under
``NUMBA_CACHE_DIR``); the index is empty when the function was never compiled in this
environment or when its source changed since (numba then recompiles it). Reading the index of
the ascent kernel takes about a millisecond, so the CLI can say "compiling the flight kernels"
before a cold first run instead of a silent spinner. The index is read through numba's cache
object (``Dispatcher._cache``, an internal of numba 0.5x-0.6x): any change there reads as cold,
which only shows the notice once more.
"""

from __future__ import annotations


def flight_kernels_cached() -> bool:
    """True when the ascent kernel is compiled and cached for its current source (or when JIT
    is disabled, ``NUMBA_DISABLE_JIT=1``: nothing to compile)."""
    from baiterek.flight import _kernel

    cache = getattr(_kernel.fly, "_cache", None)
    if cache is None:  # a plain Python function: JIT disabled
        return True
    try:
        return bool(cache._cache_file._load_index())
    except Exception:  # noqa: BLE001 - an internal of numba moved: say it is cold
        return False
