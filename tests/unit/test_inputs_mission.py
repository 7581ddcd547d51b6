"""Mission files: strict types, finite numbers, bounded nesting, messages in the file's words."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from baiterek.errors import InputError
from baiterek.mission import MAX_NESTING, load_mission, mission_from_dict

RAW: dict[str, Any] = {
    "mission": {"name": "t", "vehicle": "sunkar", "site": "baikonur-45-1", "payload_kg": 1000},
    "target": {"kind": "circular", "altitude_km": 200, "inclination_deg": 51.6},
}


def _with(section: str, key: str, value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    raw.setdefault(section, {})[key] = value
    return raw


def _err(raw: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as e:
        mission_from_dict(raw)
    return e.value


def test_a_boolean_is_not_a_number_and_a_number_not_a_boolean() -> None:
    e = _err(_with("mission", "payload_kg", True))  # TOML `true` is not 1 kg
    assert e.field == "mission.payload_kg" and "a number from 0 to 1,000,000 kg" in e.allowed
    e = _err(_with("target", "dogleg", 1))
    assert e.field == "target.dogleg" and e.allowed == "true or false"
    e = _err(_with("target", "altitude_km", "200"))
    assert "a number" in e.allowed


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_inf_never_reach_the_physics(bad: float) -> None:
    e = _err(_with("target", "altitude_km", bad))
    assert e.field == "target.altitude_km" and "finite" in e.allowed


def test_nan_in_a_wind_table_names_the_cell() -> None:
    e = _err(_with("wind", "profile", [[0, 5, 0], [10, float("nan"), 5]]))
    assert e.field == "wind.profile[1][1]" and "finite" in e.allowed


def test_the_validators_wording_never_reaches_the_user() -> None:
    e = _err(_with("target", "altitude_km", -50))
    assert "Input should" not in str(e)
    assert e.allowed == "a number above 80 and at most 40,000 km"


def test_a_huge_float_and_a_5001_digit_integer(tmp_path: Path) -> None:
    e = _err(_with("mission", "payload_kg", 1e299))
    assert e.field == "mission.payload_kg"
    e = _err(_with("mission", "payload_kg", 10**5000))  # too large for a float
    assert e.field == "mission.payload_kg" and "too large" in str(e.value)
    p = tmp_path / "m.toml"
    p.write_text(
        '[mission]\nvehicle = "sunkar"\nsite = "baikonur-45-1"\npayload_kg = ' + "1" * 5001
    )
    with pytest.raises(InputError, match="4,300 digits"):
        load_mission(p)


def test_deeply_nested_toml_is_refused_also_while_building_the_message(tmp_path: Path) -> None:
    p = tmp_path / "deep.toml"
    p.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(InputError, match=f"nested at most {MAX_NESTING} deep"):
        load_mission(p)
    nested: Any = 1
    for _ in range(3000):
        nested = {"b": nested}
    with pytest.raises(InputError, match="nested"):
        mission_from_dict({**RAW, "extra": nested})
    e = _err({**RAW, "extra": {"b": 1}})  # an unknown key shows the table by kind
    assert e.value == "(table)"


def test_a_document_that_is_not_a_table() -> None:
    with pytest.raises(InputError, match="a TOML document of tables"):
        mission_from_dict([1, 2])  # type: ignore[arg-type]
