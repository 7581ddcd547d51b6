"""Reference frames: GCRS (~ GCRF/EME2000 to tens of mas), TEME, ITRS (Earth-fixed).

Rotation matrices come from skyfield (IAU 2000/2006 precession-nutation, ERA, polar motion
from the bundled table). Shapes: for a scalar time a (3, 3) matrix; for n times (n, 3, 3).
Vectors are (..., 3) arrays in m or m/s.

The ascent simulator integrates in the *launch frame*: Earth-centred, non-rotating, with axes
equal to the ITRS axes at liftoff. ``launch_frame_to_gcrs`` places its results in GCRS.
"""

from __future__ import annotations

import numpy as np
from skyfield.framelib import itrs
from skyfield.sgp4lib import TEME
from skyfield.timelib import Time

from baiterek.constants import OMEGA_EARTH


def _stack(m: np.ndarray) -> np.ndarray:
    """skyfield gives (3, 3, n); return (n, 3, 3), or (3, 3) for a scalar time."""
    return m if m.ndim == 2 else np.moveaxis(m, -1, 0)


def gcrs_to_itrs_matrix(t: Time) -> np.ndarray:
    """Rotation R with r_itrs = R @ r_gcrs."""
    return _stack(itrs.rotation_at(t))


def gcrs_to_teme_matrix(t: Time) -> np.ndarray:
    """Rotation R with r_teme = R @ r_gcrs."""
    return _stack(TEME.rotation_at(t))


def _apply(mat: np.ndarray, vec: np.ndarray) -> np.ndarray:
    return np.einsum("...ij,...j->...i", mat, vec)


def _apply_t(mat: np.ndarray, vec: np.ndarray) -> np.ndarray:
    return np.einsum("...ji,...j->...i", mat, vec)


def gcrs_to_itrs(t: Time, r, v=None):
    """Position (and velocity) from GCRS to ITRS; velocity includes the Earth's rotation."""
    m = gcrs_to_itrs_matrix(t)
    r_i = _apply(m, np.asarray(r, float))
    if v is None:
        return r_i
    w = np.array([0.0, 0.0, OMEGA_EARTH])
    v_i = _apply(m, np.asarray(v, float)) - np.cross(w, r_i)
    return r_i, v_i


def itrs_to_gcrs(t: Time, r, v=None):
    """Position (and velocity) from ITRS to GCRS; inverse of :func:`gcrs_to_itrs`."""
    m = gcrs_to_itrs_matrix(t)
    r = np.asarray(r, float)
    r_g = _apply_t(m, r)
    if v is None:
        return r_g
    w = np.array([0.0, 0.0, OMEGA_EARTH])
    v_g = _apply_t(m, np.asarray(v, float) + np.cross(w, r))
    return r_g, v_g


def teme_to_gcrs(t: Time, r, v=None):
    """Position (and velocity) from TEME (SGP4's frame) to GCRS (TEME is quasi-inertial)."""
    m = gcrs_to_teme_matrix(t)
    r_g = _apply_t(m, np.asarray(r, float))
    return r_g if v is None else (r_g, _apply_t(m, np.asarray(v, float)))


def gcrs_to_teme(t: Time, r, v=None):
    """Position (and velocity) from GCRS to TEME."""
    m = gcrs_to_teme_matrix(t)
    r_t = _apply(m, np.asarray(r, float))
    return r_t if v is None else (r_t, _apply(m, np.asarray(v, float)))


def launch_frame_to_gcrs(liftoff: Time, r, v=None):
    """Vectors in the launch frame (ITRS axes frozen at liftoff, non-rotating) to GCRS.

    The launch frame is inertial, so velocities rotate like positions (no omega x r term).
    """
    m = gcrs_to_itrs_matrix(liftoff)
    r_g = _apply_t(m, np.asarray(r, float))
    return r_g if v is None else (r_g, _apply_t(m, np.asarray(v, float)))
