"""Units as plain float factors to SI, for test tolerances and edge conversions.

``10 * METER``, ``0.01 * DEG``, ``altitude_km * KM``, ``angle / ARCSEC``: floats, never unit
objects (poliastro/hapsira's lesson: unit objects in hot paths made calls 40x slower). Inside
baiterek every quantity is SI (m, s, kg, N, rad); these names say what a literal means at the
edge, as skyfield's ``units.py`` and its tests' ``0.001 * meter`` do.

Definitions (exact):
- metre and second: SI base units (BIPM, *The International System of Units*, 9th ed., 2019).
- kilometre: 1000 m (SI prefix kilo, SI Brochure sec. 3).
- degree: pi/180 rad; arcsecond: 1/3600 degree (SI Brochure table 8, non-SI units accepted for
  use with the SI).
- minute 60 s, hour 3600 s, day 86,400 s (SI Brochure table 8; the day of 86,400 SI seconds,
  as ``constants.SECONDS_PER_DAY``).
"""

from __future__ import annotations

import math
from typing import Final

__all__ = ["ARCSEC", "DAY", "DEG", "HOUR", "KM", "METER", "MINUTE", "SECOND"]

METER: Final[float] = 1.0
"""One metre, m."""
KM: Final[float] = 1000.0 * METER
"""One kilometre, m."""
DEG: Final[float] = math.pi / 180.0
"""One degree, rad."""
ARCSEC: Final[float] = DEG / 3600.0
"""One second of arc, rad."""
SECOND: Final[float] = 1.0
"""One second, s."""
MINUTE: Final[float] = 60.0 * SECOND
"""One minute, s."""
HOUR: Final[float] = 3600.0 * SECOND
"""One hour, s."""
DAY: Final[float] = 86400.0 * SECOND
"""One day of 86,400 SI seconds, s."""
