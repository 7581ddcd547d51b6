"""A target given by a two-line element set: reading, checking, its plane and its position.

Why mean elements for the plane. The TLE holds SGP4 (Brouwer-Kozai) mean elements; SGP4's own
initialisation gives their secular node rate (``Satrec.nodedot``: J2 and J4, the same theory
that made the TLE). The plane used for targeting is Omega(t) = nodeo + nodedot (t - epoch) with
the mean inclination. The osculating node wobbles about it by the J2 short-period terms (about
+/- 0.02 deg at the ISS, i.e. +/- 5 s of launch time that would depend on where the target
happens to be in its orbit); the mean plane is what both vehicles share on average, and it is
one multiply per candidate, so a year of candidates costs nothing. The target's position (for
the phase angle) comes from full SGP4 (``sgp4_array``) at each candidate's insertion instant.

Checks (:func:`baiterek.orbit.tle.parse_tle`, the one owner): line lengths and numbers, the
modulo-10 checksum of each line (sgp4 does not check it), the same catalogue number on both
lines, element ranges, and an SGP4 error code at the epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sgp4.api import Satrec
from skyfield.timelib import Time

from baiterek.earth.time import timescale, tt_jd_time, utc_iso, utc_jd
from baiterek.errors import InputError
from baiterek.kepler import state_to_elements
from baiterek.orbit.tle import parse_tle as parse_tle_lines
from baiterek.orbit.tle import split_tle_text
from baiterek.windows.plane import TargetPlane

__all__ = [
    "TleTarget",
    "parse_tle",
    "read_tle",
    "check_tle_epoch",
    "TLE_WARN_DAYS",
    "TLE_ERROR_DAYS",
]

TLE_WARN_DAYS = 7.0
"""A TLE epoch farther than this from the dates asked gives a warning (propagation error grows
to kilometres and the phase to tenths of a degree within a week for the ISS)."""
TLE_ERROR_DAYS = 30.0
"""Farther than this is refused unless forced."""


@dataclass(frozen=True)
class TleTarget:
    """A parsed, checked TLE with its SGP4 model."""

    name: str
    line1: str
    line2: str
    satrec: Satrec = field(repr=False, compare=False)

    def _epoch(self) -> Time:
        # the TLE epoch is UTC (AIAA 2006-6753); built as skyfield's EarthSatellite does
        yy = self.satrec.epochyr
        return timescale().utc(yy + (2000 if yy < 57 else 1900), 1, self.satrec.epochdays)

    @property
    def epoch_jd_tt(self) -> float:
        return float(self._epoch().tt)

    @property
    def epoch_utc(self) -> str:
        return utc_iso(self._epoch(), places=3)

    @property
    def semi_major_axis_m(self) -> float:
        """Mean semi-major axis from SGP4's initialisation (Brouwer, WGS-72 radii), m."""
        return float(self.satrec.a * self.satrec.radiusearthkm) * 1e3

    def plane(self) -> TargetPlane:
        s = self.satrec
        return TargetPlane(
            raan_rad=float(s.nodeo),
            inclination_rad=float(s.inclo),
            epoch_jd_tt=self.epoch_jd_tt,
            raan_rate_rad_s=float(s.nodedot) / 60.0,
            source=f"TLE {self.name or s.satnum_str} epoch {self.epoch_utc}: mean elements, SGP4 secular node rate",
        )

    def arglat(
        self, jd_tt: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """(argument of latitude (rad), radius (m)) of the target at TT Julian dates, from SGP4
        in TEME; NaN where SGP4 fails (error codes, not exceptions)."""
        t = tt_jd_time(np.atleast_1d(np.asarray(jd_tt, float)))
        whole, frac = utc_jd(t)
        err, r, v = self.satrec.sgp4_array(np.asarray(whole, float), np.asarray(frac, float))
        el = state_to_elements(r * 1e3, v * 1e3)
        u = np.mod(el.argp + el.nu, 2 * math.pi)
        bad = err != 0
        return np.where(bad, np.nan, u), np.where(bad, np.nan, np.linalg.norm(r, axis=-1) * 1e3)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "line1": self.line1,
            "line2": self.line2,
            "epoch_utc": self.epoch_utc,
        }


def parse_tle(text: str, source: str = "tle") -> TleTarget:
    """Parse two or three lines (an optional name line first); InputError on anything wrong.

    Splitting and checks are :mod:`baiterek.orbit.tle`'s (the one owner of TLE parsing)."""
    name, l1, l2 = split_tle_text(text, source)
    sat = parse_tle_lines(l1, l2, field=source)
    return TleTarget(name=name, line1=l1.rstrip(), line2=l2.rstrip(), satrec=sat)


def read_tle(path: str | Path, field: str = "tle_file") -> TleTarget:
    """Read and check a TLE file (``field``: the key or keyword that named it)."""
    from baiterek.checks import read_text_file

    p = Path(path)
    text = read_text_file(p, field, "a readable text file with a TLE")
    return parse_tle(text, source=f"tle_file {p.name}")


def check_tle_epoch(
    target: TleTarget, start_jd_tt: float, days: float, force: bool = False
) -> list[str]:
    """Warnings (list of messages) or InputError when the TLE epoch is far from the dates asked.

    The distance is from the epoch to the farther end of [start, start + days]: more than
    ``TLE_WARN_DAYS`` warns, more than ``TLE_ERROR_DAYS`` is refused unless ``force``.
    """
    ep = target.epoch_jd_tt
    # the farthest instant asked counts: a 60-day scan from a fresh TLE still ends far from it
    far = max(abs(start_jd_tt - ep), abs(start_jd_tt + days - ep))
    if far > TLE_ERROR_DAYS and not force:
        raise InputError(
            "tle epoch",
            target.epoch_utc,
            f"within {TLE_ERROR_DAYS:g} days of the dates asked (it is {far:.1f} days away); "
            "use a fresher TLE or force it (--force-tle / force_tle = true)",
        )
    if far > TLE_WARN_DAYS:
        return [
            f"TLE epoch {target.epoch_utc} is {far:.1f} days from the dates asked: "
            "SGP4 along-track error grows to kilometres, phase angles are approximate"
        ]
    return []
