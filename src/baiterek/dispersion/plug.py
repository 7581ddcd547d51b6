"""The one plug between the Monte Carlo and the flight: ``evaluator_for(mission)``.

Returns the dispersed flight kernel (:class:`baiterek.dispersion.flight_evaluator.FlightEvaluator`,
named ``"kernel, open-loop vacuum law with energy cutoff"`` in every document and in the mission
hash): each chunk of samples is flown in one batched kernel call with the nominal guidance
parameters (no re-targeting in flight). The analytic test double
(:mod:`baiterek.dispersion.standin`, :data:`STAND_IN`) stays for the machinery tests that use it
explicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baiterek.dispersion.chunk import Evaluate
    from baiterek.mission import Mission

STAND_IN = "stand-in (analytic test double: rocket equation, two-body insertion, vacuum fall)"


def evaluator_for(mission: Mission) -> tuple[str, Evaluate]:
    """(name, evaluate) for a validated :class:`baiterek.mission.Mission`: the flight kernel."""
    from baiterek.dispersion.flight_evaluator import KERNEL_OPEN_LOOP, FlightEvaluator

    return KERNEL_OPEN_LOOP, FlightEvaluator(mission)
