"""CCSDS ODM reference frames and time code: GCRS <-> EME2000/GCRF, and UTC as ASCII time code A.

Frames, exactly:

* Inside baiterek, inertial states are GCRS (skyfield's GCRS, which it equates with GCRF;
  the difference is below 1 mas and matters to no orbit product).
* ``ref_frame="EME2000"`` (the default, what GMAT, STK and Orekit users expect) writes
  r_EME2000 = B r_GCRS with B the IAU 2006 frame-bias matrix (``erfa.bp06``, the 'rb' matrix;
  offsets xi0 = -16.617 mas, eta0 = -6.819 mas, dalpha0 = -14.6 mas, about 23 mas in all, i.e.
  0.7 m at GEO and 0.8 m at 6,800 km radius). EME2000 here is the mean equator and equinox of
  J2000.0 in the sense of IERS/SOFA, the same realisation as Orekit's EME2000.
* ``ref_frame="GCRF"`` writes the GCRS state unchanged.

Times: UTC (TIME_SYSTEM = UTC), ISO 8601 'YYYY-MM-DDThh:mm:ss.fffffffff' without zone letter,
nine decimals (nanoseconds), so that times round-trip far below the millimetre level at orbital
speeds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import overload

import erfa
import numpy as np
import numpy.typing as npt
from skyfield.timelib import Time

from baiterek.errors import InputError

__all__ = [
    "REF_FRAMES",
    "check_frame",
    "ccsds_time",
    "frame_bias_matrix",
    "gcrs_to_ref_frame",
    "ref_frame_to_gcrs",
]

REF_FRAMES = ("EME2000", "GCRF")
"""The reference frames written (``REF_FRAME``); EME2000 is the default of every writer."""

Array = npt.NDArray[np.float64]


def frame_bias_matrix() -> Array:
    """IAU 2006 frame-bias matrix B (r_EME2000 = B @ r_GCRS); time independent (erfa.bp06 'rb')."""
    rb, _, _ = erfa.bp06(2451545.0, 0.0)
    return np.asarray(rb)


def check_frame(ref_frame: str) -> str:
    """``ref_frame`` if it is one of :data:`REF_FRAMES`, else InputError naming ``ref_frame``."""
    if ref_frame not in REF_FRAMES:
        raise InputError("ref_frame", ref_frame, " or ".join(REF_FRAMES))
    return ref_frame


@overload
def gcrs_to_ref_frame(ref_frame: str, r: npt.ArrayLike, v: None = None) -> Array: ...
@overload
def gcrs_to_ref_frame(
    ref_frame: str, r: npt.ArrayLike, v: npt.ArrayLike
) -> tuple[Array, Array]: ...
def gcrs_to_ref_frame(
    ref_frame: str, r: npt.ArrayLike, v: npt.ArrayLike | None = None
) -> Array | tuple[Array, Array]:
    """GCRS vectors (..., 3) in the given CCSDS reference frame (EME2000 applies the frame bias)."""
    check_frame(ref_frame)
    m = frame_bias_matrix() if ref_frame == "EME2000" else np.eye(3)
    r_o = np.einsum("ij,...j->...i", m, np.asarray(r, float))
    if v is None:
        return r_o
    return r_o, np.einsum("ij,...j->...i", m, np.asarray(v, float))


@overload
def ref_frame_to_gcrs(ref_frame: str, r: npt.ArrayLike, v: None = None) -> Array: ...
@overload
def ref_frame_to_gcrs(
    ref_frame: str, r: npt.ArrayLike, v: npt.ArrayLike
) -> tuple[Array, Array]: ...
def ref_frame_to_gcrs(
    ref_frame: str, r: npt.ArrayLike, v: npt.ArrayLike | None = None
) -> Array | tuple[Array, Array]:
    """Inverse of :func:`gcrs_to_ref_frame`."""
    check_frame(ref_frame)
    m = frame_bias_matrix() if ref_frame == "EME2000" else np.eye(3)
    r_o = np.einsum("ji,...j->...i", m, np.asarray(r, float))
    if v is None:
        return r_o
    return r_o, np.einsum("ji,...j->...i", m, np.asarray(v, float))


def ccsds_time(t: Time) -> list[str] | str:
    """UTC as CCSDS ASCII time code A (no zone letter), nine decimals of a second.

    An instant inside a leap second would be written as the first instant after it (not needed
    by any product here; stated for completeness).
    """
    year, month, day, hour, minute, second = t.utc
    scalar = np.ndim(year) == 0
    cols = [np.atleast_1d(c) for c in (year, month, day, hour, minute, second)]
    out = []
    for y, mo, d, h, mi, s in zip(*cols, strict=True):
        whole = int(np.floor(s))
        ns = int(round((float(s) - whole) * 1e9))
        if ns >= 1_000_000_000:  # rounding carried into the next second
            whole, ns = whole + 1, ns - 1_000_000_000
        base = datetime(int(y), int(mo), int(d), int(h), int(mi)) + timedelta(seconds=whole)
        out.append(base.strftime("%Y-%m-%dT%H:%M:%S") + f".{ns:09d}")
    return out[0] if scalar else out
