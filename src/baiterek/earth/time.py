"""Time scales: one story for the whole code.

* At the edges (files, CLI, reports) times are timezone-aware UTC (``datetime`` or ISO 8601
  strings ending in ``Z``).
* Inside, an instant is a skyfield ``Time``; it carries UTC, TAI, TT and UT1 at once.
  UT1 - UTC and the leap seconds come from the Earth-orientation table bundled with skyfield
  (``load.timescale(builtin=True)``), dated by :func:`earth_orientation_table_info`; nothing is
  ever downloaded during a computation.
* Flight code uses SI seconds elapsed from an epoch (e.g. liftoff) as plain floats.

Why skyfield and not a home-made sidereal time: the guide asks for a standard library; skyfield
gives vectorised UT1, GMST and IAU 2000 frames with bundled, dated data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

import numpy as np
from skyfield.api import Timescale, load
from skyfield.timelib import Time

from baiterek.constants import SECONDS_PER_DAY
from baiterek.errors import InputError

__all__ = [
    "timescale",
    "parse_utc",
    "to_time",
    "utc_datetime",
    "utc_iso",
    "offset_time",
    "earth_orientation_table_info",
    "gmst82",
    "utc_jd",
    "tt_jd_time",
]


EARLIEST_UTC = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_UTC = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
"""The instants a user may give: the bundled data (leap seconds and UT1 - UTC from skyfield,
extrapolated outside their table; DE421 from 1899-07-29 to 2053-10-09, refused past it by the
commands that need it) are not meant for other centuries, and ``datetime`` stops at 9999."""


@cache
def timescale() -> Timescale:
    """The one bundled skyfield timescale (leap seconds and UT1 - UTC shipped with skyfield)."""
    return load.timescale(builtin=True)


def parse_utc(value: str | datetime, field: str = "time_utc") -> datetime:
    """An ISO 8601 string or datetime as a timezone-aware UTC datetime.

    A naive string/datetime is refused: UTC must be explicit ('Z' or '+00:00').
    """
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if len(text) == 10:  # a bare date means 00:00 UTC of that day
            text += "T00:00:00Z"
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise InputError(
                field, value, "an ISO 8601 UTC time such as 2026-11-21T05:45:04Z"
            ) from None
    if dt.tzinfo is None:
        raise InputError(field, str(value), "a UTC time with an explicit zone, e.g. ending in 'Z'")
    try:
        utc = dt.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset
        utc = None
    if utc is None or not (EARLIEST_UTC <= utc <= LATEST_UTC):
        raise InputError(
            field, str(value), f"a UTC time from {EARLIEST_UTC:%Y-%m-%d} to {LATEST_UTC:%Y-%m-%d}",
            "the span of the bundled time-scale and ephemeris data",
        )  # fmt: skip
    return utc


def to_time(value) -> Time:
    """A skyfield Time from a UTC datetime, an ISO string, or a list/array of them."""
    if isinstance(value, Time):
        return value
    if isinstance(value, (str, datetime)):
        return timescale().from_datetime(parse_utc(value))
    return timescale().from_datetimes([parse_utc(v) for v in value])


def offset_time(epoch: Time, seconds) -> Time:
    """Instants ``seconds`` (SI, scalar or array) after ``epoch``, as a skyfield Time (via TT)."""
    return timescale().tt_jd(epoch.whole, epoch.tt_fraction + np.asarray(seconds) / SECONDS_PER_DAY)


def utc_datetime(t: Time) -> datetime:
    """A scalar skyfield Time as an aware UTC datetime (microsecond resolution)."""
    dt, leap = t.utc_datetime_and_leap_second()
    return dt + timedelta(seconds=float(leap))


def utc_iso(t: Time | datetime, places: int = 3) -> str:
    """ISO 8601 UTC rounded to ``places`` decimals of a second (0 to 6), with a trailing Z."""
    dt = utc_datetime(t) if isinstance(t, Time) else parse_utc(t)
    if places <= 0:
        dt = dt + timedelta(microseconds=500_000)
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    dt = dt + timedelta(microseconds=5 * 10 ** (5 - places)) if places < 6 else dt
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%f")[: 20 + places] + "Z"


def tt_jd_time(jd_tt) -> Time:
    """A skyfield Time from Julian dates in TT (float or array): the fast path for array code."""
    return timescale().tt_jd(np.asarray(jd_tt, float))


def utc_jd(t: Time) -> tuple[np.ndarray, np.ndarray]:
    """(whole, fraction) Julian date in UTC, the form sgp4 expects for its time argument.

    Same convention as skyfield's own SGP4 wrapper (TLE epochs are UTC, AIAA 2006-6753).
    """
    return t.whole, t.tai_fraction - t._leap_seconds() / SECONDS_PER_DAY


def gmst82(t: Time) -> np.ndarray:
    """Greenwich mean sidereal time, IAU 1982 model, rad in [0, 2 pi), from UT1.

    The sidereal angle that defines SGP4's TEME frame (Vallado, *Fundamentals of Astrodynamics
    and Applications*, 4th ed., eq. 3-47; Vallado et al., AIAA 2006-6753). UT1 comes from the
    bundled skyfield table. Vectorised over the Time's shape.
    """
    du = (np.asarray(t.whole, float) - 2451545.0) + np.asarray(t.ut1_fraction, float)
    tc = du / 36525.0
    # seconds of time: 67310.54841 + (876600 h + 8640184.812866 s) T + 0.093104 T^2 - 6.2e-6 T^3
    # split: 876600 h * 3600 s/h * T = 86400 s * 36525 * T = 86400 * du  ->  whole turns dropped
    frac_days = np.mod(du, 1.0)
    sec = 67310.54841 + 8640184.812866 * tc + 0.093104 * tc**2 - 6.2e-6 * tc**3
    sec = sec + frac_days * SECONDS_PER_DAY
    return np.mod(sec / 240.0 * (np.pi / 180.0), 2.0 * np.pi)


def earth_orientation_table_info() -> dict[str, str]:
    """Which Earth-orientation data are in use, for provenance blocks and reports."""
    import skyfield

    info = {
        "library": f"skyfield {skyfield.__version__}",
        "table": "skyfield builtin IERS finals (iers.npz) and leap seconds",
        "note": "UT1 - UTC is predicted beyond the table's last measured day",
    }
    last = _table_last_day()  # end of the table, IERS predictions included (about a year)
    if last:
        info["table_last_day_utc"] = last
    return info


@cache
def _table_last_day() -> str:
    """Last date of the bundled UT1 - UTC table, ISO (empty if skyfield hides it)."""
    try:
        ts = timescale()
        tt = ts.delta_t_table[0]  # TT Julian dates of the Delta T table
        return utc_iso(ts.tt_jd(float(np.max(tt))), places=0)[:10]
    except (AttributeError, IndexError, TypeError, ValueError):
        return ""
