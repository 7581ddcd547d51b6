"""Path constraints of a flight against the vehicle's limits: values, which are active, which broken.

A maximum payload can be reached with a hard limit broken (an axial load above the limit on a
stage that cannot throttle, a dynamic pressure above the limit): such a constraint is
``exceeded`` and ``PerformanceResult.limits_respected`` says so in the headline.
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

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "limit": self.limit,
            "unit": self.unit,
            "active": self.active,
            "note": self.note,
        }


def constraints_of(v: catalog.Vehicle, traj: Trajectory) -> tuple[Constraint, ...]:
    """Path constraints of the flight against the vehicle's limits, with which are active."""
    s = traj.summary()
    lim = v.limits
    last = v.stages[-1]
    reserve = last.reserve_fraction * last.propellant_mass_kg * last.count
    q, q_lim = s["max_dynamic_pressure_kpa"], lim.max_dynamic_pressure_kpa
    q_exceeded = q > q_lim * (1.0 + Q_TOL)
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
            "EXCEEDED" if q_exceeded else "",
            q_exceeded,
        ),
        Constraint(
            "max_axial_load",
            s["max_axial_load_g"],
            lim.max_axial_load_g,
            "g",
            s["max_axial_load_g"] >= lim.max_axial_load_g * 0.999 or s["min_throttle"] < 1.0,
            axial_note,
            axial_note.startswith("EXCEEDED"),
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
    return f"EXCEEDED ({why})"
