"""How many equal perigee burns a transfer to a hyperbolic energy may be split into.

A transfer's target is given to ``flight.transfer.fly_transfer`` as an apogee radius; a
hyperbolic departure (C3 > 0) is the same call with the "apogee radius" ``2 a - r_p`` of a
negative semi-major axis ``a = -mu / C3`` (then ``v_final = sqrt(2 mu / r_p + C3)``). The equal
velocity steps at the perigee must leave every intermediate orbit bound, with a period that a
coast can wait for: the last intermediate orbit's perigee speed is held below
``ESCAPE_STEP_FRACTION`` of the way from circular to escape speed (0.8 at 200 km: an apogee near
51,000 km, a period of about 13.5 h, like the high elliptical orbits Breeze-M and Fregat coast in
before an escape burn; ExoMars 2016 separated 10 h 42 min after launch, docs/reference/precision-and-beyond.md
sec. 3). Kept in its own module so that ``transfer.py`` needs a single hook.
"""

from __future__ import annotations

import math

ESCAPE_STEP_FRACTION = 0.8
"""Share of the circular-to-escape speed gap the intermediate orbits may use (assumption [U])."""


def bound_steps(dv_total: float, v_circular: float, apogee_radius: float) -> int:
    """Largest number of equal perigee burns (m/s in) that keeps intermediate orbits bound.

    A bound target (``apogee_radius`` > 0) is not limited (a large number is returned).
    """
    if apogee_radius > 0.0:
        return 10**6
    room = ESCAPE_STEP_FRACTION * (math.sqrt(2.0) - 1.0) * v_circular
    if dv_total <= room:
        return 10**6
    return max(1, int(dv_total / (dv_total - room)))
