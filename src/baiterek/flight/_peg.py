"""Closed-loop vacuum guidance in the compiled kernel: a PEG/UPFG-class update of the law.

Every guidance cycle the kernel's vacuum law ``u = unit(lam + lamdot (t - t_lam))`` is re-solved
analytically from the flown state, so that a dispersed vehicle re-targets in flight: this is the
linear-tangent Powered Explicit Guidance of the Space Shuttle, learnt from Jaggers, "An explicit
solution to the exoatmospheric powered flight guidance and trajectory optimization problem for
rocket propelled vehicles", AIAA 77-1051 (1977); Brand, Brown & Higgins, "Space Shuttle GN&C
equation document no. 24: Unified Powered Flight Guidance", NASA CR-128691 (1973); McHenry,
Brand, Long, Cockrell & Thibodeau, "Space Shuttle ascent guidance, navigation and control",
J. Astronaut. Sci. 27 (1979). Written here from the equations (no library offers it as a
numba-callable function over the kernel's segment table). One update, from (t, r, v, m):

1. Time to go from the rocket equation over the remaining segments of the model (thrust, mass
   flow, drops, on the burn clock): the burn that delivers ``|v_go|``.
2. Thrust integrals over that burn, ``a = F / (m0 - mdot s)`` per segment at offset T:
   ``L = int a``, ``J = int a s``, ``K = int a s^2`` (closed forms, ``tau = m / mdot``:
   ``L = ve ln(tau / (tau - d))``, ``J = tau L - ve d``, ``K = tau J - ve d^2 / 2``), then
   ``S = t_go L - J`` and ``Q = t_go J - K`` (the double integrals of ``a`` and ``a s``).
3. Gravity along the predicted path by Simpson's rule (J2 field at now, the Hermite mid-point and
   the predicted cutoff): ``v_grav``, ``r_grav``.
4. ``v_go = v_d - v - v_grav``; ``lam = unit(v_go)``; ``r_go = r_d - r - v t_go - r_grav`` with its
   downrange component left free and set so that ``lam . r_go = S`` (then ``lamdot`` is normal to
   ``lam``); ``lamdot = (r_go - S lam) / (Q - S J / L)``; ``t_lam = t + J / L``.
5. The predicted cutoff position ``r + v t_go + r_grav + r_go`` is put into the target plane at
   the target radius (``r_d``) and the target velocity ``v_d`` (speed from the target energy,
   flight-path angle) is set there; steps 1-5 are iterated ``iterations`` times.

The target: cutoff radius, flight-path angle, specific energy (the kernel cuts off at it) and the
orbit plane (unit normal, launch frame). Nothing is allocated per call but the few 3-vectors
numba keeps in registers; the state carried from cycle to cycle (``t_go``, ``r_d``, ``v_d``) is
one small array per trajectory. Its errors (the gravity model, the unnormalised-law integrals,
the thrust of a future throttle or timed drop it does not know) are what the next cycle corrects;
in the last ``freeze`` seconds before cutoff the law is no longer updated (PEG's terminal phase).
Two iterations per cycle are needed: with one (measured) the nominal Sunkar cuts off 180 m high
with 113 kg less mass.

numba caches the compiled kernel on disk keyed by ``_kernel.py`` alone, with this module's code
inlined: after editing this module, delete ``flight/__pycache__/*.nb*`` (touching ``_kernel.py``
was not enough, measured), or the kernel keeps the old update.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from baiterek._jit_cache import drop_stale
from baiterek.constants import MU_EARTH
from baiterek.earth.gravity import zonal_acceleration

# --- layout of the guidance state carried between cycles (N_STATE,) -----------------------------
G_TGO = 0  # time to go at the last update, s (0: not started)
G_RD = 1  # predicted cutoff position in the target plane (3), m
G_VD = 4  # target velocity there (3), m/s
G_NEXT = 7  # real time of the next update, s
N_STATE = 8

FIRST_ITERATIONS = 12
"""Iterations of the prediction at the first update (from a crude start: the present position
in the target plane)."""
ITERATIONS = 2
"""Iterations at every later update (warm: the previous prediction)."""
N_GRAVITY_ZONALS = 2
"""Gravity model of the prediction: central field and J2 (the flight itself has J2-J4)."""


@njit(cache=True, inline="always")
def _dot(a0, a1, a2, b0, b1, b2):
    return a0 * b0 + a1 * b1 + a2 * b2


@njit(cache=True)
def burn_integrals(dv, tau, m, seg, segs, start_row, end_row, drop_row, thrust_row, flow_row):
    """Burn that delivers ``dv`` (m/s) from burn-clock time ``tau`` and mass ``m`` through the
    segments ``seg``... of ``segs`` (rows given): ``(t_go, L, J, K)`` (s, m/s, m, m s).

    Coasts (no thrust) count in time only; the remaining segments short of ``dv``: the whole burn.
    """
    n_seg = segs.shape[1]
    t_off = 0.0
    big_l = 0.0
    big_j = 0.0
    big_k = 0.0
    left = dv
    mk = m
    for j in range(seg, n_seg):
        if j > seg:
            mk -= segs[drop_row, j]
        d = segs[end_row, j] - (tau if j == seg else segs[start_row, j])
        if d <= 0.0:
            continue
        f = segs[thrust_row, j]
        q = segs[flow_row, j]
        if f > 0.0 and q > 0.0 and mk > 0.0:
            ve = f / q
            tm = mk / q
            if d >= tm:
                d = 0.999 * tm  # never burn the mass to zero (an inconsistent model)
            dvk = ve * np.log(tm / (tm - d))
            last = dvk >= left
            if last:
                d = tm * (1.0 - np.exp(-left / ve))
                dvk = left
            lk = dvk
            jk = tm * lk - ve * d
            kk = tm * jk - 0.5 * ve * d * d
            big_l += lk
            big_j += t_off * lk + jk
            big_k += t_off * t_off * lk + 2.0 * t_off * jk + kk
            t_off += d
            mk -= q * d
            left -= dvk
            if last:
                return t_off, big_l, big_j, big_k
        else:
            t_off += d
    return t_off, big_l, big_j, big_k


@njit(cache=True)
def update(t, s, tau, seg, segs, law, st, radius, fpa, energy, nx, ny, nz, rows):
    """One PEG update at real time ``t``, state ``s`` (r, v, m), burn clock ``tau``, segment
    ``seg``: writes the law (``law[i_lam:i_lam+3]``, ``law[i_lamdot:...]``, ``law[i_t]``, indices
    in ``rows``) and the carried state ``st``; returns the time to go (s), or -1 (law kept) when
    the update has no solution (no thrust left, a degenerate geometry).

    ``rows`` = (SEG_START, SEG_END, SEG_DROP, SEG_THRUST, SEG_MASS_FLOW, i_t, i_lam, i_lamdot).
    Target: ``radius`` m, flight-path angle ``fpa`` rad, specific ``energy`` J/kg, plane normal
    (nx, ny, nz) (unit, launch frame, along r x v).
    """
    r_start, r_end, r_drop, r_thrust, r_flow, i_t, i_lam, i_lamdot = rows
    rx, ry, rz = s[0], s[1], s[2]
    vx, vy, vz = s[3], s[4], s[5]
    m = s[6]
    # iy = -n: ix x iy points downrange
    iyx, iyy, iyz = -nx, -ny, -nz
    speed2 = 2.0 * (energy + MU_EARTH / radius)
    if speed2 <= 0.0:
        return -1.0
    speed = np.sqrt(speed2)
    sg, cg = np.sin(fpa), np.cos(fpa)
    n_iter = ITERATIONS
    if st[G_TGO] <= 0.0:  # first update: the present position put into the target plane
        k = _dot(rx, ry, rz, iyx, iyy, iyz)
        px, py, pz = rx - k * iyx, ry - k * iyy, rz - k * iyz
        pn = np.sqrt(px * px + py * py + pz * pz)
        st[G_RD], st[G_RD + 1], st[G_RD + 2] = radius * px / pn, radius * py / pn, radius * pz / pn
        ix, iy_, iz_ = px / pn, py / pn, pz / pn
        zx = iy_ * iyz - iz_ * iyy
        zy = iz_ * iyx - ix * iyz
        zz = ix * iyy - iy_ * iyx
        st[G_VD] = speed * (sg * ix + cg * zx)
        st[G_VD + 1] = speed * (sg * iy_ + cg * zy)
        st[G_VD + 2] = speed * (sg * iz_ + cg * zz)
        dvx, dvy, dvz = st[G_VD] - vx, st[G_VD + 1] - vy, st[G_VD + 2] - vz
        dv0 = np.sqrt(dvx * dvx + dvy * dvy + dvz * dvz)
        tgo0 = burn_integrals(dv0, tau, m, seg, segs, r_start, r_end, r_drop, r_thrust, r_flow)[0]
        st[G_TGO] = tgo0
        n_iter = FIRST_ITERATIONS
    tgo = st[G_TGO]
    lx = ly = lz = 0.0
    ldx = ldy = ldz = 0.0
    t_lam = 0.0
    for _ in range(n_iter):
        rdx, rdy, rdz = st[G_RD], st[G_RD + 1], st[G_RD + 2]
        vdx, vdy, vdz = st[G_VD], st[G_VD + 1], st[G_VD + 2]
        # gravity along the path: Simpson over (now, Hermite mid-point, predicted cutoff)
        g0x, g0y, g0z = zonal_acceleration(rx, ry, rz, N_GRAVITY_ZONALS)
        g1x, g1y, g1z = zonal_acceleration(rdx, rdy, rdz, N_GRAVITY_ZONALS)
        mx = 0.5 * (rx + rdx) + 0.125 * tgo * (vx - vdx)
        my = 0.5 * (ry + rdy) + 0.125 * tgo * (vy - vdy)
        mz = 0.5 * (rz + rdz) + 0.125 * tgo * (vz - vdz)
        gmx, gmy, gmz = zonal_acceleration(mx, my, mz, N_GRAVITY_ZONALS)
        c0, cm, c1 = tgo / 6.0, 4.0 * tgo / 6.0, tgo / 6.0
        vgx = c0 * g0x + cm * gmx + c1 * g1x
        vgy = c0 * g0y + cm * gmy + c1 * g1y
        vgz = c0 * g0z + cm * gmz + c1 * g1z
        e0, em = tgo * tgo / 6.0, tgo * tgo / 3.0
        rgx = e0 * g0x + em * gmx
        rgy = e0 * g0y + em * gmy
        rgz = e0 * g0z + em * gmz
        # velocity to go, time to go, thrust integrals
        ux, uy, uz = vdx - vx - vgx, vdy - vy - vgy, vdz - vz - vgz
        vgo = np.sqrt(ux * ux + uy * uy + uz * uz)
        if not vgo > 0.0:
            return -1.0
        tgo, big_l, big_j, big_k = burn_integrals(
            vgo, tau, m, seg, segs, r_start, r_end, r_drop, r_thrust, r_flow
        )
        if not (big_l > 0.0 and tgo > 0.0):
            return -1.0
        big_s = tgo * big_l - big_j
        big_q = tgo * big_j - big_k
        den = big_q - big_s * big_j / big_l  # = J^2 / L - K < 0 (Cauchy-Schwarz)
        if not den < 0.0:
            return -1.0
        lx, ly, lz = ux / vgo, uy / vgo, uz / vgo
        # position to go, downrange free: lam . r_go = S
        gx = rdx - rx - vx * tgo - rgx
        gy = rdy - ry - vy * tgo - rgy
        gz = rdz - rz - vz * tgo - rgz
        rdn = np.sqrt(rdx * rdx + rdy * rdy + rdz * rdz)
        ix, iy_, iz_ = rdx / rdn, rdy / rdn, rdz / rdn
        zx = iy_ * iyz - iz_ * iyy
        zy = iz_ * iyx - ix * iyz
        zz = ix * iyy - iy_ * iyx
        lz_dot = _dot(lx, ly, lz, zx, zy, zz)
        if abs(lz_dot) < 1e-3:
            return -1.0
        k = _dot(gx, gy, gz, zx, zy, zz)
        gx, gy, gz = gx - k * zx, gy - k * zy, gz - k * zz
        k = (big_s - _dot(lx, ly, lz, gx, gy, gz)) / lz_dot
        gx, gy, gz = gx + k * zx, gy + k * zy, gz + k * zz
        ldx = (gx - big_s * lx) / den
        ldy = (gy - big_s * ly) / den
        ldz = (gz - big_s * lz) / den
        t_lam = t + big_j / big_l
        # the predicted cutoff, put into the target plane at the target radius
        px = rx + vx * tgo + rgx + gx
        py = ry + vy * tgo + rgy + gy
        pz = rz + vz * tgo + rgz + gz
        k = _dot(px, py, pz, iyx, iyy, iyz)
        px, py, pz = px - k * iyx, py - k * iyy, pz - k * iyz
        pn = np.sqrt(px * px + py * py + pz * pz)
        ix, iy_, iz_ = px / pn, py / pn, pz / pn
        zx = iy_ * iyz - iz_ * iyy
        zy = iz_ * iyx - ix * iyz
        zz = ix * iyy - iy_ * iyx
        st[G_RD], st[G_RD + 1], st[G_RD + 2] = radius * ix, radius * iy_, radius * iz_
        st[G_VD] = speed * (sg * ix + cg * zx)
        st[G_VD + 1] = speed * (sg * iy_ + cg * zy)
        st[G_VD + 2] = speed * (sg * iz_ + cg * zz)
    if not (np.isfinite(ldx) and np.isfinite(ldy) and np.isfinite(ldz) and np.isfinite(t_lam)):
        return -1.0
    st[G_TGO] = tgo
    law[i_lam], law[i_lam + 1], law[i_lam + 2] = lx, ly, lz
    law[i_lamdot], law[i_lamdot + 1], law[i_lamdot + 2] = ldx, ldy, ldz
    law[i_t] = t_lam
    return tgo


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
