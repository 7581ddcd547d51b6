"""Air density for orbit propagation: a pluggable, tabulated density profile.

The propagator (``baiterek.orbit.propagate``) takes the density as a :class:`DensityTable`: any
function of geodetic altitude (m) -> density (kg/m^3) sampled once on a uniform altitude grid and
interpolated log-linearly inside the compiled kernel. Log-linear interpolation is exact for any
piecewise-exponential model whose breakpoints lie on the grid, and for a smooth profile such as
US Standard Atmosphere 1976 its error on a 250 m grid is far below the uncertainty of the density
itself. Tabulating once keeps the compiled kernel cacheable (no function objects are passed to
numba) and lets any Python model plug in, e.g. the US76 model of ``baiterek.earth.atmosphere``::

    DensityTable.from_function(lambda h: us76_vectorised(h).rho)

The default is US Standard Atmosphere 1976 (``baiterek.earth.atmosphere``; 0 to 1,000 km, and
its scale-height extrapolation above), the same atmosphere the ascent flies through.
:func:`exponential_density`, the piecewise-exponential model of Vallado, *Fundamentals of
Astrodynamics and Applications*, 4th ed. (2013), Table 8-4 (based on CIRA-72), remains available.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["DensityTable", "default_density_table", "exponential_density", "us76_density"]

# Vallado (2013), Table 8-4: base altitude h0 (km), nominal density rho0 (kg/m^3), scale height H (km).
_VALLADO_8_4 = np.array(
    [
        (0.0, 1.225, 7.249),
        (25.0, 3.899e-2, 6.349),
        (30.0, 1.774e-2, 6.682),
        (40.0, 3.972e-3, 7.554),
        (50.0, 1.057e-3, 8.382),
        (60.0, 3.206e-4, 7.714),
        (70.0, 8.770e-5, 6.549),
        (80.0, 1.905e-5, 5.799),
        (90.0, 3.396e-6, 5.382),
        (100.0, 5.297e-7, 5.877),
        (110.0, 9.661e-8, 7.263),
        (120.0, 2.438e-8, 9.473),
        (130.0, 8.484e-9, 12.636),
        (140.0, 3.845e-9, 16.149),
        (150.0, 2.070e-9, 22.523),
        (180.0, 5.464e-10, 29.740),
        (200.0, 2.789e-10, 37.105),
        (250.0, 7.248e-11, 45.546),
        (300.0, 2.418e-11, 53.628),
        (350.0, 9.518e-12, 53.298),
        (400.0, 3.725e-12, 58.515),
        (450.0, 1.585e-12, 60.828),
        (500.0, 6.967e-13, 63.822),
        (600.0, 1.454e-13, 71.835),
        (700.0, 3.614e-14, 88.667),
        (800.0, 1.170e-14, 124.64),
        (900.0, 5.245e-15, 181.05),
        (1000.0, 3.019e-15, 268.00),
    ]
)


def exponential_density(altitude_m) -> np.ndarray:
    """Piecewise-exponential density (kg/m^3) at geodetic altitude (m), Vallado Table 8-4.

    Below 0 m the sea-level band is used; above 1000 km the last band continues.
    """
    h_km = np.asarray(altitude_m, float) / 1000.0
    k = np.clip(np.searchsorted(_VALLADO_8_4[:, 0], h_km, side="right") - 1, 0, None)
    h0, rho0, scale = np.moveaxis(_VALLADO_8_4[k], -1, 0)
    return rho0 * np.exp(-(h_km - h0) / scale)


@dataclass(frozen=True)
class DensityTable:
    """log(density) on a uniform altitude grid from 0 m in steps of ``step_m``; 0 above the top."""

    log_density: np.ndarray
    step_m: float
    name: str

    @classmethod
    def from_function(
        cls,
        density: Callable[[np.ndarray], np.ndarray],
        name: str = "user density function",
        top_m: float = 2_500_000.0,
        step_m: float = 250.0,
    ) -> DensityTable:
        """Sample ``density(altitude_m array) -> kg/m^3 array`` once on the grid."""
        h = np.arange(0.0, top_m + step_m, step_m)
        rho = np.asarray(density(h), float)
        if rho.shape != h.shape or not np.all(np.isfinite(rho)) or np.any(rho < 0):
            raise ValueError("density function must return finite, non-negative values")
        with np.errstate(divide="ignore"):
            log_rho = np.where(rho > 0, np.log(np.where(rho > 0, rho, 1.0)), -700.0)
        log_rho.setflags(write=False)
        return cls(log_density=log_rho, step_m=float(step_m), name=name)


_DEFAULT: list[DensityTable] = []


def us76_density(altitude_m) -> np.ndarray:
    """US Standard Atmosphere 1976 density (kg/m^3) at geometric altitude (m), vectorised."""
    from baiterek.earth.atmosphere import atmosphere

    return np.asarray(atmosphere(altitude_m).density, float)


def default_density_table() -> DensityTable:
    """The density used when none is given: US Standard Atmosphere 1976 (tabulated)."""
    if not _DEFAULT:
        _DEFAULT.append(DensityTable.from_function(us76_density, "US Standard Atmosphere 1976"))
    return _DEFAULT[0]
