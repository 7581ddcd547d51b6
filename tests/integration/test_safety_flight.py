"""Jettisoned bodies of a flown Soyuz-2.1b ascent: separation states, falls, IIP columns/events."""

from __future__ import annotations

import math

import numpy as np
import pytest

from baiterek import catalog
from baiterek.flight.iip import iip
from baiterek.flight.simulate import fly
from baiterek.mission import load_mission
from baiterek.safety.bodies import bodies_of, separation_states
from baiterek.safety.fall import IMPACT, ORBITAL, geodetic_of, impact_points


@pytest.fixture(scope="module")
def flight():
    traj = fly(load_mission("examples/soyuz-2.1b-progress-iss.toml"))
    bodies = bodies_of("soyuz-2.1b")
    states, times = separation_states(traj, bodies)
    ip = impact_points(states, times, bodies, site=catalog.site("baikonur-31-6"))
    return traj, bodies, states, times, ip


def test_separation_states_are_the_vehicle_at_its_events(flight):
    traj, bodies, states, times, _ = flight
    for b, s, t in zip(bodies, states, times, strict=True):
        ev = traj.event(b.event) or traj.event(b.fallback_events[0])
        assert t == pytest.approx(min(ev.time, traj.time[-1]))
        k = int(np.argmin(np.abs(traj.time - t)))
        assert np.linalg.norm(s[:3] - traj.position[k]) < 1e-6 + 1e4 * abs(traj.time[k] - t)
        dv = np.linalg.norm(s[3:6] - traj.velocity[k])
        if traj.time[k] == t:  # staging events are recorded samples: only the push differs
            assert dv == pytest.approx(b.separation_dv_m_s, abs=1e-6)
        assert s[6] == b.mass_kg


def test_every_body_falls_or_is_orbital(flight):
    traj, bodies, _, times, ip = flight
    by = dict(zip(ip.body, ip.status[0], strict=True))
    assert by["stage3"] == ORBITAL  # Block I reaches the insertion orbit with the payload
    assert all(by[b.name] == IMPACT for b in bodies if b.name != "stage3")
    k = ip.body.index("stage3")
    assert 0.0 < ip.decay_time[0, k] < 30 * 86400.0  # 200 x 240 km: days
    for name, dr in zip(ip.body, ip.downrange[0], strict=True):
        if by[name] == IMPACT:
            print(f"{name}: downrange {dr / 1e3:.0f} km")
    # drag shortens the fall: each impact is short of the vacuum IIP at separation
    for j in range(len(bodies)):
        if ip.status[0, j] != IMPACT:
            continue
        kk = int(np.searchsorted(traj.time, times[j]))
        lat, lon, _ = iip(traj.time[kk], traj.position[kk], traj.velocity[kk])
        d_vac = _range(traj, lat, lon)
        assert ip.downrange[0, j] < d_vac


def _range(traj, lat, lon):
    from pyproj import Geod

    lat0, lon0 = traj.latitude[0], traj.longitude[0]
    return Geod(ellps="WGS84").inv(math.degrees(lon0), math.degrees(lat0), math.degrees(lon),
                                   math.degrees(lat))[2]  # fmt: skip


def test_states_at_100_km_and_apogee(flight):
    _, _, _, _, ip = flight
    j = ip.body.index("core")  # separates at ~156 km, climbing
    _, _, h100 = geodetic_of(ip.time_100km[0, j], ip.state_100km[0, j])
    assert h100 == pytest.approx(100e3, abs=1.0)
    s = ip.state_apogee[0, j]
    assert abs(np.dot(s[:3], s[3:6])) / (np.linalg.norm(s[:3]) * np.linalg.norm(s[3:6])) < 1e-6
    assert ip.apogee_altitude[0, j] > 156e3
    assert ip.apogee_time[0, j] > ip.separation_time[0, j]


def test_flight_impacts_is_the_same_fall(flight):
    from baiterek.safety import flight_impacts

    traj, *_, ip = flight
    again = flight_impacts(traj)
    np.testing.assert_array_equal(again.latitude, ip.latitude)
    assert again.body == ip.body


def test_iip_columns_and_events(flight):
    traj, *_ = flight
    df = traj.to_frame()
    for col in ("iip_latitude_deg", "iip_longitude_deg", "iip_range_km", "iip_speed_km_s"):
        assert col in df.columns
    assert np.isnan(df["iip_latitude_deg"].iloc[-1])  # orbital at insertion: no IIP
    assert df["iip_range_km"].iloc[0] < 1.0  # on the pad the IIP is the pad
    names = [e.name for e in traj.events]
    assert names.index("iip_leaves_kazakhstan") < names.index("iip_leaves_land")
    t_kz = traj.event("iip_leaves_kazakhstan").time
    assert 200.0 < t_kz < traj.event("orbit_insertion").time
