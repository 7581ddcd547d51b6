"""The one plug between the Monte Carlo and the flight: ``evaluator_for(mission)``.

Returns the dispersed flight kernel (:class:`baiterek.dispersion.flight_evaluator.FlightEvaluator`,
named after its guidance mode in every document and in the mission hash): each chunk of samples
is flown in one batched kernel call, by default with the guidance in the loop (``"closed_loop"``:
``"kernel, closed-loop PEG guidance (2 s cycle) with energy cutoff"``); ``"open_loop"`` flies
the nominal vacuum law in every sample (``"kernel, open-loop vacuum law with energy cutoff"``,
no re-targeting in flight). The analytic test double
(:mod:`baiterek.dispersion.standin`, :data:`STAND_IN`) stays for the machinery tests that use it
explicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baiterek.dispersion.chunk import Evaluate
    from baiterek.mission import Mission

STAND_IN = "stand-in (analytic test double: rocket equation, two-body insertion, vacuum fall)"


GUIDANCE_MODES = ("closed_loop", "open_loop")
"""Guidance modes of the flight evaluator (the first is the default)."""


def evaluator_for(mission: Mission, guidance: str = "closed_loop") -> tuple[str, Evaluate]:
    """(name, evaluate) for a validated :class:`baiterek.mission.Mission`: the flight kernel with
    the guidance mode ``guidance`` (one of :data:`GUIDANCE_MODES`, or the same with dashes;
    anything else: InputError naming ``guidance``)."""
    from baiterek.dispersion.flight_evaluator import FlightEvaluator
    from baiterek.errors import InputError

    mode = str(guidance).replace("-", "_")  # the edge spells ids with dashes
    if mode not in GUIDANCE_MODES:
        raise InputError("guidance", guidance, "closed-loop (default) or open-loop")
    ev = FlightEvaluator(mission, guidance=mode)
    return ev.name, ev
