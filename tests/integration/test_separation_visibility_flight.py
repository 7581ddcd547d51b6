"""Separation and visibility from a flown Sunkar ascent (the calls ``baiterek analyze`` makes).

Cross-checks inside the project: the ascent's passes from the joined track equal those that
``find_passes`` finds on the ascent alone (the one owner of pass finding); the separation run
from the flight equals ``relative_motion`` from the state at ``payload_separation``.
"""

import numpy as np
import pytest

from baiterek import api, catalog
from baiterek.earth.time import offset_time, to_time
from baiterek.orbit.coverage import flight_visibility
from baiterek.orbit.separation import after_ascent
from baiterek.tracking.passes import find_passes
from baiterek.units import KM


@pytest.fixture(scope="module")
def trajectory():
    return api.fly(None).trajectory  # the bundled Sunkar mission, 200 km at 51.6 deg


def test_separation_after_the_sunkar_ascent(trajectory):
    res = after_ascent(trajectory, catalog.vehicle("sunkar").separation)
    sep = trajectory.event("payload_separation")
    assert sep is not None
    assert res.epoch.tt == pytest.approx(to_time(trajectory.insertion.epoch_utc).tt + 2.0 / 86400)
    print(f"sunkar after ascent: {res!r}")
    assert res.min_distance_m > 10 * KM  # the 2 m/s retrograde avoidance: ~39 km after one orbit
    # along-track impulses: closest a little after one revolution (CW: at theta ~ 2 pi + 0.7,
    # where the shrinking along-track offset meets the growing radial one)
    assert res.period_s < res.time_of_min_s < 1.25 * res.period_s


def test_visibility_of_the_sunkar_ascent_and_three_orbits(trajectory):
    vis = flight_visibility(trajectory, orbits=3.0)
    assert set(vis.event_names) == {e.name for e in trajectory.events}
    alone = find_passes(
        offset_time(to_time(trajectory.launch_time_utc), trajectory.time),
        trajectory.position_ecef,
        catalog.stations(),
        v_itrs_m_s=trajectory.velocity_ecef,
    )
    # every pass that starts during the ascent has the same AOS on the joined track
    asc = [p for p in vis.passes.passes if p.aos_utc < alone.stop_utc]
    assert len(asc) == len(alone.passes) >= 1
    for p, q in zip(asc, alone.passes, strict=True):
        assert p.station_id == q.station_id
        assert abs((p.aos_utc - q.aos_utc).total_seconds()) < 0.01
    assert vis.ascent_end_s == pytest.approx(trajectory.insertion.time)
    assert 0 < vis.ascent_covered_s <= vis.ascent_end_s
    assert np.all(vis.ascent_seen_s <= vis.ascent_covered_s + 1e-9)
    assert len(vis.passes.passes) > len(asc)  # the first orbits bring more passes
    doc = vis.to_json()
    print(
        f"sunkar ascent covered {vis.ascent_covered_s:.0f} s of {vis.ascent_end_s:.0f} s; "
        f"unseen events {doc['unseen_events']}; {len(doc['passes'])} passes in 3 orbits"
    )
