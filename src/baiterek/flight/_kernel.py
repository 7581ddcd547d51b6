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

Steering modes: ``MODE_VERTICAL`` rise, ``MODE_PITCH_OVER`` (attitude tilted by the kick toward
the launch azimuth, held until the Earth-relative velocity has tilted as far),
``MODE_GRAVITY_TURN`` (zero angle of attack), ``MODE_VACUUM_LAW``
``u = unit(lam + lamdot * (t - t_closed_loop))`` (a linear-tangent law in vector form, whose
parameters the guidance solves for), ``MODE_PROGRADE`` (along the inertial velocity: the upper
stage's apogee-raising burns). The modes follow each other in this order (a mode only increases).
In the vacuum-law mode the law is flown as given (open loop, ``P_GUIDANCE_CYCLE`` = 0) or
re-solved from the flown state every ``P_GUIDANCE_CYCLE`` seconds by the PEG update of
``baiterek.flight._peg`` (closed loop, toward the ``P_TARGET_*`` radius, flight-path angle and
plane and the ``P_ENERGY`` cutoff), inside the compiled flight.

The vehicle model is one ``KernelModel`` (a namedtuple, which numba compiles as a struct) whose
arrays all have a leading sample axis of length 1 (one model shared by the whole batch) or n (one
model per trajectory: Monte Carlo); trajectory i of a batch reads member ``i`` (or member 0).
Below ``fly`` the member's arrays travel as separate arguments: a namedtuple of them passed to
the non-inlined step function cost 20 % of an ascent (measured, benchmarks/ascent.py).
Row layouts: ``SEG_*`` (segments), ``AERO_*``, ``MISC_*``, ``WIND_*``, ``DROP_*``; guidance
parameters ``P_*``. ``baiterek.flight._packing`` builds models; nothing outside ``flight/`` calls
this module.

Longer than the 400-line guide (about 700 lines): the layout constants, the dynamics, the
steering, the event location and the integrator loop are one compiled unit that numba inlines
together (``inline="always"``), and splitting it would spread one state machine (``fly``) over
modules without making any part usable alone.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit, prange

from baiterek._jit_cache import drop_stale
from baiterek.constants import MU_EARTH, OMEGA_EARTH, WGS84_A, WGS84_B
from baiterek.earth.atmosphere import us76
from baiterek.earth.geodesy import BOWRING_ITERATIONS_HEIGHT as GEO_ITER
from baiterek.earth.geodesy import geodetic_sincos
from baiterek.earth.gravity import zonal_acceleration
from baiterek.flight import _peg

# --- guidance parameter vector (N_PARAMS,) -------------------------------------------------------
P_KICK_SPEED = 0  # Earth-relative speed that ends the vertical rise, m/s
P_KICK_ANGLE = 1  # pitch-over kick from the vertical, rad
P_AZIMUTH = 2  # Earth-relative launch azimuth, rad from north
P_T_CLOSED_LOOP = 3  # real time at which the vacuum law starts, s
P_LAM = 4  # lam (3): the vacuum law's direction at P_T_CLOSED_LOOP (launch frame)
P_LAMDOT = 7  # lamdot (3): its rate, 1/s
P_ENERGY = 10  # target specific energy at cutoff, J/kg (NaN: no cutoff, burn to depletion)
# closed-loop guidance in the kernel (``_peg``): the law is re-solved from the flown state
P_GUIDANCE_CYCLE = 11  # s between updates (0: open loop, the law of P_LAM/P_LAMDOT as given)
P_GUIDANCE_FREEZE = 12  # s: no update once the time to go is below this (terminal phase)
P_TARGET_RADIUS = 13  # cutoff radius, m
P_TARGET_FPA = 14  # cutoff flight-path angle, rad
P_TARGET_NORMAL = 15  # (3) unit normal of the target orbit plane (along r x v), launch frame
N_PARAMS = 18
N_OPEN_LOOP_PARAMS = 11
"""Length of the parameter vector before the closed-loop entries (zeros there: open loop)."""

# --- steering modes ------------------------------------------------------------------------------
MODE_VERTICAL = 0
MODE_PITCH_OVER = 1
MODE_GRAVITY_TURN = 2
MODE_VACUUM_LAW = 3
MODE_PROGRADE = 4

# --- model layout: rows of segs (n, N_SEG_ROWS, K) -----------------------------------------------
SEG_THRUST = 0  # vacuum thrust, N
SEG_MASS_FLOW = 1  # mass flow at full throttle, kg/s
SEG_EXIT_AREA = 2  # nozzle exit area (ambient-pressure loss p * A_e), m2
SEG_START = 3  # start on the burn clock, s
SEG_END = 4  # end on the burn clock, s
SEG_DROP = 5  # mass dropped at the segment's start, kg
SEG_MIN_THROTTLE = 6  # lowest throttle ratio (1: cannot throttle)
N_SEG_ROWS = 7
# rows of aero (n, N_AERO_ROWS, M): the Cd(Mach) table
AERO_MACH = 0
AERO_CD = 1
N_AERO_ROWS = 2
# entries of misc (n, N_MISC)
MISC_AREA = 0  # aerodynamic reference area, m2
MISC_FAIRING_MODE = 1  # FAIRING_BY_FLUX: jettison by the heat-flux rule (else by time, in drops)
MISC_FAIRING_MASS = 2  # kg
MISC_FLUX_LIMIT = 3  # free-molecular heat flux below which the fairing goes, W/m2
MISC_MAX_AXIAL = 4  # maximum sensed axial acceleration, m/s2 (held by throttling)
MISC_DRAG_SCALE = 5  # factor on Cd (1: nominal)
MISC_DENSITY_SCALE = 6  # factor on the air density (drag and heat flux; 1: nominal)
N_MISC = 7
FAIRING_BY_FLUX = 1.0
# rows of wind (n, N_WIND_ROWS, W): a profile over altitude (W = 0: calm)
WIND_ALTITUDE = 0  # m, increasing
WIND_EAST = 1  # m/s toward east
WIND_NORTH = 2  # m/s toward north
N_WIND_ROWS = 3
# rows of drops (n, N_DROP_ROWS, J): items dropped at fixed real times
DROP_TIME = 0  # s
DROP_MASS = 1  # kg
N_DROP_ROWS = 2

# --- integration constants (design choices of this kernel, not physical data) ---------------------
VACUUM_STEP_ALTITUDE = 70e3
"""Height above the equatorial radius (m) above which the longer vacuum step is used (a design
choice: the US76 density at 70 km, 8.3e-5 kg/m3, is 1/15,000 of sea level, so drag varies
slowly); the steps are ``_packing.DT_ATMO`` and ``DT_VAC``, their error is measured by
``tests/integration/test_flight_physics.py`` (step halving)."""
T_EPS = 1e-9
"""Time tolerance (s) when comparing with a boundary that a step was cut to."""
CRASH_GRACE_S = 5.0
"""No crash test in the first seconds (the pad may sit below the reference radius)."""
CRASH_DEPTH_M = 1000.0
"""Crash: more than this below the polar radius (lower than any ground on Earth: -430 m)."""
ROOT_ITERATIONS = 30
"""Secant iterations when locating an event or a boundary inside a step."""


class KernelModel(NamedTuple):
    """The vehicle model of a batch: every array has a leading sample axis of length 1 or n."""

    segs: np.ndarray  # (n, N_SEG_ROWS, K)
    aero: np.ndarray  # (n, N_AERO_ROWS, M)
    misc: np.ndarray  # (n, N_MISC)
    drops: np.ndarray  # (n, N_DROP_ROWS, J)
    wind: np.ndarray  # (n, N_WIND_ROWS, W)


PEG_ROWS = (SEG_START, SEG_END, SEG_DROP, SEG_THRUST, SEG_MASS_FLOW, P_T_CLOSED_LOOP, P_LAM,
            P_LAMDOT)  # fmt: skip
"""Rows and parameter indices ``_peg.update`` reads and writes."""

STATUS_RUNNING = 0
STATUS_CUTOFF = 1  # target energy reached: orbit insertion
STATUS_DEPLETED = 2  # last stage empty before reaching the target energy
STATUS_CRASHED = 3  # below the ground after liftoff (or no mass left / a non-finite state)
STATUS_END_TIME = 4  # stopped at the requested end time

NS = 8
"""Integrated quantities inside the kernel: the state [r, v, m] and the throttle lag L (s)."""

N_EVENTS = 4
EV_PITCH_OVER, EV_GRAVITY_TURN, EV_FAIRING, EV_CUTOFF = 0, 1, 2, 3


@njit(cache=True)
def local_frame(x, y, z):
    """Sine and cosine of the geodetic latitude, height, and the up, east, north unit vectors in
    the launch frame at a launch-frame position (longitude: the inertial one)."""
    h, sl, cl = geodetic_sincos(np.sqrt(x * x + y * y), z, GEO_ITER)
    lon = np.arctan2(y, x)
    co = np.cos(lon)
    so = np.sin(lon)
    up = np.array([cl * co, cl * so, sl])
    east = np.array([-so, co, 0.0])
    north = np.array([-sl * co, -sl * so, cl])
    return sl, cl, h, up, east, north


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
    if mode == MODE_PROGRADE:  # along the inertial velocity (transfer burns)
        n = np.sqrt(s[3] * s[3] + s[4] * s[4] + s[5] * s[5])
        return s[3] / n, s[4] / n, s[5] / n
    if mode == MODE_VACUUM_LAW:
        tau = t - prm[P_T_CLOSED_LOOP]
        ux = prm[P_LAM] + prm[P_LAMDOT] * tau
        uy = prm[P_LAM + 1] + prm[P_LAMDOT + 1] * tau
        uz = prm[P_LAM + 2] + prm[P_LAMDOT + 2] * tau
    elif mode == MODE_GRAVITY_TURN:
        ux = s[3] + OMEGA_EARTH * s[1]
        uy = s[4] - OMEGA_EARTH * s[0]
        uz = s[5]
    else:
        h, sl, cl = geodetic_sincos(np.sqrt(s[0] * s[0] + s[1] * s[1]), s[2], GEO_ITER)
        lon = np.arctan2(s[1], s[0])
        co = np.cos(lon)
        so = np.sin(lon)
        if mode == MODE_VERTICAL:
            return cl * co, cl * so, sl
        az = prm[P_AZIMUTH]
        sa = np.sin(az) * np.sin(prm[P_KICK_ANGLE])
        ca = np.cos(az) * np.sin(prm[P_KICK_ANGLE])
        ck = np.cos(prm[P_KICK_ANGLE])
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
    """Write d(s, L)/dt into d (NS,); return the thrust direction. Arrays: one member's.

    ``d[7] = 1 - k``: the throttle factor ``k`` holds the sensed axial acceleration
    ``(k F_vac - p A_e) / m - (drag along the body axis) / m`` at the limit
    ``misc[MISC_MAX_AXIAL]`` when it would exceed it, with ``segs[SEG_MIN_THROTTLE, seg] <= k <= 1``.
    """
    x, y, z = s[0], s[1], s[2]
    m = s[6]
    ax, ay, az = zonal_acceleration(x, y, z, 4)
    h, sin_lat, cos_lat = geodetic_sincos(np.sqrt(x * x + y * y), z, GEO_ITER)
    tmp, p, rho, a_sound = us76(h)
    rho = rho * misc[MISC_DENSITY_SCALE]
    # air-relative velocity: minus Earth rotation, minus wind
    vrx = s[3] + OMEGA_EARTH * y
    vry = s[4] - OMEGA_EARTH * x
    vrz = s[5]
    if wind.shape[1] > 0 and h < wind[WIND_ALTITUDE, wind.shape[1] - 1]:
        we = interp1(h, wind[WIND_ALTITUDE], wind[WIND_EAST])
        wn = interp1(h, wind[WIND_ALTITUDE], wind[WIND_NORTH])
        lon = np.arctan2(y, x)
        co = np.cos(lon)
        so = np.sin(lon)
        vrx -= -we * so - wn * sin_lat * co
        vry -= we * co - wn * sin_lat * so
        vrz -= wn * cos_lat
    vr = np.sqrt(vrx * vrx + vry * vry + vrz * vrz)
    kd = 0.0
    if vr > 1e-6 and rho > 0.0:
        cd = interp1(vr / a_sound, aero[AERO_MACH], aero[AERO_CD]) * misc[MISC_DRAG_SCALE]
        kd = 0.5 * rho * vr * cd * misc[MISC_AREA] / m
        ax -= kd * vrx
        ay -= kd * vry
        az -= kd * vrz
    f_vac = segs[SEG_THRUST, seg]
    p_loss = p * segs[SEG_EXIT_AREA, seg]
    mdot = segs[SEG_MASS_FLOW, seg]
    ux = 0.0
    uy = 0.0
    uz = 0.0
    k = 1.0
    if f_vac - p_loss > 0.0 and mdot > 0.0:
        ux, uy, uz = steering(mode, t, s, prm)
        k_min = segs[SEG_MIN_THROTTLE, seg]
        if k_min < 1.0:
            # throttle that puts the sensed axial acceleration exactly at the limit
            k_hold = (
                m * (misc[MISC_MAX_AXIAL] + kd * (ux * vrx + uy * vry + uz * vrz)) + p_loss
            ) / f_vac
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
def heat_flux(t, s, misc):
    """Free-molecular heat flux 0.5 rho v^3 with the Earth-relative speed, W/m^2."""
    h, sl, cl = geodetic_sincos(np.sqrt(s[0] * s[0] + s[1] * s[1]), s[2], GEO_ITER)
    tmp, p, rho, a = us76(h)
    rho = rho * misc[MISC_DENSITY_SCALE]
    vrx = s[3] + OMEGA_EARTH * s[1]
    vry = s[4] - OMEGA_EARTH * s[0]
    v2 = vrx * vrx + vry * vry + s[5] * s[5]
    return 0.5 * rho * v2 * np.sqrt(v2)


@njit(cache=True)
def _switch_function(mode, t, s, prm):
    """Pitch-program switch: >= 0 once the vertical rise (speed) or the pitch-over (velocity
    tilt) should end."""
    vrx = s[3] + OMEGA_EARTH * s[1]
    vry = s[4] - OMEGA_EARTH * s[0]
    vr = np.sqrt(vrx * vrx + vry * vry + s[5] * s[5])
    if mode == MODE_VERTICAL:
        return vr - prm[P_KICK_SPEED]
    if mode == MODE_PITCH_OVER:
        sl, cl, h, up, east, north = local_frame(s[0], s[1], s[2])
        c = (vrx * up[0] + vry * up[1] + s[5] * up[2]) / vr
        return np.cos(prm[P_KICK_ANGLE]) - c
    return -1.0


@njit(cache=True)
def _next_mode(mode, t, s, prm, forced):
    """Mode after a step: the located pitch-program switch (``forced``), then closed loop at t_g."""
    if forced and mode < MODE_GRAVITY_TURN:
        mode += 1
    if mode < MODE_VACUUM_LAW and t >= prm[P_T_CLOSED_LOOP] - T_EPS:
        return MODE_VACUUM_LAW
    return mode


@njit(cache=True)
def _locate_boundary(
    t, s, a0, g0, a1, g1, a_max, tau_end, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new
):
    """Step length a (<= a_max) at which the burn clock t + a - L reaches ``tau_end`` (secant;
    g = burn clock minus tau_end, from two bracketing or extrapolating tries). On return
    ``s_new`` holds the state after the step a."""
    for _ in range(ROOT_ITERATIONS):
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


@njit(cache=True, inline="always")
def _pick(arr, member):
    """Sample index into a model array: ``member``, or 0 when the array has one sample (int64
    both ways: a prange index is unsigned, and numba unifies uint64 with int64 as float64)."""
    return np.int64(member) if arr.shape[0] > 1 else np.int64(0)


@njit(cache=True)
def fly(
    model,
    member,
    s0,
    t0,
    mode0,
    fairing_on0,
    flux_armed0,
    lag0,
    prm0,
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
    crash or t_stop (real time), with sample ``member`` of the KernelModel ``model`` (member 0
    of an array that has one sample).

    Records every step in rec_* when they are non-empty (``rec_k``: throttle factor and lag).
    Returns status, t, state (7,), number of records, mode and fairing flags at the end, and the
    throttle lag at the end. ``events`` (N_EVENTS,) receives event times. A timed drop at or
    before t0 is taken as done (as a segment's start drop).

    Closed loop (``prm0[P_GUIDANCE_CYCLE] > 0``): in the vacuum-law mode the law is re-solved by
    ``_peg.update`` at the start of the first step at or after each cycle time (the first at the
    law's start, or at t0), on a copy of ``prm0``; the guidance state starts afresh in each call.
    """
    prm = prm0.copy()  # the closed loop rewrites the law (never the caller's array)
    cycle = prm[P_GUIDANCE_CYCLE]
    t_next = prm[P_T_CLOSED_LOOP]
    frozen = False
    gst = np.zeros(_peg.N_STATE)
    segs = model.segs[_pick(model.segs, member)]
    misc = model.misc[_pick(model.misc, member)]
    drops = model.drops[_pick(model.drops, member)]
    aero = model.aero[_pick(model.aero, member)]
    wind = model.wind[_pick(model.wind, member)]
    seg_end = segs[SEG_END]
    seg_drop = segs[SEG_DROP]
    n_seg = segs.shape[1]
    n_drop = drops.shape[1]
    t = t0
    s = np.empty(NS)
    s[:7] = s0
    s[7] = lag0
    mode = mode0
    fairing_on = fairing_on0
    flux_armed = flux_armed0
    eps_t = prm[P_ENERGY]
    seg = 0
    while seg < n_seg - 1 and seg_end[seg] <= t - s[7] + T_EPS:
        seg += 1
    jd = 0
    while jd < n_drop and drops[DROP_TIME, jd] <= t + T_EPS:
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
        dt = dt_vac if r_now - WGS84_A > VACUUM_STEP_ALTITUDE else dt_atmo
        if cycle > 0.0 and mode == MODE_VACUUM_LAW and not frozen and t >= t_next - T_EPS:
            tgo = _peg.update(
                t, s, t - s[7], seg, segs, prm, gst, prm[P_TARGET_RADIUS], prm[P_TARGET_FPA],
                eps_t, prm[P_TARGET_NORMAL], prm[P_TARGET_NORMAL + 1], prm[P_TARGET_NORMAL + 2],
                PEG_ROWS,
            )  # fmt: skip
            t_next = t + cycle
            frozen = 0.0 <= tgo < prm[P_GUIDANCE_FREEZE]
            k1_ready = False
        if not k1_ready:
            derivatives(t, s, seg, mode, prm, segs, aero, misc, wind, k1)
        k1_ready = False
        # real-time limits: t_stop, closed-loop start, the next timed drop
        t_real = t_stop
        t_cl = prm[P_T_CLOSED_LOOP]
        if mode < MODE_VACUUM_LAW and t_cl < t_real and t_cl > t + T_EPS:
            t_real = t_cl
        if jd < n_drop and drops[DROP_TIME, jd] < t_real:
            t_real = drops[DROP_TIME, jd]
        # the segment's end on the burn clock, predicted at the present throttle
        tau_end = seg_end[seg]
        t_seg = t + (tau_end - (t - s[7])) / (1.0 - k1[7])
        t_lim = min(t_seg, t_real)
        by_seg = t_seg <= t_real
        last_step = False
        if t + dt >= t_lim - T_EPS:
            dt = t_lim - t
            last_step = True
        rk4_step(t, s, dt, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
        # --- the segment's end, exactly on the burn clock (throttling changed it in the step)
        g1 = t + dt - s_new[7] - tau_end
        if g1 > T_EPS or (last_step and by_seg and g1 < -T_EPS):
            dt = _locate_boundary(
                t, s, 0.0, t - s[7] - tau_end, dt, g1, t_real - t, tau_end, k1, seg, mode, prm,
                segs, aero, misc, wind, work, s_new,
            )  # fmt: skip
            last_step = True
        t_new = t + dt
        switched = False
        located = False
        # --- state events inside the step -------------------------------------------------
        hit_cut = (
            (not np.isnan(eps_t)) and segs[SEG_THRUST, seg] > 0 and specific_energy(s_new) >= eps_t
        )
        hit_fair = False
        if fairing_on and misc[MISC_FAIRING_MODE] == FAIRING_BY_FLUX:
            f_new = heat_flux(t_new, s_new, misc)
            if f_new > misc[MISC_FLUX_LIMIT]:
                flux_armed = True
            elif flux_armed:
                hit_fair = True
        if hit_cut:
            # secant on the energy over the step fraction
            e0 = specific_energy(s) - eps_t
            e1 = specific_energy(s_new) - eps_t
            a0, a1 = 0.0, dt
            for _ in range(ROOT_ITERATIONS):
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
        elif mode < MODE_GRAVITY_TURN and _switch_function(mode, t_new, s_new, prm) >= 0.0:
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
            f0 = heat_flux(t, s, misc) - misc[MISC_FLUX_LIMIT]
            f1 = heat_flux(t_new, s_new, misc) - misc[MISC_FLUX_LIMIT]
            a = dt * f0 / (f0 - f1) if f0 != f1 else dt
            a = min(max(a, 0.0), dt)
            rk4_step(t, s, a, k1, seg, mode, prm, segs, aero, misc, wind, work, s_new)
            t_new = t + a
            s_new[6] -= misc[MISC_FAIRING_MASS]
            fairing_on = False
            events[EV_FAIRING] = t_new
            located = True
        t = t_new
        s, s_new = s_new, s
        if status == STATUS_RUNNING:
            h_now = np.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]) - WGS84_B
            if t > CRASH_GRACE_S and h_now < -CRASH_DEPTH_M:
                status = STATUS_CRASHED
            elif not (s[6] > 0.0 and np.isfinite(h_now) and np.isfinite(t)):
                status = STATUS_CRASHED  # no mass left, or the state broke down: never loop on
            new_mode = _next_mode(mode, t, s, prm, switched)
            if new_mode != mode:
                if new_mode >= MODE_PITCH_OVER and mode == MODE_VERTICAL:
                    events[EV_PITCH_OVER] = t
                if new_mode >= MODE_GRAVITY_TURN and mode <= MODE_PITCH_OVER:
                    events[EV_GRAVITY_TURN] = t
                mode = new_mode
            if last_step and not located:
                if t - s[7] >= seg_end[seg] - T_EPS:
                    if seg == n_seg - 1:
                        status = STATUS_DEPLETED
                    else:
                        seg += 1
                        s[6] -= seg_drop[seg]
                while jd < n_drop and drops[DROP_TIME, jd] <= t + T_EPS:
                    s[6] -= drops[DROP_MASS, jd]
                    jd += 1
                if status == STATUS_RUNNING and t >= t_stop - T_EPS:
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


def _fly_many(model, s0, t0, mode0, fairing_on0, flux_armed0, lag0, prm, dt_atmo, dt_vac, t_stop):
    """Fly n trajectories (no recording): s0 (n, 7), t0 (n,), lag0 (n,), prm (n, N_PARAMS);
    trajectory k flies with member k of ``model`` (or its only member)."""
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
            model,
            k,
            s0[k],
            t0[k],
            mode0[k],
            fairing_on0[k],
            flux_armed0[k],
            lag0[k],
            prm[k],
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


def check_model(model: KernelModel, n: int) -> None:
    """Raise ValueError unless every array of ``model`` has the documented row layout and a
    leading sample axis of 1 or ``n`` (a caller's bug, not a user error)."""
    rows = {"segs": N_SEG_ROWS, "aero": N_AERO_ROWS, "drops": N_DROP_ROWS, "wind": N_WIND_ROWS}
    for name, arr in zip(model._fields, model, strict=True):
        ndim, want = (2, N_MISC) if name == "misc" else (3, rows[name])
        if arr.ndim != ndim or arr.shape[1] != want or arr.shape[0] not in (1, n):
            raise ValueError(
                f"kernel model {name}: shape {arr.shape}, want (1 or {n}, {want}, ...)"
            )


def fly_many(model: KernelModel, s0, t0, mode0, fairing_on0, flux_armed0, prm, dt_atmo, dt_vac,
             t_stop, lag0):  # fmt: skip
    """Fly n trajectories at once: in parallel over the cores for large batches (see above).

    Per-trajectory arrays have n rows; ``model``'s arrays 1 or n samples. Returns status, time,
    state (n, 7), mode, fairing flags, events (n, N_EVENTS) and the throttle lag (n,) at the end.
    """
    check_model(model, s0.shape[0])
    return fly_many_checked(
        model, s0, t0, mode0, fairing_on0, flux_armed0, prm, dt_atmo, dt_vac, t_stop, lag0
    )


def fly_many_checked(model: KernelModel, s0, t0, mode0, fairing_on0, flux_armed0, prm, dt_atmo,
                     dt_vac, t_stop, lag0):  # fmt: skip
    """``fly_many`` for a model already checked (``_packing.Model`` checks at construction)."""
    kernel = _fly_many_parallel if s0.shape[0] >= PARALLEL_MIN_BATCH else _fly_many_serial
    return kernel(
        model, s0, t0, mode0, fairing_on0, flux_armed0, lag0, prm, dt_atmo, dt_vac, t_stop
    )


# numba misses changes in the modules these kernels call (baiterek._jit_cache)
drop_stale(globals())
