"""Path constraints of a flight against the vehicle's limits: values, which are active, which broken.

A maximum payload can be reached with a limit broken (an axial load above the limit on a
stage that cannot throttle, a dynamic pressure above the limit): such a constraint is
``exceeded``, its note says EXCEEDED and what would hold it, and the result says so in its
headline. A broken *hard* limit makes the flight infeasible (``feasible`` false); a limit the
vehicle file declares soft (``[vehicle.limits] soft``, with ``soft_source``) is reported only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from baiterek import catalog
from baiterek.flight.trajectory import Trajectory

AXIAL_TOL = 1e-9
"""Relative excess of the recorded axial load over the limit still counted as held: the series
re-evaluates the kernel's states with the same geodesy (earth.geodesy.geodetic_sincos) and
atmosphere, so the two agree to about 1e-15 g (tests/integration/test_throttling.py); 1e-9 is
rounding room only, far below a real excess (>= 0.01 g). It was 1e-3 while the kernel and the
series used two different geodesy conversions."""
Q_TOL = 1e-3
"""Relative excess of the recorded maximum dynamic pressure over the limit still counted as held."""


@dataclass(frozen=True, slots=True)
class Constraint:
    """One path constraint: its value and limit (``unit``), whether it is active at the
    optimum, and whether the flight breaks it (``exceeded``; the note then says EXCEEDED)."""

    name: str
    value: float
    limit: float
    unit: str
    active: bool
    note: str = ""
    exceeded: bool = False
    hard: bool = True  # a broken hard limit makes the flight infeasible; a soft one is reported

    @property
    def breaks_hard_limit(self) -> bool:
        return self.exceeded and self.hard

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "limit": self.limit,
            "unit": self.unit,
            "active": self.active,
            "note": self.note,
            "hard": self.hard,
        }


def violations(constraints: tuple[Constraint, ...]) -> tuple[str, ...]:
    """Names of the limits a flight breaks, hard or soft."""
    return tuple(c.name for c in constraints if c.exceeded)


def hard_violations(constraints: tuple[Constraint, ...]) -> tuple[str, ...]:
    """Names of the hard limits a flight breaks (any one makes it infeasible)."""
    return tuple(c.name for c in constraints if c.breaks_hard_limit)


def limits_line(constraints: tuple[Constraint, ...]) -> str | None:
    """The headline verdict on the limits: None when all hold."""
    broken = [c for c in constraints if c.exceeded]
    if not broken:
        return None
    hard = [c for c in broken if c.hard]
    soft = [c for c in broken if not c.hard]

    def text(cs: list[Constraint]) -> str:
        return ", ".join(f"{c.name} {c.value:.2f} {c.unit} > {c.limit:.2f} {c.unit}" for c in cs)

    parts = [f"INFEASIBLE: {text(hard)} (hard limit)"] if hard else []
    if soft:
        parts.append(f"soft limit exceeded: {text(soft)} (reported only, limits.soft_source)")
    return "; ".join(parts)


def constraints_of(v: catalog.Vehicle, traj: Trajectory) -> tuple[Constraint, ...]:
    """Path constraints of the flight against the vehicle's limits, with which are active."""
    s = traj.summary()
    lim = v.limits
    last = v.stages[-1]
    reserve = last.reserve_fraction * last.propellant_mass_kg * last.count
    q, q_lim = s["max_dynamic_pressure_kpa"], lim.max_dynamic_pressure_kpa
    q_exceeded = q > q_lim * (1.0 + Q_TOL)
    q_note = (
        "EXCEEDED: a gentler or later pitch-over keeps q lower (performance admits only "
        "pitch-over kicks within the limit)"
        if q_exceeded
        else ""
    )
    axial_note = _axial_note(traj, lim.max_axial_load_g)
    out = [
        Constraint(
            "propellant_reserve",
            reserve,
            reserve,
            "kg",
            True,
            "last-stage propellant kept unburnt; active at the maximum payload",
        ),
        Constraint(
            "max_dynamic_pressure",
            q,
            q_lim,
            "kPa",
            q >= q_lim * 0.99,
            q_note,
            q_exceeded,
            lim.is_hard("max_dynamic_pressure"),
        ),
        Constraint(
            "max_axial_load",
            s["max_axial_load_g"],
            lim.max_axial_load_g,
            "g",
            s["max_axial_load_g"] >= lim.max_axial_load_g * 0.999 or s["min_throttle"] < 1.0,
            axial_note,
            axial_note.startswith("EXCEEDED"),
            lim.is_hard("max_axial_load"),
        ),
    ]
    fair = traj.event("fairing_jettison")
    if fair is not None and v.fairing.jettison == "heat_flux":
        out.append(
            Constraint(
                "fairing_heat_flux",
                v.fairing.heat_flux_limit_W_m2,
                v.fairing.heat_flux_limit_W_m2,
                "W/m2",
                True,
                f"fairing jettisoned at T+{fair.time:.1f} s when 0.5 rho v^3 fell to the limit",
            )
        )
    return tuple(out)


def _axial_note(traj: Trajectory, limit: float) -> str:
    """Empty if the axial limit holds; otherwise EXCEEDED with why throttling did not hold it."""
    a = traj.axial_load
    i = int(np.argmax(a))
    if a[i] <= limit * (1.0 + AXIAL_TOL):
        held = np.any(traj.throttle < 1.0)
        return "held by throttling the engines down" if held else ""
    why = "at minimum throttle" if traj.throttle[i] < 1.0 - 1e-9 else "engines not throttleable"
    # what would hold it: the sensed acceleration is (thrust - drag) / m, so at the same thrust
    # the limit needs m a / limit: that much more mass on board (a heavier payload, if the
    # vehicle still reaches the orbit with it), or engines that throttle deeper
    more = float(traj.mass[i]) * (float(a[i]) / limit - 1.0)
    return (
        f"EXCEEDED ({why}): {a[i]:.2f} g at T+{traj.time[i]:.1f} s; holding {limit:g} g needs "
        f"{more:,.0f} kg more on board at that time (a heavier payload, if it still reaches "
        "the orbit) or engines that throttle deeper"
    )
