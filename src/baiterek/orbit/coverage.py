"""Ground-station visibility of a flown ascent and its first orbits, in one call.

Joins the flight's Earth-fixed track with the first orbits propagated from the insertion state
(:func:`baiterek.orbit.propagate.propagate`, rotated to ITRS) and hands the track to
:func:`baiterek.tracking.visibility.visibility` with the flight's events and the insertion time
as the end of the ascent. Lives in ``orbit`` because it propagates; the geometry is
``tracking``'s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from baiterek import catalog
from baiterek.catalog.stations import Station
from baiterek.constants import MU_EARTH
from baiterek.earth import frames
from baiterek.earth.time import offset_time, to_time
from baiterek.errors import InputError
from baiterek.flight.trajectory import Trajectory
from baiterek.kepler import state_to_elements
from baiterek.orbit.propagate import OK, propagate
from baiterek.tracking.visibility import Visibility, join_tracks, visibility

__all__ = ["flight_visibility"]


def flight_visibility(
    trajectory: Trajectory,
    stations: Sequence[Station] | None = None,
    *,
    orbits: float = 3.0,
    step_s: float = 20.0,
    n_zonal: int = 4,
) -> Visibility:
    """Passes, event coverage and ascent gaps of a flight and its first ``orbits`` orbits.

    ``stations``: default every catalog station. ``step_s``: output step of the orbit part (the
    ascent keeps the flight's own samples). Events are the trajectory's (s from liftoff).
    """
    if trajectory.insertion is None:
        raise InputError("trajectory", trajectory.status, "a trajectory that reached orbit")
    if not (0.0 < orbits <= 100.0):
        raise InputError("orbits", orbits, "a number of orbits in (0, 100]")
    if not (1.0 <= step_s <= 600.0):
        raise InputError("step_s", step_s, "1 to 600 s")
    st = list(catalog.stations() if stations is None else stations)
    r0, v0 = trajectory.insertion_state_gcrs()
    a = float(state_to_elements(r0, v0).a)
    span = orbits * 2.0 * math.pi * math.sqrt(a**3 / MU_EARTH)
    t_orbit = np.arange(0.0, span + 1e-9, step_s)
    epoch = to_time(trajectory.insertion.epoch_utc)
    prop = propagate(epoch, r0, v0, t_orbit, n_zonal=n_zonal)
    if prop.status[0] != OK:
        raise InputError("trajectory", "insertion orbit decays", "an orbit that lasts the span")
    times_o = prop.times
    r_i, v_i = frames.gcrs_to_itrs(times_o, prop.r_m[0], prop.v_m_s[0])
    liftoff = to_time(trajectory.launch_time_utc)
    times_a = offset_time(liftoff, trajectory.time)
    times, r, v = join_tracks(
        (times_a, trajectory.position_ecef, trajectory.velocity_ecef), (times_o, r_i, v_i)
    )
    t0 = float(trajectory.time[0])
    events = [(e.name, e.time - t0) for e in trajectory.events]
    return visibility(
        times,
        r,
        st,
        v_itrs_m_s=v,
        events=events,
        ascent_end_s=trajectory.insertion.time - t0,
    )
