"""The mission's [separation] table overrides the vehicle's catalog values in the analysis:
no impulse and no avoidance leaves the two bodies together (issue 13's zero case through the
mission file); a radial impulse brings the stage back near the payload after one orbit."""

from __future__ import annotations

import baiterek
from baiterek._api.analyze import _separation
from baiterek.mission import LoadedMission, mission_from_dict

BASE = {
    "mission": {"name": "t", "vehicle": "sunkar", "site": "baikonur-45-1", "payload_kg": 8000},
    "target": {"kind": "circular", "altitude_km": 300, "inclination_deg": 51.6},
}


def loaded(separation):
    raw = {**BASE, "separation": separation}
    return LoadedMission(data=mission_from_dict(raw), base_dir=".", raw=raw)


def test_zero_impulse_no_avoidance_stays_together_and_overrides_are_used():
    flight = baiterek.fly(mission_from_dict(BASE))
    zero = _separation(loaded({"delta_v_m_s": 0.0, "avoidance": False}), flight, None)
    assert zero.avoidance is None and zero.separation_dv_lvlh_m_s == (0.0, 0.0, 0.0)
    assert float(zero.distance_m.max()) < 1e-3  # m: the same state through the same propagator
    radial = _separation(
        loaded({"delta_v_m_s": 1.0, "direction": "radial", "avoidance": False}), flight, None
    )
    assert radial.separation_dv_lvlh_m_s[0] == 1.0
    # Clohessy-Wiltshire: a radial impulse dv returns the bodies together after one period
    # (along-track excursion up to 4 dv / n, about 3.5 km at 300 km); with J2 the return is
    # within 10 % of the peak
    peak = float(radial.distance_m.max())
    assert 1000.0 < peak < 6000.0
    assert radial.distance_after_one_orbit_m < 0.1 * peak, (radial.distance_after_one_orbit_m, peak)
    catalog = _separation(loaded({}), flight, None)
    assert catalog.avoidance is not None and catalog.min_distance_m > 1000.0
