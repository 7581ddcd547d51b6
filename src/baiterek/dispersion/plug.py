"""The one plug between the Monte Carlo and the flight: ``evaluator_for(mission)``.

Today it returns the analytic TEST DOUBLE (:mod:`baiterek.dispersion.standin`), named
``"stand-in"`` in every document and in the mission hash, so nobody mistakes its numbers for
the vehicle's. When the dispersed kernel (helper "flight") and the batched fall (helper
"safety") are merged, this function returns instead a picklable ``evaluate(dispersions,
sample_indices) -> dict`` that builds ``case.model.dispersed(d)``, flies it closed-loop, falls
the jettisoned bodies and returns the same keys (``status``, the injection elements, the
insertion state, ``cutoff_time_s``, ``propellant_margin_kg``, ``body.<name>.latitude_deg`` /
``longitude_deg``); nothing else in the Monte Carlo changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from baiterek import catalog

if TYPE_CHECKING:
    from baiterek.dispersion.chunk import Evaluate
    from baiterek.mission import Mission

STAND_IN = "stand-in (analytic test double: rocket equation, two-body insertion, vacuum fall)"


def evaluator_for(mission: Mission) -> tuple[str, Evaluate]:
    """(name, evaluate) for a validated :class:`baiterek.mission.Mission`."""
    from baiterek.constants import WGS84_A
    from baiterek.dispersion.standin import StandInCase, StandInEvaluator

    v = catalog.vehicle(mission.mission.vehicle)
    site = catalog.site(mission.mission.site)
    payload = mission.mission.payload_kg
    if payload is None:
        payload = v.reference_payload_kg
    altitude_km = (mission.perigee_radius - WGS84_A) / 1e3
    import math

    case = StandInCase.from_mission(
        v, site, altitude_km, math.degrees(mission.inclination), payload
    )
    return STAND_IN, StandInEvaluator(case)
