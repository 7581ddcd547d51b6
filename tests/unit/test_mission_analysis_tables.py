"""The mission file's tables for ``baiterek analyze`` (issue 13): defaults, the spacecraft mass
as the payload, and mistakes named by their key."""

from __future__ import annotations

import pytest

from baiterek.errors import InputError
from baiterek.mission import mission_from_dict


def base(**tables):
    return {
        "mission": {"name": "t", "vehicle": "sunkar", "site": "baikonur-45-1"},
        "target": {"kind": "circular", "altitude_km": 200, "inclination_deg": 51.6},
        **tables,
    }


def test_tables_are_optional_with_defaults():
    m = mission_from_dict(base(customer={}, spacecraft={}, separation={}, analysis={}))
    assert m.customer.name == "unnamed customer" and m.spacecraft.dimensions_class == "medium"
    assert m.separation.avoidance is True and m.separation.delta_v_m_s is None
    assert (m.analysis.samples, m.analysis.seed, m.analysis.orbits, m.analysis.window_days) == (
        200, 0, 3.0, 7.0)  # fmt: skip
    assert mission_from_dict(base()).spacecraft is None


def test_spacecraft_mass_is_the_payload():
    m = mission_from_dict(base(spacecraft={"name": "X", "mass_kg": 4200}))
    assert m.mission.payload_kg == 4200
    same = base(spacecraft={"mass_kg": 4200})
    same["mission"]["payload_kg"] = 4200
    assert mission_from_dict(same).mission.payload_kg == 4200
    same["mission"]["payload_kg"] = 4000
    with pytest.raises(InputError, match="spacecraft.mass_kg differs"):
        mission_from_dict(same)


@pytest.mark.parametrize(
    ("tables", "field"),
    [
        ({"spacecraft": {"mass": 1}}, "spacecraft.mass"),
        ({"spacecraft": {"mass_kg": True}}, "spacecraft.mass_kg"),
        ({"spacecraft": {"id": "Has Spaces"}}, "spacecraft.id"),
        ({"spacecraft": {"dimensions_class": "huge"}}, "spacecraft.dimensions_class"),
        ({"customer": {"nmae": "x"}}, "customer.nmae"),
        ({"separation": {"direction": "up"}}, "separation.direction"),
        ({"separation": {"delta_v_m_s": -1}}, "separation.delta_v_m_s"),
        ({"analysis": {"samples": 5}}, "analysis.samples"),
        ({"analysis": {"window_start_utc": "tomorrow"}}, "analysis.window_start_utc"),
        ({"analysis": {"stations": ["nowhere"]}}, "analysis.stations"),
        ({"analysis": {"window_days": 0}}, "analysis.window_days"),
    ],
)
def test_mistakes_name_their_key(tables, field):
    with pytest.raises(InputError) as e:
        mission_from_dict(base(**tables))
    assert e.value.field.startswith(field), e.value
