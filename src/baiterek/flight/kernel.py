"""Compiled equations of motion of the ascent, with events and steering, over flat arrays.

State layout (the one used by all flight code): ``[x, y, z, vx, vy, vz, m]`` in the launch frame
(Earth-centred, non-rotating, axes = ITRS at liftoff), m, m/s, kg.

Point mass (3-DOF): gravity J2-J4, thrust along the steering direction with the ambient-pressure
loss ``F = F_vac - p * A_e``, drag from a Cd(Mach) table along the air-relative velocity.
Integrator: classical RK4 on a fixed step, cut exactly at every segment boundary; state events
(fairing heat flux, cutoff energy) are located inside the step by secant iteration.

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
STATUS_CRASHED = 3  # below the ground after liftoff
STATUS_END_TIME = 4  # stopped at the requested end time

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
    """Write ds/dt into d (7,); return the thrust direction. Model arrays: see guidance.pack."""
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
    if vr > 1e-6 and rho > 0.0:
        cd = interp1(vr / a_sound, aero[0], aero[1])
        k = 0.5 * rho * vr * cd * misc[0] / m
        ax -= k * vrx
        ay -= k * vry
        az -= k * vrz
    thrust = segs[0, seg] - p * segs[2, seg]
    mdot = segs[1, seg]
    ux = 0.0
    uy = 0.0
    uz = 0.0
    if thrust > 0.0 and mdot > 0.0:
        ux, uy, uz = steering(mode, t, s, prm)
        f = thrust / m
        ax += f * ux
        ay += f * uy
        az += f * uz
    else:
        mdot = 0.0
    d[0] = s[3]
    d[1] = s[4]
    d[2] = s[5]
    d[3] = ax
    d[4] = ay
    d[5] = az
    d[6] = -mdot
    return ux, uy, uz


@njit(cache=True)
def rk4_step(t, s, dt, seg, mode, prm, segs, aero, misc, wind, work, out):
    """One RK4 step from (t, s) over dt into ``out``; ``work`` is a (5, 7) scratch array."""
    k1 = work[0]
    k2 = work[1]
    k3 = work[2]
    k4 = work[3]
    tmp = work[4]
    derivatives(t, s, seg, mode, prm, segs, aero, misc, wind, k1)
    for j in range(7):
        tmp[j] = s[j] + 0.5 * dt * k1[j]
    derivatives(t + 0.5 * dt, tmp, seg, mode, prm, segs, aero, misc, wind, k2)
    for j in range(7):
        tmp[j] = s[j] + 0.5 * dt * k2[j]
    derivatives(t + 0.5 * dt, tmp, seg, mode, prm, segs, aero, misc, wind, k3)
    for j in range(7):
        tmp[j] = s[j] + dt * k3[j]
    derivatives(t + dt, tmp, seg, mode, prm, segs, aero, misc, wind, k4)
    for j in range(7):
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
def fly(
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
    rec_t,
    rec_s,
    rec_u,
    rec_seg,
    events,
):
    """Integrate one ascent from (t0, s0) until cutoff, depletion, crash or t_stop.

    Records every step in rec_* when they are non-empty. Returns status, t, state, number of
    records, and the fairing flags at the end. ``events`` (N_EVENTS,) receives event times.
    """
    seg_end = segs[4]
    seg_drop = segs[5]
    n_seg = segs.shape[1]
    t = t0
    s = s0.copy()
    mode = mode0
    fairing_on = fairing_on0
    flux_armed = flux_armed0
    eps_t = prm[10]
    seg = 0
    while seg < n_seg - 1 and seg_end[seg] <= t + 1e-9:
        seg += 1
    recording = rec_t.shape[0] > 0
    work = np.empty((5, 7))
    s_new = np.empty(7)
    s_try = np.empty(7)
    nrec = 0
    if recording:
        rec_t[0] = t
        rec_s[0] = s
        ux, uy, uz = steering(mode, t, s, prm)
        rec_u[0, 0] = ux
        rec_u[0, 1] = uy
        rec_u[0, 2] = uz
        rec_seg[0] = seg
        nrec = 1
    status = STATUS_RUNNING
    while status == STATUS_RUNNING:
        r_now = np.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2])
        dt = dt_vac if r_now - WGS84_A > 70000.0 else dt_atmo
        t_lim = min(seg_end[seg], t_stop)
        if mode < 3 and prm[3] < t_lim and prm[3] > t + 1e-9:
            t_lim = prm[3]
        last_step = False
        if t + dt >= t_lim - 1e-9:
            dt = t_lim - t
            last_step = True
        rk4_step(t, s, dt, seg, mode, prm, segs, aero, misc, wind, work, s_new)
        t_new = t + dt
        switched = False
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
                rk4_step(t, s, a2, seg, mode, prm, segs, aero, misc, wind, work, s_try)
                e2 = specific_energy(s_try) - eps_t
                a0, e0, a1, e1 = a1, e1, a2, e2
                if abs(e2) < 1e-7 * abs(eps_t):
                    break
            rk4_step(t, s, a1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
            t_new = t + a1
            status = STATUS_CUTOFF
            events[EV_CUTOFF] = t_new
            last_step = False
        elif mode < 2 and _switch_function(mode, t_new, s_new, prm) >= 0.0:
            switched = True
            # locate the pitch-program switch inside the step (linear in the switch function)
            g0 = _switch_function(mode, t, s, prm)
            g1 = _switch_function(mode, t_new, s_new, prm)
            a = dt * (-g0) / (g1 - g0) if g1 != g0 else dt
            a = min(max(a, 0.0), dt)
            rk4_step(t, s, a, seg, mode, prm, segs, aero, misc, wind, work, s_new)
            t_new = t + a
            last_step = False
        elif hit_fair:
            f0 = heat_flux(t, s) - misc[3]
            f1 = heat_flux(t_new, s_new) - misc[3]
            a = dt * f0 / (f0 - f1) if f0 != f1 else dt
            a = min(max(a, 0.0), dt)
            rk4_step(t, s, a, seg, mode, prm, segs, aero, misc, wind, work, s_new)
            t_new = t + a
            s_new[6] -= misc[2]
            fairing_on = False
            events[EV_FAIRING] = t_new
            last_step = False
        t = t_new
        s, s_new = s_new, s
        if status == STATUS_RUNNING:
            h_now = np.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]) - WGS84_B
            if t > 5.0 and h_now < -1000.0:
                status = STATUS_CRASHED
            new_mode = _next_mode(mode, t, s, prm, switched)
            if new_mode != mode:
                if new_mode >= 1 and mode == 0:
                    events[EV_PITCH_OVER] = t
                if new_mode >= 2 and mode <= 1:
                    events[EV_GRAVITY_TURN] = t
                mode = new_mode
            if last_step:
                if t >= seg_end[seg] - 1e-9:
                    if seg == n_seg - 1:
                        status = STATUS_DEPLETED
                    else:
                        seg += 1
                        s[6] -= seg_drop[seg]
                if status == STATUS_RUNNING and t >= t_stop - 1e-9:
                    status = STATUS_END_TIME
        if recording and nrec < rec_t.shape[0]:
            rec_t[nrec] = t
            rec_s[nrec] = s
            ux, uy, uz = steering(mode, t, s, prm)
            rec_u[nrec, 0] = ux
            rec_u[nrec, 1] = uy
            rec_u[nrec, 2] = uz
            rec_seg[nrec] = seg
            nrec += 1
    return status, t, s.copy(), nrec, mode, fairing_on, flux_armed


def _fly_many(
    s0, t0, mode0, fairing_on0, flux_armed0, prm, segs, aero, misc, wind, dt_atmo, dt_vac, t_stop
):
    """Fly n trajectories (no recording): s0 (n, 7), t0 (n,), prm (n, N_PARAMS)."""
    n = s0.shape[0]
    status = np.zeros(n, np.int64)
    tf = np.zeros(n)
    sf = np.zeros((n, 7))
    mode_f = np.zeros(n, np.int64)
    fair_f = np.zeros(n, np.bool_)
    armed_f = np.zeros(n, np.bool_)
    ev = np.full((n, N_EVENTS), np.nan)
    empty_t = np.zeros(0)
    empty_s = np.zeros((0, 7))
    empty_u = np.zeros((0, 3))
    empty_seg = np.zeros(0, np.int64)
    for k in prange(n):
        st, t, s, nrec, md, fo, fa = fly(
            s0[k],
            t0[k],
            mode0[k],
            fairing_on0[k],
            flux_armed0[k],
            prm[k],
            segs,
            aero,
            misc,
            wind,
            dt_atmo,
            dt_vac,
            t_stop[k],
            empty_t,
            empty_s,
            empty_u,
            empty_seg,
            ev[k],
        )
        status[k] = st
        tf[k] = t
        sf[k] = s
        mode_f[k] = md
        fair_f[k] = fo
        armed_f[k] = fa
    return status, tf, sf, mode_f, fair_f, armed_f, ev


PARALLEL_MIN_BATCH = 32
"""Batches smaller than this run on one thread: the guidance flies many tiny batches, for which
starting and joining OpenMP threads costs more than the work (tens of ms on a loaded machine)."""

_fly_many_parallel = njit(cache=True, parallel=True)(_fly_many)
_fly_many_serial = njit(cache=True)(_fly_many)


def fly_many(
    s0, t0, mode0, fairing_on0, flux_armed0, prm, segs, aero, misc, wind, dt_atmo, dt_vac, t_stop
):
    """Fly n trajectories at once: in parallel over the cores for large batches (see above)."""
    kernel = _fly_many_parallel if s0.shape[0] >= PARALLEL_MIN_BATCH else _fly_many_serial
    return kernel(
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
    )
