"""The closed-loop vacuum law ``u = unit(lam + lamdot * tau)`` and the misses it is solved on.

The linear-tangent law in vector form (optimal for a uniform field; Bryson and Ho, Applied
Optimal Control, sec. 2.7): ``vacuum_law`` turns its three free parameters (initial pitch,
pitch rate, yaw in the local frame at closed-loop start) into the kernel's ``lam``, ``lamdot``;
``law_parameters`` goes back (a warm start from a later state); ``cutoff_residual`` is the
scaled miss of a cutoff state against an ``OrbitTarget``, the function the guidance zeroes.
"""

from __future__ import annotations

import math

import numpy as np

from baiterek.constants import MU_EARTH
from baiterek.flight.target import OrbitTarget


def law_parameters(s_k: np.ndarray, lam: np.ndarray, lamdot: np.ndarray) -> np.ndarray:
    """(pitch, rate, yaw) at state s_k that best represent the law u = unit(lam + lamdot * tau).

    Used to warm-start a re-solution of the vacuum law from a later state (closed loop).
    """
    r = s_k[:3]
    v = s_k[3:6]
    up = r / np.linalg.norm(r)
    c = np.cross(r, v)
    c /= np.linalg.norm(c)
    d = np.cross(c, up)
    n = np.linalg.norm(lam)
    lam_u = lam / n
    pitch = math.asin(max(-1.0, min(1.0, float(lam_u @ up))))
    yaw = math.atan2(float(lam_u @ c), float(lam_u @ d))
    rate = -float(lamdot @ up) / n / max(math.cos(pitch), 1e-6)
    return np.array([pitch, rate * math.cos(pitch), yaw])


def vacuum_law(s_g: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """lam, lamdot from (initial pitch, pitch rate 1/s, yaw) in the local frame at closed-loop start.

    ``p`` is (3,) or (n, 3); the results have shape (3,) or (n, 3).
    """
    r = s_g[:3]
    up = r / np.linalg.norm(r)
    c = _cross(r, s_g[3:6])
    c /= np.linalg.norm(c)
    d = _cross(c, up)
    p = np.asarray(p, float)
    pitch, rate, yaw = p[..., 0:1], p[..., 1:2], p[..., 2:3]
    horiz = np.cos(yaw) * d + np.sin(yaw) * c
    return np.cos(pitch) * horiz + np.sin(pitch) * up, -rate * up


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cross product of 3-vectors (..., 3): np.cross costs ~20 us a call on small arrays."""
    return np.stack(
        [
            a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
            a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
            a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0],
        ],
        axis=-1,
    )


def cutoff_residual(s: np.ndarray, target: OrbitTarget) -> np.ndarray:
    """Scaled miss at cutoff: radius (per 10 km), flight-path angle and inclination (per 0.1 rad).

    ``s`` is one state (7,) or a batch (n, 7); the result is (3,) or (n, 3).
    """
    r = s[..., :3]
    v = s[..., 3:6]
    rn = np.sqrt(np.sum(r * r, -1))
    vn = np.sqrt(np.sum(v * v, -1))
    fpa = np.arcsin(np.clip(np.sum(r * v, -1) / (rn * vn), -1.0, 1.0))
    h = _cross(r, v)
    hn = np.sqrt(np.sum(h * h, -1))
    inc = np.arccos(np.clip(h[..., 2] / hn, -1.0, 1.0))
    if target.argument_of_perigee is not None:
        return _shape_residual(r, v, rn, h, hn, inc, target)
    return np.stack(
        [
            (rn - target.radius) / 1e4,
            (fpa - target.flight_path_angle) * 10.0,
            (inc - target.inclination) * 10.0,
        ],
        axis=-1,
    )


def _shape_residual(r, v, rn, h, hn, inc, target: OrbitTarget) -> np.ndarray:
    """Scaled miss of an orbit with a given argument of perigee, wherever on it the cutoff falls.

    With the energy (semi-major axis) met by the cutoff, the eccentricity, the argument of
    perigee and the inclination fix the orbit's shape and orientation (the node comes from the
    launch time): the eccentricity as the perigee-radius miss (per 10 km), the argument of perigee
    and the inclination per 0.1 rad.
    """
    e_vec = _cross(v, h) / MU_EARTH - r / rn[..., None]
    ecc = np.sqrt(np.sum(e_vec * e_vec, -1))
    node = np.stack([-h[..., 1], h[..., 0], np.zeros_like(hn)], axis=-1)  # z x h
    nn = np.sqrt(np.sum(node * node, -1))
    cos_w = np.sum(node * e_vec, -1) / (nn * ecc)
    sin_w = np.sum(_cross(node, e_vec) * h, -1) / (nn * ecc * hn)
    dw = np.arctan2(sin_w, cos_w) - target.argument_of_perigee
    dw = (dw + np.pi) % (2.0 * np.pi) - np.pi
    return np.stack(
        [
            target.semi_major_axis * (target.eccentricity - ecc) / 1e4,
            dw * 10.0,
            (inc - target.inclination) * 10.0,
        ],
        axis=-1,
    )


GUIDANCE_CYCLE_S = 2.0
"""Closed loop in the kernel (``_peg``): the law is re-solved every this many seconds (one vacuum
step of ``_packing.DT_VAC``)."""
GUIDANCE_FREEZE_S = 10.0
"""No update once the time to go is below this many seconds (PEG's terminal phase)."""


def closed_loop_parameters(
    prm: np.ndarray,
    cutoff_state: np.ndarray,
    cycle_s: float = GUIDANCE_CYCLE_S,
    freeze_s: float = GUIDANCE_FREEZE_S,
) -> np.ndarray:
    """A copy of the kernel parameters ``prm`` (..., N_PARAMS) flown closed loop in the kernel.

    The target is the cutoff of ``cutoff_state`` (7,) (launch frame, m, m/s): its radius,
    flight-path angle and orbit plane; the energy is ``prm``'s. Cycle and freeze in s.
    """
    from baiterek.flight import _kernel as K

    out = np.array(prm, float)
    r = np.asarray(cutoff_state[:3], float)
    v = np.asarray(cutoff_state[3:6], float)
    rn = float(np.linalg.norm(r))
    h = _cross(r, v)
    out[..., K.P_GUIDANCE_CYCLE] = cycle_s
    out[..., K.P_GUIDANCE_FREEZE] = freeze_s
    out[..., K.P_TARGET_RADIUS] = rn
    out[..., K.P_TARGET_FPA] = math.asin(float(r @ v) / (rn * float(np.linalg.norm(v))))
    out[..., K.P_TARGET_NORMAL : K.P_TARGET_NORMAL + 3] = h / float(np.linalg.norm(h))
    return out
