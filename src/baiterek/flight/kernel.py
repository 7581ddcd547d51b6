"""Compiled equations of motion of the ascent, with events and steering, over flat arrays.

State layout (the one used by all flight code): ``[x, y, z, vx, vy, vz, m]`` in the launch frame
(Earth-centred, non-rotating, axes = ITRS at liftoff), m, m/s, kg.

Inside the kernel one more quantity is integrated with the state: the throttle lag ``L`` (s),
the time lost to throttling so far (``dL/dt = 1 - k``, ``k`` the throttle factor). ``fly`` takes
its start value and returns its final value, so a flight restarted from a recorded state, time
and lag continues exactly as the uninterrupted one.

Point mass (3-DOF): gravity J2-J4, thrust along the steering direction with the ambient-pressure
loss ``F = k F_vac - p * A_e`` (mass flow ``k mdot``: throttling keeps the vacuum Isp), drag from
a Cd(Mach) table along the air-relative velocity. Throttling: when the sensed axial acceleration
(thrust minus drag along the body axis, over the mass; what ``trajectory.derive_series`` reports
as ``axial_load``) would exceed the vehicle's limit, ``k < 1`` holds it, never below the
segment's minimum ratio (``k = 1`` in a segment that cannot throttle).

Clocks: segment boundaries (ignition, cutoff, separation, depletion) are on the burn clock
``t - L``, so a throttled stage burns longer and ends when its planned propellant is used; items
dropped at a fixed time (``drops``), the start of closed-loop guidance and ``t_stop`` are on real
time ``t``; state events (pitch-program switches, fairing heat flux, cutoff energy) are states.
Integrator: classical RK4 on a fixed step, cut exactly at every segment boundary and fixed time;
state events and boundaries reached while throttled are located inside the step by secant
iteration.

Steering modes: 0 vertical rise, 1 pitch-over (attitude tilted by the kick toward the launch
azimuth, held until the Earth-relative velocity has tilted as far), 2 gravity turn (zero angle of
attack), 3 vacuum law ``u = unit(lam + lamdot * (t - t_closed_loop))`` (a linear-tangent law
in vector form, whose parameters the guidance solves for), 4 prograde (along the inertial
velocity: the upper stage's apogee-raising burns).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A, WGS84_B, WGS84_E2
from baiterek.earth.atmosphere import us76
from baiterek.earth.gravity import zonal_acceleration

N_PARAMS = 11
"""Guidance parameter vector: kick_speed, kick_angle, azimuth, t_closed_loop, lam(3), lamdot(3),
target specific energy (NaN = no cutoff: burn to depletion)."""

STATUS_RUNNING = 0
STATUS_CUTOFF = 1  # target energy reached: orbit insertion
STATUS_DEPLETED = 2  # last stage empty before reaching the target energy
STATUS_CRASHED = 3  # below the ground after liftoff (or no mass left / a non-finite state)
STATUS_END_TIME = 4  # stopped at the requested end time

NS = 8
"""Integrated quantities inside the kernel: the state [r, v, m] and the throttle lag L (s)."""

N_EVENTS = 4
EV_PITCH_OVER, EV_GRAVITY_TURN, EV_FAIRING, EV_CUTOFF = 0, 1, 2, 3

_EP2 = (WGS84_A**2 - WGS84_B**2) / WGS84_B**2


@njit(cache=True)
def _geodetic(x, y, z):
    """Geodetic latitude (rad) and height (m) from x, y, z (m); see _height_sincos."""
    h, sl, cl = _height_sincos(np.sqrt(x * x + y * y), z)
    return np.arctan2(sl, cl), h


@njit(cache=True, inline="always")
def _height_sincos(p, z):
    """Geodetic height (m), sin and cos of geodetic latitude from the axial distance p and z (m).

    One Bowring step written without trigonometric calls (error < 2 cm below 1,200 km). It does
    not depend on longitude, so no rotation to the Earth-fixed frame is needed.
    """
    t = z * WGS84_A / (p * WGS84_B + 1e-300)
    ct = 1.0 / np.sqrt(1.0 + t * t)
    st = t * ct
    num = z + _EP2 * WGS84_B * st * st * st
    den = p - WGS84_E2 * WGS84_A * ct * ct * ct
    q = 1.0 / np.sqrt(num * num + den * den)
    sl = num * q
    cl = den * q
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * sl * sl)
    if cl > 1e-8:
        h = p / cl - n
    else:
        h = abs(z) - WGS84_B
    return h, sl, cl


@njit(cache=True)
def local_frame(t, x, y, z):
    """Geodetic latitude, height and the up, east, north unit vectors in the launch frame."""
    th = OMEGA_EARTH * t
    c = np.cos(th)
    s = np.sin(th)
    lat, h = _geodetic(c * x + s * y, -s * x + c * y, z)
    lon = np.arctan2(y, x)  # inertial longitude in the launch frame
    cl = np.cos(lat)
    sl = np.sin(lat)
    co = np.cos(lon)
    so = np.sin(lon)
    up = np.array([cl * co, cl * so, sl])
    east = np.array([-so, co, 0.0])
    north = np.array([-sl * co, -sl * so, cl])
    return lat, h, up, east, north


@njit(cache=True)
def _height(t, x, y, z):
    """Geodetic height (m) and latitude (rad) of a launch-frame position (t unused: see above)."""
    h, sl, cl = _height_sincos(np.sqrt(x * x + y * y), z)
    return h, np.arctan2(sl, cl)


@njit(cache=True, inline="always")
def interp1(x, xs, ys):
    """Linear interpolation in a short increasing table, clamped at both ends (no allocation)."""
    n = xs.shape[0]
    if x <= xs[0]:
        return ys[0]
    if x >= xs[n - 1]:
        return ys[n - 1]
    lo = 0
    hi = n - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if xs[mid] <= x:
            lo = mid
        else:
            hi = mid
    w = (x - xs[lo]) / (xs[hi] - xs[lo])
    return ys[lo] + w * (ys[hi] - ys[lo])


@njit(cache=True, inline="always")
def steering(mode, t, s, prm):
    """Thrust direction (ux, uy, uz), unit, launch frame, for a steering mode."""
    if mode == 4:  # prograde: along the inertial velocity (transfer burns)
        n = np.sqrt(s[3] * s[3] + s[4] * s[4] + s[5] * s[5])
        return s[3] / n, s[4] / n, s[5] / n
    if mode == 3:
        tau = t - prm[3]
        ux = prm[4] + prm[7] * tau
        uy = prm[5] + prm[8] * tau
        uz = prm[6] + prm[9] * tau
    elif mode == 2:
        ux = s[3] + OMEGA_EARTH * s[1]
        uy = s[4] - OMEGA_EARTH * s[0]
        uz = s[5]
    else:
        h, lat = _height(t, s[0], s[1], s[2])
        lon = np.arctan2(s[1], s[0])
        cl = np.cos(lat)
        sl = np.sin(lat)
        co = np.cos(lon)
        so = np.sin(lon)
        if mode == 0:
            return cl * co, cl * so, sl
        az = prm[2]
        sa = np.sin(az) * np.sin(prm[1])
        ca = np.cos(az) * np.sin(prm[1])
        ck = np.cos(prm[1])
        # cos(kick) up + sin(kick) (sin(az) east + cos(az) north)
        ux = ck * cl * co - sa * so - ca * sl * co
        uy = ck * cl * so + sa * co - ca * sl * so
        uz = ck * sl + ca * cl
    n = np.sqrt(ux * ux + uy * uy + uz * uz)
    if n == 0.0:
        return 0.0, 0.0, 0.0
    return ux / n, uy / n, uz / n


@njit(cache=True, inline="always")
def derivatives(t, s, seg, mode, prm, segs, aero, misc, wind, d):
    """Write d(s, L)/dt into d (NS,); return the thrust direction. Model arrays: see guidance.pack.

    ``d[7] = 1 - k``: the throttle factor ``k`` holds the sensed axial acceleration
    ``(k F_vac - p A_e) / m - (drag along the body axis) / m`` at the limit ``misc[4]`` when it
    would exceed it, with ``segs[6, seg] <= k <= 1``.
    """
    x, y, z = s[0], s[1], s[2]
    m = s[6]
    ax, ay, az = zonal_acceleration(x, y, z, 4)
    h, sin_lat, cos_lat = _height_sincos(np.sqrt(x * x + y * y), z)
    tmp, p, rho, a_sound = us76(h)
    # air-relative velocity: minus Earth rotation, minus wind
    vrx = s[3] + OMEGA_EARTH * y
    vry = s[4] - OMEGA_EARTH * x
    vrz = s[5]
    if wind.shape[1] > 0 and h < wind[0, wind.shape[1] - 1]:
        we = interp1(h, wind[0], wind[1])
        wn = interp1(h, wind[0], wind[2])
        lon = np.arctan2(y, x)
        co = np.cos(lon)
        so = np.sin(lon)
        vrx -= -we * so - wn * sin_lat * co
        vry -= we * co - wn * sin_lat * so
        vrz -= wn * cos_lat
    vr = np.sqrt(vrx * vrx + vry * vry + vrz * vrz)
    kd = 0.0
    if vr > 1e-6 and rho > 0.0:
        cd = interp1(vr / a_sound, aero[0], aero[1])
        kd = 0.5 * rho * vr * cd * misc[0] / m
        ax -= kd * vrx
        ay -= kd * vry
        az -= kd * vrz
    f_vac = segs[0, seg]
    p_loss = p * segs[2, seg]
    mdot = segs[1, seg]
    ux = 0.0
    uy = 0.0
    uz = 0.0
    k = 1.0
    if f_vac - p_loss > 0.0 and mdot > 0.0:
        ux, uy, uz = steering(mode, t, s, prm)
        k_min = segs[6, seg]
        if k_min < 1.0:
            # throttle that puts the sensed axial acceleration exactly at the limit
            k_hold = (m * (misc[4] + kd * (ux * vrx + uy * vry + uz * vrz)) + p_loss) / f_vac
            if k_hold < 1.0:
                k = max(k_hold, k_min)
        f = (k * f_vac - p_loss) / m
        ax += f * ux
        ay += f * uy
        az += f * uz
        mdot *= k
    else:
        mdot = 0.0
    d[0] = s[3]
    d[1] = s[4]
    d[2] = s[5]
    d[3] = ax
    d[4] = ay
    d[5] = az
    d[6] = -mdot
    d[7] = 1.0 - k
    return ux, uy, uz


@njit(cache=True)
def rk4_step(t, s, dt, k1, seg, mode, prm, segs, aero, misc, wind, work, out):
    """One RK4 step from (t, s) over dt into ``out``; ``k1`` = derivatives at (t, s) (computed
    once per step, reused when an event is located inside it); ``work`` is a (4, NS) scratch."""
    k2 = work[0]
    k3 = work[1]
    k4 = work[2]
    tmp = work[3]
    for j in range(NS):
        tmp[j] = s[j] + 0.5 * dt * k1[j]
    derivatives(t + 0.5 * dt, tmp, seg, mode, prm, segs, aero, misc, wind, k2)
    for j in range(NS):
        tmp[j] = s[j] + 0.5 * dt * k2[j]
    derivatives(t + 0.5 * dt, tmp, seg, mode, prm, segs, aero, misc, wind, k3)
    for j in range(NS):
        tmp[j] = s[j] + dt * k3[j]
    derivatives(t + dt, tmp, seg, mode, prm, segs, aero, misc, wind, k4)
    for j in range(NS):
        out[j] = s[j] + dt / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j])


@njit(cache=True)
def specific_energy(s):
    r = np.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2])
    return 0.5 * (s[3] * s[3] + s[4] * s[4] + s[5] * s[5]) - MU_EARTH / r


@njit(cache=True)
def heat_flux(t, s):
    """Free-molecular heat flux 0.5 rho v^3 with the Earth-relative speed, W/m^2."""
    h, sl, cl = _height_sincos(np.sqrt(s[0] * s[0] + s[1] * s[1]), s[2])
    tmp, p, rho, a = us76(h)
    vrx = s[3] + OMEGA_EARTH * s[1]
    vry = s[4] - OMEGA_EARTH * s[0]
    v2 = vrx * vrx + vry * vry + s[5] * s[5]
    return 0.5 * rho * v2 * np.sqrt(v2)


@njit(cache=True)
def _switch_function(mode, t, s, prm):
    """Pitch-program switch: >= 0 once mode 0 (speed) or mode 1 (velocity tilt) should end."""
    vrx = s[3] + OMEGA_EARTH * s[1]
    vry = s[4] - OMEGA_EARTH * s[0]
    vr = np.sqrt(vrx * vrx + vry * vry + s[5] * s[5])
    if mode == 0:
        return vr - prm[0]
    if mode == 1:
        lat, h, up, east, north = local_frame(t, s[0], s[1], s[2])
        c = (vrx * up[0] + vry * up[1] + s[5] * up[2]) / vr
        return np.cos(prm[1]) - c
    return -1.0


@njit(cache=True)
def _next_mode(mode, t, s, prm, forced):
    """Mode after a step: the located pitch-program switch (``forced``), then closed loop at t_g."""
    if forced and mode < 2:
        mode += 1
    if mode < 3 and t >= prm[3] - 1e-9:
        return 3
    return mode


@njit(cache=True)
def _locate_boundary(
    t, s, a0, g0, a1, g1, a_max, tau_end, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new
):
    """Step length a (<= a_max) at which the burn clock t + a - L reaches ``tau_end`` (secant;
    g = burn clock minus tau_end, from two bracketing or extrapolating tries). On return
    ``s_new`` holds the state after the step a."""
    for _ in range(30):
        if g1 == g0 or abs(g1) <= 1e-10:
            break
        a2 = a1 - g1 * (a1 - a0) / (g1 - g0)
        a2 = min(max(a2, 0.0), a_max)
        rk4_step(t, s, a2, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
        g2 = t + a2 - s_new[7] - tau_end
        a0, g0, a1, g1 = a1, g1, a2, g2
        if a2 == a_max and g2 < 0.0:
            break
    return a1


@njit(cache=True)
def fly(
    s0,
    t0,
    mode0,
    fairing_on0,
    flux_armed0,
    lag0,
    prm,
    segs,
    aero,
    misc,
    drops,
    wind,
    dt_atmo,
    dt_vac,
    t_stop,
    rec_t,
    rec_s,
    rec_u,
    rec_seg,
    rec_k,
    events,
):
    """Integrate one ascent from (t0, s0) and throttle lag ``lag0`` until cutoff, depletion,
    crash or t_stop (real time).

    Records every step in rec_* when they are non-empty (``rec_k``: throttle factor and lag).
    Returns status, t, state (7,), number of records, mode and fairing flags at the end, and the
    throttle lag at the end. ``events`` (N_EVENTS,) receives event times. A drop of ``drops``
    (2, J: real time s, mass kg) at or before t0 is taken as done (as a segment's start drop).
    """
    seg_end = segs[4]
    seg_drop = segs[5]
    n_seg = segs.shape[1]
    n_drop = drops.shape[1]
    t = t0
    s = np.empty(NS)
    s[:7] = s0
    s[7] = lag0
    mode = mode0
    fairing_on = fairing_on0
    flux_armed = flux_armed0
    eps_t = prm[10]
    seg = 0
    while seg < n_seg - 1 and seg_end[seg] <= t - s[7] + 1e-9:
        seg += 1
    jd = 0
    while jd < n_drop and drops[0, jd] <= t + 1e-9:
        jd += 1
    recording = rec_t.shape[0] > 0
    work = np.empty((4, NS))
    k1 = np.empty(NS)
    s_new = np.empty(NS)
    s_try = np.empty(NS)
    nrec = 0
    if recording:
        rec_t[0] = t
        rec_s[0] = s[:7]
        ux, uy, uz = steering(mode, t, s, prm)
        rec_u[0, 0] = ux
        rec_u[0, 1] = uy
        rec_u[0, 2] = uz
        rec_seg[0] = seg
        derivatives(t, s, seg, mode, prm, segs, aero, misc, wind, k1)
        rec_k[0, 0] = 1.0 - k1[7]
        rec_k[0, 1] = s[7]
        nrec = 1
    k1_ready = recording  # k1 already holds the derivatives at (t, s, seg, mode)
    status = STATUS_RUNNING
    while status == STATUS_RUNNING:
        r_now = np.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2])
        dt = dt_vac if r_now - WGS84_A > 70000.0 else dt_atmo
        if not k1_ready:
            derivatives(t, s, seg, mode, prm, segs, aero, misc, wind, k1)
        k1_ready = False
        # real-time limits: t_stop, closed-loop start, the next timed drop
        t_real = t_stop
        if mode < 3 and prm[3] < t_real and prm[3] > t + 1e-9:
            t_real = prm[3]
        if jd < n_drop and drops[0, jd] < t_real:
            t_real = drops[0, jd]
        # the segment's end on the burn clock, predicted at the present throttle
        tau_end = seg_end[seg]
        t_seg = t + (tau_end - (t - s[7])) / (1.0 - k1[7])
        t_lim = min(t_seg, t_real)
        by_seg = t_seg <= t_real
        last_step = False
        if t + dt >= t_lim - 1e-9:
            dt = t_lim - t
            last_step = True
        rk4_step(t, s, dt, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
        # --- the segment's end, exactly on the burn clock (throttling changed it in the step)
        g1 = t + dt - s_new[7] - tau_end
        if g1 > 1e-9 or (last_step and by_seg and g1 < -1e-9):
            dt = _locate_boundary(
                t, s, 0.0, t - s[7] - tau_end, dt, g1, t_real - t, tau_end, k1, seg, mode, prm,
                segs, aero, misc, wind, work, s_new,
            )  # fmt: skip
            last_step = True
        t_new = t + dt
        switched = False
        located = False
        # --- state events inside the step -------------------------------------------------
        hit_cut = (not np.isnan(eps_t)) and segs[0, seg] > 0 and specific_energy(s_new) >= eps_t
        hit_fair = False
        if fairing_on and misc[1] == 1.0:
            f_new = heat_flux(t_new, s_new)
            if f_new > misc[3]:
                flux_armed = True
            elif flux_armed:
                hit_fair = True
        if hit_cut:
            # secant on the energy over the step fraction
            e0 = specific_energy(s) - eps_t
            e1 = specific_energy(s_new) - eps_t
            a0, a1 = 0.0, dt
            for _ in range(30):
                if e1 == e0:
                    break
                a2 = a1 - e1 * (a1 - a0) / (e1 - e0)
                a2 = min(max(a2, 0.0), dt)
                rk4_step(t, s, a2, k1, seg, mode, prm, segs, aero, misc, wind, work, s_try)
                e2 = specific_energy(s_try) - eps_t
                a0, e0, a1, e1 = a1, e1, a2, e2
                if abs(e2) < 1e-7 * abs(eps_t):
                    break
            rk4_step(t, s, a1, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
            t_new = t + a1
            status = STATUS_CUTOFF
            events[EV_CUTOFF] = t_new
            located = True
        elif mode < 2 and _switch_function(mode, t_new, s_new, prm) >= 0.0:
            switched = True
            # locate the pitch-program switch inside the step (linear in the switch function)
            g0 = _switch_function(mode, t, s, prm)
            g1 = _switch_function(mode, t_new, s_new, prm)
            a = dt * (-g0) / (g1 - g0) if g1 != g0 else dt
            a = min(max(a, 0.0), dt)
            rk4_step(t, s, a, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
            t_new = t + a
            located = True
        elif hit_fair:
            f0 = heat_flux(t, s) - misc[3]
            f1 = heat_flux(t_new, s_new) - misc[3]
            a = dt * f0 / (f0 - f1) if f0 != f1 else dt
            a = min(max(a, 0.0), dt)
            rk4_step(t, s, a, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
            t_new = t + a
            s_new[6] -= misc[2]
            fairing_on = False
            events[EV_FAIRING] = t_new
            located = True
        t = t_new
        s, s_new = s_new, s
        if status == STATUS_RUNNING:
            h_now = np.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]) - WGS84_B
            if t > 5.0 and h_now < -1000.0:
                status = STATUS_CRASHED
            elif not (s[6] > 0.0 and np.isfinite(h_now) and np.isfinite(t)):
                status = STATUS_CRASHED  # no mass left, or the state broke down: never loop on
            new_mode = _next_mode(mode, t, s, prm, switched)
            if new_mode != mode:
                if new_mode >= 1 and mode == 0:
                    events[EV_PITCH_OVER] = t
                if new_mode >= 2 and mode <= 1:
                    events[EV_GRAVITY_TURN] = t
                mode = new_mode
            if last_step and not located:
                if t - s[7] >= seg_end[seg] - 1e-9:
                    if seg == n_seg - 1:
                        status = STATUS_DEPLETED
                    else:
                        seg += 1
                        s[6] -= seg_drop[seg]
                while jd < n_drop and drops[0, jd] <= t + 1e-9:
                    s[6] -= drops[1, jd]
                    jd += 1
                if status == STATUS_RUNNING and t >= t_stop - 1e-9:
                    status = STATUS_END_TIME
        if recording and nrec < rec_t.shape[0]:
            rec_t[nrec] = t
            rec_s[nrec] = s[:7]
            ux, uy, uz = steering(mode, t, s, prm)
            rec_u[nrec, 0] = ux
            rec_u[nrec, 1] = uy
            rec_u[nrec, 2] = uz
            rec_seg[nrec] = seg
            derivatives(t, s, seg, mode, prm, segs, aero, misc, wind, k1)
            k1_ready = True  # the next step starts from this (t, s, seg, mode)
            rec_k[nrec, 0] = 1.0 - k1[7]
            rec_k[nrec, 1] = s[7]
            nrec += 1
    return status, t, s[:7].copy(), nrec, mode, fairing_on, flux_armed, s[7]


def _fly_many(
    s0,
    t0,
    mode0,
    fairing_on0,
    flux_armed0,
    lag0,
    prm,
    segs,
    aero,
    misc,
    drops,
    wind,
    dt_atmo,
    dt_vac,
    t_stop,
):
    """Fly n trajectories (no recording): s0 (n, 7), t0 (n,), lag0 (n,), prm (n, N_PARAMS)."""
    n = s0.shape[0]
    status = np.zeros(n, np.int64)
    tf = np.zeros(n)
    sf = np.zeros((n, 7))
    mode_f = np.zeros(n, np.int64)
    fair_f = np.zeros(n, np.bool_)
    armed_f = np.zeros(n, np.bool_)
    lag_f = np.zeros(n)
    ev = np.full((n, N_EVENTS), np.nan)
    empty_t = np.zeros(0)
    empty_s = np.zeros((0, 7))
    empty_u = np.zeros((0, 3))
    empty_seg = np.zeros(0, np.int64)
    empty_k = np.zeros((0, 2))
    for k in prange(n):
        st, t, s, nrec, md, fo, fa, lag = fly(
            s0[k],
            t0[k],
            mode0[k],
            fairing_on0[k],
            flux_armed0[k],
            lag0[k],
            prm[k],
            segs,
            aero,
            misc,
            drops,
            wind,
            dt_atmo,
            dt_vac,
            t_stop[k],
            empty_t,
            empty_s,
            empty_u,
            empty_seg,
            empty_k,
            ev[k],
        )
        status[k] = st
        tf[k] = t
        sf[k] = s
        mode_f[k] = md
        fair_f[k] = fo
        armed_f[k] = fa
        lag_f[k] = lag
    return status, tf, sf, mode_f, fair_f, armed_f, ev, lag_f


PARALLEL_MIN_BATCH = 32
"""Batches smaller than this run on one thread: the guidance flies many tiny batches, for which
starting and joining OpenMP threads costs more than the work (tens of ms on a loaded machine)."""

_fly_many_parallel = njit(cache=True, parallel=True)(_fly_many)
_fly_many_serial = njit(cache=True)(_fly_many)


def fly_many(
    s0,
    t0,
    mode0,
    fairing_on0,
    flux_armed0,
    prm,
    segs,
    aero,
    misc,
    wind,
    dt_atmo,
    dt_vac,
    t_stop,
    drops=None,
    lag0=None,
):
    """Fly n trajectories at once: in parallel over the cores for large batches (see above).

    Returns status, time, state (n, 7), mode, fairing flags, events (n, N_EVENTS) and the
    throttle lag (n,) at the end. ``drops`` (2, J): items dropped at fixed real times (none by
    default); ``lag0`` (n,): throttle lag at the start (0 by default). Arrays in the layout
    before throttling (segs with 6 rows, misc with 4 entries) fly without throttling.
    """
    n = s0.shape[0]
    if segs.shape[0] == 6:
        segs = np.ascontiguousarray(np.vstack([segs, np.ones((1, segs.shape[1]))]))
    if misc.shape[0] == 4:
        misc = np.append(misc, np.inf)
    drops = np.zeros((2, 0)) if drops is None else drops
    lag0 = np.zeros(n) if lag0 is None else np.asarray(lag0, float)
    kernel = _fly_many_parallel if n >= PARALLEL_MIN_BATCH else _fly_many_serial
    return kernel(
        s0,
        t0,
        mode0,
        fairing_on0,
        flux_armed0,
        lag0,
        prm,
        segs,
        aero,
        misc,
        drops,
        wind,
        dt_atmo,
        dt_vac,
        t_stop,
    )
