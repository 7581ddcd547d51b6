"""The maximum payload of a direct ascent (the last stage enters the target orbit).

The depletion system (``performance.depletion``) gives the maximum payload ``P*`` and its law;
the trajectory handed over carries ``P* - DIRECT_MARGIN_KG`` and is cut off by the target
energy as every flight is, so it ends with that much usable propellant left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from baiterek.errors import ConvergenceError
from baiterek.flight import guidance as G
from baiterek.flight.simulate import Setup
from baiterek.flight.transfer import Transfer
from baiterek.performance import depletion as D
from baiterek.performance._trial import margin, solution_at
from baiterek.performance.case import AscentCase
from baiterek.performance.reach import out_of_reach

DIRECT_MARGIN_KG = 0.5
"""A direct ascent's handed-over trajectory carries the maximum payload less this, kg: it reaches
the orbit with that much usable propellant left (the maximum itself is solved to about 0.01 kg)."""


@dataclass(frozen=True, slots=True)
class Maximum:
    """A maximum payload (kg), the setup and guidance solution that fly it, the transfer (a
    ``flight.transfer.Transfer``, None for a direct ascent) and the guidance evaluations spent."""

    payload: float
    setup: Setup
    solution: G.GuidanceSolution
    transfer: Transfer | None
    evaluations: int


def direct_maximum(case: AscentCase, p_start: float, reach_limit: bool = True) -> Maximum:
    """The maximum payload of a direct ascent, from the start payload ``p_start``, kg.

    Out of reach even without payload: InfeasibleError (naming the highest orbit reached when
    ``reach_limit``); no maximum found: ConvergenceError.
    """
    v = case.vehicle
    g = v.guidance
    st = case.setup(p_start)
    try:
        best = D.maximum_over_kick(
            st.problem,
            math.radians(g.kick_min_deg),
            math.radians(g.kick_max_deg),
            p_start,
            -0.5 * v.stages[-1].dry_mass_kg,
            max_q=v.limits.max_dynamic_pressure_kpa * 1e3,
        )
    except ConvergenceError:
        best = None
    if best is None or best.payload < DIRECT_MARGIN_KG:
        m0 = margin(case, 0.0, None)[0]
        if m0 < 0.0:
            raise out_of_reach(case, None if best is None else -best.payload, reach_limit)
        if best is None:
            raise ConvergenceError(f"no maximum payload found for {case.vehicle_id} to this orbit")
    for back_off in (DIRECT_MARGIN_KG, 10.0 * DIRECT_MARGIN_KG):
        payload = max(best.payload - back_off, 0.0)
        st = case.setup(payload)
        try:
            sol = solution_at(st, best.kick, best.params)
        except ConvergenceError:
            continue
        if sol.status == "too_heavy":
            continue
        return Maximum(payload, st, sol, None, best.evaluations)
    raise ConvergenceError(
        f"the guidance does not close at {best.payload:,.0f} kg, the maximum payload it found"
    )
