"""Minimum insertion perigee: vehicle data, its stated rule, and the one check every command shares."""

from __future__ import annotations

import pytest

from baiterek import catalog
from baiterek.errors import InputError
from baiterek.mission import mission_from_dict
from baiterek.safety.decay import orbital_lifetime

DAY_S = 86400.0
BETA = 100.0  # kg/m^2: the rule's payload (docs/reference/insertion.md)


@pytest.mark.parametrize("vehicle_id", [v.id for v in catalog.vehicles()])
def test_min_perigee_is_the_stated_decay_rule(vehicle_id):
    """Reference: the vehicle files' [D] rule, recomputed with baiterek.safety.decay (US76,
    King-Hele): the lowest whole km where a 100 kg/m2 payload lives one day."""
    v = catalog.vehicle(vehicle_id)
    h = v.insertion.min_perigee_km
    assert h == round(h)
    if v.insertion.source.startswith("[B] flown"):
        # a restartable stage's parking orbit, flown (falcon-9): below the one-day rule, and a
        # payload left there would live less than a day (the rule says what it bounds)
        assert orbital_lifetime(h * 1e3, h * 1e3, BETA) < DAY_S
        return
    assert "[D]" in v.insertion.source and "docs/reference/insertion.md" in v.insertion.source
    assert orbital_lifetime(h * 1e3, h * 1e3, BETA) >= DAY_S
    assert orbital_lifetime((h - 1) * 1e3, (h - 1) * 1e3, BETA) < DAY_S


def _raw(target):
    return {
        "mission": {"vehicle": "sunkar", "site": "baikonur-45-1", "payload_kg": 1000},
        "target": {"inclination_deg": 51.6, **target},
    }


@pytest.mark.parametrize(
    ("target", "field"),
    [
        ({"kind": "circular", "altitude_km": 90}, "target.altitude_km"),
        ({"kind": "circular", "altitude_km": 182.9}, "target.altitude_km"),
        ({"kind": "elliptical", "perigee_km": 150, "apogee_km": 35786}, "target.perigee_km"),
    ],
)
def test_a_target_below_the_minimum_is_refused_naming_the_key_and_the_limit(target, field):
    with pytest.raises(InputError) as e:
        mission_from_dict(_raw(target))
    assert e.value.field == field
    assert e.value.allowed.startswith(">= 183 km, the lowest perigee sunkar may be sent to")


def test_the_minimum_itself_is_accepted():
    m = mission_from_dict(_raw({"kind": "circular", "altitude_km": 183}))
    assert m.target.altitude_km == 183


def test_the_vehicle_list_shows_the_minimum_and_the_limits():
    import baiterek

    doc = baiterek.vehicles().to_json()
    rows = {v["id"]: v for v in doc["vehicles"]}
    assert rows["sunkar"]["min_insertion_perigee_km"] == 183.0
    assert rows["soyuz-2.1b"]["limits"]["soft"] == ["max_axial_load"]
    assert rows["sunkar"]["limits"]["soft"] == []


LOW = """[mission]
vehicle = "sunkar"
site = "baikonur-45-1"
payload_kg = 1000
[target]
kind = "circular"
altitude_km = 90
inclination_deg = 51.6
"""


def test_fly_performance_orbit_and_curve_share_the_refusal(tmp_path):
    """One check for every command (before any flight): 90 km was 'inserted' by fly and carried
    more payload than 200 km in performance, while orbit called it decaying."""
    import baiterek

    path = tmp_path / "low.toml"
    path.write_text(LOW)
    calls = [
        lambda: baiterek.fly(path),
        lambda: baiterek.max_payload(path),
        lambda: baiterek.orbit_products(path, orbits=1),
        lambda: baiterek.max_payload(
            vehicle="sunkar", site="baikonur-45-1", altitude_km=90, inclination_deg=51.6
        ),
    ]
    for call in calls:
        with pytest.raises(InputError) as e:
            call()
        assert e.value.allowed.startswith(">= 183 km, the lowest perigee sunkar may be sent to")
    curve = baiterek.performance_curve(
        vehicle="sunkar", site="baikonur-45-1", inclinations="51.6", altitudes="90,150", workers=1
    )
    doc = curve.to_json()
    pts = doc["points"]
    assert [p["status"] for p in pts] == ["refused", "refused"]
    assert all(">= 183 km" in p["reason"] for p in pts)
