"""Range safety: jettisoned bodies, their fall to the ground, drop zones and containment.

``bodies`` (the catalog's jettisoned bodies in SI, separation states from a flight), ``fall``
(the batched ballistic fall: :func:`impact_points`, :class:`ImpactPoints`), ``decay`` (lifetime
of a spent stage left in orbit); ``zones`` (zone geometry), ``containment`` (impact against
its assigned zone, Clopper-Pearson), ``footprint`` (covariance ellipses with their 2-D coverage,
candidate zones), ``analysis`` (:func:`safety`, the whole answer for a mission). The
instantaneous impact point of the ascent is in ``baiterek.flight.iip``.
"""

from baiterek.safety.analysis import SafetyResult, safety
from baiterek.safety.bodies import Body, bodies_of, separation_states
from baiterek.safety.fall import (
    FAILED,
    IMPACT,
    ORBITAL,
    STATUS_NAMES,
    ImpactPoints,
    flight_impacts,
    impact_points,
)

__all__ = [
    "FAILED",
    "IMPACT",
    "ORBITAL",
    "STATUS_NAMES",
    "Body",
    "ImpactPoints",
    "SafetyResult",
    "bodies_of",
    "flight_impacts",
    "impact_points",
    "safety",
    "separation_states",
]
