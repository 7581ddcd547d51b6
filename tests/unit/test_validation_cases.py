"""The validation cases as data: the shipped files load, and malformed cases are refused."""

import copy

import pytest

from baiterek.catalog import read_data_toml
from baiterek.performance import validation as V
from baiterek.performance.validation_cases import load_cases, parse_cases


def test_shipped_cases_load_in_order_with_sources():
    """Both files load; ids are unique; every case names its source; the table's order is kept
    (calibration first, the upper-stage cases last)."""
    direct = load_cases("validation/direct.toml")
    upper = load_cases("validation/upper_stage.toml")
    assert V.CASES == direct + upper
    ids = [c.id for c in V.CASES]
    assert len(ids) == len(set(ids)) == 12
    assert ids[0] == "sunkar-leo" and V.CASES[0].kind == "calibration"
    assert all(c.source.strip() for c in V.CASES)
    assert all(c.target.upper_stage for c in upper)
    assert not any(c.target.upper_stage for c in direct)
    configured = [c.id for c in V.CASES if c.target.configuration is not None]
    assert configured == ["falcon-9-gto-reusable"]
    sso = next(c for c in V.CASES if c.id == "sunkar-sso-500")
    assert sso.target.inclination_deg is None and sso.target.perigee_km == 500.0


def _raw():
    return copy.deepcopy(read_data_toml("validation/direct.toml"))


@pytest.mark.parametrize(
    ("change", "word"),
    [
        (lambda c: c.update(extra_key=1), "extra_key"),
        (lambda c: c.pop("source"), "source"),
        (lambda c: c.pop("tolerance_pct"), "tolerance_pct"),
        (lambda c: c.update(kind="guess"), "kind"),
        (lambda c: c["target"].pop("inclination_deg"), "inclination_deg"),
        (lambda c: c["target"].update(perigee_km=200.0), "perigee_km"),
        (lambda c: c.update(configuration={"cutoff": {"stage1": 145.0}}), "cutoff"),
    ],
)
def test_malformed_case_is_refused_naming_the_file(change, word):
    raw = _raw()
    change(raw["case"][0])
    with pytest.raises(ValueError, match="direct.toml") as exc:
        parse_cases(raw, "data/validation/direct.toml")
    assert word in str(exc.value)


def test_cases_are_frozen():
    raw = _raw()
    (case, *_rest) = parse_cases(raw, "x")
    with pytest.raises(AttributeError):
        case.published_kg = 1.0  # type: ignore[misc]
