"""Horizontal wind profile: east and north components (m/s) tabulated against altitude (m).

Linear interpolation between table rows, the lowest row held below the table, calm (zero) above
the top row. A few lines of numba, written here because the ascent kernel evaluates it at every
integrator stage (no library offers a numba-callable profile; ``np.interp`` is not usable with
the zero-above rule and per-step Python objects are not wanted there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numba import njit

from baiterek._jit_cache import drop_stale


@njit(cache=True)
def wind_enu(
    altitude_m: float, alt_table: np.ndarray, east_table: np.ndarray, north_table: np.ndarray
) -> tuple[float, float]:
    """Wind (east, north) in m/s at altitude (m); tables sorted by increasing altitude (m).

    Zero above the last row and for an empty table; the first row's value below the first row.
    """
    n = alt_table.size
    if n == 0 or altitude_m > alt_table[n - 1]:
        return 0.0, 0.0
    if altitude_m <= alt_table[0]:
        return east_table[0], north_table[0]
    k = np.searchsorted(alt_table, altitude_m) - 1  # alt_table[k] < altitude_m <= alt_table[k+1]
    f = (altitude_m - alt_table[k]) / (alt_table[k + 1] - alt_table[k])
    return (
        east_table[k] + f * (east_table[k + 1] - east_table[k]),
        north_table[k] + f * (north_table[k + 1] - north_table[k]),
    )


@dataclass(frozen=True)
class WindProfile:
    """Tabulated wind: altitude (m, strictly increasing), east and north components (m/s)."""

    altitude_m: np.ndarray
    east_m_s: np.ndarray
    north_m_s: np.ndarray

    def __post_init__(self) -> None:
        arrays = []
        for name in ("altitude_m", "east_m_s", "north_m_s"):
            a = np.ascontiguousarray(getattr(self, name), dtype=float)
            if a.ndim != 1:
                raise ValueError(f"{name} must be one-dimensional")
            a.flags.writeable = False
            object.__setattr__(self, name, a)
            arrays.append(a)
        if not (arrays[0].size == arrays[1].size == arrays[2].size):
            raise ValueError("altitude_m, east_m_s and north_m_s must have the same length")
        if np.any(np.diff(arrays[0]) <= 0.0):
            raise ValueError("altitude_m must be strictly increasing")
        if not all(np.all(np.isfinite(a)) for a in arrays):
            raise ValueError("wind table values must be finite")

    @classmethod
    def calm(cls) -> WindProfile:
        """No wind at any altitude (empty table)."""
        return cls(np.empty(0), np.empty(0), np.empty(0))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[float, float, float]]) -> WindProfile:
        """From rows (altitude m, east m/s, north m/s), sorted by altitude on input."""
        table = np.array(list(rows), dtype=float).reshape(-1, 3)
        table = table[np.argsort(table[:, 0], kind="stable")]
        return cls(table[:, 0], table[:, 1], table[:, 2])

    def at(self, altitude_m: float) -> tuple[float, float]:
        """Wind (east, north) in m/s at one altitude (m)."""
        return wind_enu(float(altitude_m), self.altitude_m, self.east_m_s, self.north_m_s)


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
