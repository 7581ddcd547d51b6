"""Numbers, grids and UTC times given by a user: finite, in range, within the data's span."""

from __future__ import annotations

import pytest

from baiterek._api._grid import parse_grid
from baiterek.checks import number
from baiterek.earth.time import parse_utc
from baiterek.errors import InputError


@pytest.mark.parametrize("bad", [True, "1", float("nan"), float("inf"), 10**400, None])
def test_number_refuses_what_is_not_a_finite_real(bad: object) -> None:
    with pytest.raises(InputError) as e:
        number(bad, "--payload-kg", 0.0, 1e6, unit="kg")
    assert e.value.field == "--payload-kg" and "from 0 to 1,000,000 kg" in e.value.allowed


def test_number_range_edges() -> None:
    assert number(80.5, "altitude_km", 80.0, 100.0, lo_open=True) == 80.5
    with pytest.raises(InputError, match="above 80"):
        number(80, "altitude_km", 80.0, 100.0, lo_open=True)


@pytest.mark.parametrize("text", ["200:inf:100", "nan:300:10", "200:300:inf", "inf"])
def test_grids_with_inf_or_nan_are_refused(text: str) -> None:
    with pytest.raises(InputError) as e:
        parse_grid(text, "altitudes")
    assert e.value.field == "altitudes"


@pytest.mark.parametrize(
    "text",
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00",
     "9999-12-31", "1899-12-31T23:59:59Z", "2101-01-01"],
)  # fmt: skip
def test_times_outside_the_data_span_are_a_clean_error(text: str) -> None:
    with pytest.raises(InputError, match="from 1900-01-01 to 2100-12-31") as e:
        parse_utc(text, "epoch")
    assert e.value.field == "epoch"


def test_times_inside_the_span_parse() -> None:
    assert parse_utc("1957-10-04T19:28:34Z").year == 1957
    assert parse_utc("2100-12-31").year == 2100


def test_an_error_about_nan_is_valid_json() -> None:
    import json

    doc = InputError("--altitude-km", float("nan"), "a finite number").to_dict()
    assert json.loads(json.dumps(doc), parse_constant=lambda c: 1 / 0)["value"] == "nan"


def test_user_errors_survive_a_worker_process() -> None:
    import pickle

    from baiterek.errors import InfeasibleError

    e = pickle.loads(pickle.dumps(InputError("parking_altitude_km", 10.0, "160 to 1000 km", "d")))
    assert (e.field, e.value, e.allowed, e.detail) == ("parking_altitude_km", 10.0,
                                                        "160 to 1000 km", "d")  # fmt: skip
    f = pickle.loads(pickle.dumps(InfeasibleError("too heavy", {"max_kg": 1.0})))
    assert str(f) == "too heavy" and f.limit == {"max_kg": 1.0}


def test_a_unit_after_a_number_is_not_turned_into_a_flag() -> None:
    from baiterek.cli._common import as_flags, flags

    e = as_flags(InputError("tof_days", 1000.0, "2.5 to 8 days (a direct transfer)"),
                 flags("tof_days", "days"))  # fmt: skip
    assert e.field == "--tof-days" and e.allowed == "2.5 to 8 days (a direct transfer)"
