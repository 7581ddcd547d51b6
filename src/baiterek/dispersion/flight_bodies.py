"""Impact points of the jettisoned bodies of a dispersed batch (used by ``FlightEvaluator``).

Each Monte Carlo body (``catalog.dispersions.body_names``: every stage but the last, the
fairing, the timed jettisons) is represented by the first catalog body (``safety.bodies``) that
separates at its event (``<stage>_separation``, ``fairing_jettison``, ``<name>_jettison``): one
booster of a group of boosters, one fairing half. Its separation state per sample comes from the
same batched kernel model flown from liftoff to that sample's separation time (``t_stop``; one
batched call per body, a lower stage's burn-clock separation corrected for the throttle lag),
plus the body's nominal separation delta-v (``safety.bodies.separation_delta_v``) and the drawn
``body_dv`` (radial, along, cross of the vehicle's state). All (sample, body) pairs then fall in
ONE call of :func:`baiterek.safety.fall.impact_points` (the sample's density scale and wind).
"""

from __future__ import annotations

from typing import Any

import numpy as np

LAG_ITERATIONS = 4
"""Legs flown at most to reach a burn-clock separation (real time = burn clock + throttle lag)."""


def rsw_axes(r: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit radial, along-track and cross-track (orbit normal) vectors of states (n, 3) each."""
    radial = r / np.linalg.norm(r, axis=1, keepdims=True)
    h = np.cross(r, v)
    cross = h / np.linalg.norm(h, axis=1, keepdims=True)
    return radial, np.cross(cross, radial), cross


def representatives(vehicle: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The catalog body standing for each Monte Carlo body name (None when none separates)."""
    from baiterek.safety.bodies import bodies_of

    cat = bodies_of(vehicle.id)
    out = []
    for name in names:
        events: tuple[str, ...] = (f"{name}_separation", f"{name.replace(' ', '_')}_jettison")
        if name == "fairing":
            events = ("fairing_jettison",)
        hit = [b for b in cat if b.event in events]
        out.append(hit[0] if hit else None)
    return tuple(out)


def _subset(model: Any, idx: np.ndarray) -> Any:
    from baiterek.flight._packing import Model

    def pick(a: np.ndarray) -> np.ndarray:
        return a[idx] if a.shape[0] > 1 else a

    return Model(pick(model.segs), pick(model.aero), pick(model.misc), pick(model.wind),
                 pick(model.drops))  # fmt: skip


def fly_to(
    model: Any, s0: np.ndarray, prm: np.ndarray, when: np.ndarray, burn_clock: bool
) -> tuple[np.ndarray, np.ndarray]:
    """States (n, 7) at ``when`` (n,) s: real time, or the burn clock when ``burn_clock``."""
    from baiterek.flight import _kernel as K

    status, t, s, *_, lag = model.run_batch(s0, 0.0, K.MODE_VERTICAL, True, False, prm, when)
    t, s, lag = t.copy(), s.copy(), lag.copy()
    if burn_clock:
        for _ in range(LAG_ITERATIONS):
            need = np.nonzero((status == K.STATUS_END_TIME) & (t - lag < when - 1e-6))[0]
            if need.size == 0:
                break
            st2, t2, s2, *_, lag2 = _subset(model, need).run_batch(
                s0[need], 0.0, K.MODE_VERTICAL, True, False, prm[need], when[need] + lag[need]
            )
            status[need], t[need], s[need], lag[need] = st2, t2, s2, lag2
    bad = status != K.STATUS_END_TIME
    s[bad] = np.nan
    return t, s


def _separation_dv(r: np.ndarray, v: np.ndarray, body: Any) -> np.ndarray:
    """``safety.bodies.separation_delta_v`` over rows (n, 3) (same rule, vectorised)."""
    from baiterek.constants import OMEGA_EARTH

    dv = body.separation_dv_m_s
    if dv == 0.0:
        return np.zeros_like(r)
    v_rel = v - np.cross([0.0, 0.0, OMEGA_EARTH], r)
    along = v_rel / np.linalg.norm(v_rel, axis=1, keepdims=True)
    if body.separation_clock_rad is None:
        return np.asarray(-dv * along, float)
    up = r / np.linalg.norm(r, axis=1, keepdims=True)
    up_perp = up - np.sum(up * along, 1, keepdims=True) * along
    up_perp /= np.linalg.norm(up_perp, axis=1, keepdims=True)
    right = np.cross(along, up_perp)
    c = body.separation_clock_rad
    return np.asarray(dv * (np.cos(c) * up_perp + np.sin(c) * right), float)


def body_impacts(nom: Any, d: Any, model: Any, s0: np.ndarray, prm: np.ndarray,
                 sep: np.ndarray, fairing_time: np.ndarray) -> dict[str, np.ndarray]:  # fmt: skip
    """``body.<name>.latitude_deg`` / ``longitude_deg`` (n,) for every Monte Carlo body."""
    from baiterek.earth.wind import WindProfile
    from baiterek.flight import _kernel as K
    from baiterek.safety.fall import impact_points

    st = nom.setup
    names = d.body_names
    reps = representatives(st.vehicle, names)
    stage_names = [s.name for s in st.vehicle.stages]
    timed = {name: when for when, _, name in st.sequence.timed_drops}
    n, nb = d.n, len(names)
    states = np.full((n, nb, 7), np.nan)
    times = np.full((n, nb), np.nan)
    bodies = []
    for j, (name, body) in enumerate(zip(names, reps, strict=True)):
        if body is None:
            continue
        if name in stage_names:
            when, burn = sep[:, stage_names.index(name)], True
        elif name == "fairing":
            when, burn = np.asarray(fairing_time, float), False
            if st.sequence.fairing_mode != 1:
                when = np.full(n, timed.get("fairing_jettison", np.nan))
        else:
            when, burn = np.full(n, timed.get(name.replace(" ", "_") + "_jettison", np.nan)), False
        ok = np.isfinite(when)
        t, s = fly_to(model, s0, prm, np.where(ok, when, 0.0), burn)
        s[~ok] = np.nan
        r, v = s[:, :3], s[:, 3:6]
        dv0 = _separation_dv(r, v, body)
        e_r, e_a, e_c = rsw_axes(r, v)
        bdv = np.asarray(d.body_dv)[:, j]
        states[:, j, :3] = r
        states[:, j, 3:6] = v + dv0 + bdv[:, 0:1] * e_r + bdv[:, 1:2] * e_a + bdv[:, 2:3] * e_c
        states[:, j, 6] = body.mass_kg
        times[:, j] = np.where(ok, t, np.nan)
        bodies.append(j)
    out: dict[str, np.ndarray] = {}
    if not bodies:
        return out
    cols = np.array(bodies)
    w = model.wind
    winds = [WindProfile(w[i, K.WIND_ALTITUDE], w[i, K.WIND_EAST], w[i, K.WIND_NORTH])
             for i in range(n)] if w.shape[2] else None  # fmt: skip
    bad = ~(np.all(np.isfinite(states[:, cols]), axis=2) & np.isfinite(times[:, cols]))
    good = np.nonzero(~bad.any(1))[0]
    if good.size == 0:
        return out
    s_in, t_in = states[:, cols].copy(), times[:, cols].copy()
    # rows that never separated fall from a valid sample's state (their result is masked)
    s_in[bad] = np.broadcast_to(s_in[good[0]], s_in.shape)[bad]
    t_in[bad] = np.broadcast_to(t_in[good[0]], t_in.shape)[bad]
    imp = impact_points(
        s_in, t_in,
        [reps[j] for j in cols], site=st.site, wind=winds,
        density_scale=np.asarray(d.density_scale), decay=False,
    )  # fmt: skip
    lat = np.where(bad, np.nan, imp.latitude)
    lon = np.where(bad, np.nan, imp.longitude)
    for c, j in enumerate(cols):
        out[f"body.{names[j]}.latitude_deg"] = np.degrees(lat[:, c])
        out[f"body.{names[j]}.longitude_deg"] = np.degrees(lon[:, c])
    return out
