"""DE421 positions and velocities of the Earth, the Moon and Mars, read with jplephem, offline.

DE421 ships inside the ``skyfield-data`` package (the file skyfield itself uses), so nothing is
downloaded. Segments are read directly with jplephem (vectorised over Julian dates, TDB), rather
than through skyfield's ``Time``/``VectorFunction`` objects, because a porkchop needs a few hundred
states at once and nothing else. Frame: ICRF (equatorial, the EME2000 axes to within 0.02 arcsec).
SI at the output: m, m/s.
"""

from __future__ import annotations

import functools
import os
from datetime import UTC, datetime, timedelta

import numpy as np
from jplephem.spk import SPK, BaseSegment

from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.time import parse_utc, timescale
from baiterek.errors import InputError

__all__ = [
    "EPHEMERIS_NAME",
    "ephemeris_span_jd",
    "heliocentric_state",
    "geocentric_moon_state",
    "jd_tdb_from_utc",
    "utc_from_jd_tdb",
]

EPHEMERIS_NAME = "DE421"
_KM = 1e3
_KM_PER_DAY = 1e3 / SECONDS_PER_DAY


@functools.cache
def _kernel() -> SPK:
    import skyfield_data

    path = os.path.join(os.path.dirname(skyfield_data.__file__), "data", "de421.bsp")
    return SPK.open(path)


def _segment(center: int, target: int) -> BaseSegment:
    return _kernel()[center, target]


def ephemeris_span_jd() -> tuple[float, float]:
    """(first, last) Julian date (TDB) that DE421 covers for every body used here."""
    starts, ends = [], []
    for seg in _kernel().segments:
        starts.append(seg.start_jd)
        ends.append(seg.end_jd)
    return max(starts), min(ends)


def _check_span(jd: np.ndarray, field: str) -> None:
    lo, hi = ephemeris_span_jd()
    bad = (jd < lo) | (jd > hi)
    if np.any(bad):
        first = utc_from_jd_tdb(np.array([lo]))[0][:10]
        last = utc_from_jd_tdb(np.array([hi]))[0][:10]
        value = utc_from_jd_tdb(np.atleast_1d(jd[bad])[:1])[0][:10]
        raise InputError(field, value, f"a date inside the {EPHEMERIS_NAME} span {first} .. {last}")


def _state(center: int, target: int, jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p, v = _segment(center, target).compute_and_differentiate(jd)
    return np.asarray(p).T * _KM, np.asarray(v).T * _KM_PER_DAY


def _barycentric(body: str, jd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if body == "sun":
        return _state(0, 10, jd)
    if body == "mars":
        return _state(0, 4, jd)
    if body == "earth":
        pb, vb = _state(0, 3, jd)
        pe, ve = _state(3, 399, jd)
        return pb + pe, vb + ve
    raise InputError("body", body, "earth, mars or sun")


def heliocentric_state(
    body: str, jd_tdb: np.ndarray, field: str = "date_utc"
) -> tuple[np.ndarray, np.ndarray]:
    """Heliocentric ICRF position (m) and velocity (m/s) of ``body`` at TDB Julian dates, (..., 3).

    ``body``: "earth" or "mars" (the Mars system barycentre). Dates outside DE421: InputError
    naming ``field``.
    """
    jd = np.asarray(jd_tdb, dtype=float)
    flat = jd.reshape(-1)
    _check_span(flat, field)
    p, v = _barycentric(body, flat)
    ps, vs = _barycentric("sun", flat)
    shape = (*jd.shape, 3)
    return (p - ps).reshape(shape), (v - vs).reshape(shape)


def geocentric_moon_state(
    jd_tdb: np.ndarray, field: str = "date_utc"
) -> tuple[np.ndarray, np.ndarray]:
    """Geocentric ICRF position (m) and velocity (m/s) of the Moon at TDB Julian dates, (..., 3)."""
    jd = np.asarray(jd_tdb, dtype=float)
    flat = jd.reshape(-1)
    _check_span(flat, field)
    pm, vm = _state(3, 301, flat)
    pe, ve = _state(3, 399, flat)
    shape = (*jd.shape, 3)
    return (pm - pe).reshape(shape), (vm - ve).reshape(shape)


def jd_tdb_from_utc(value: str | datetime, field: str = "date_utc") -> float:
    """TDB Julian date of a UTC date or date-time (ISO 8601 string or aware datetime)."""
    t = timescale().from_datetime(parse_utc(value, field))
    return float(t.tdb)


def utc_from_jd_tdb(jd_tdb: np.ndarray) -> list[str]:
    """ISO 8601 UTC strings (whole seconds, ``Z``) of TDB Julian dates."""
    t = timescale().tdb_jd(np.atleast_1d(np.asarray(jd_tdb, dtype=float)))
    half = timedelta(seconds=0.5)  # rounded to the nearest second, not truncated
    return [(d + half).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for d in t.utc_datetime()]
