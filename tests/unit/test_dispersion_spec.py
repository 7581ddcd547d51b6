"""The [dispersions] schema: every vehicle file parses; mistakes name their key; mission overrides."""

from __future__ import annotations

import pytest

from baiterek import catalog
from baiterek.catalog.dispersions import merge_dispersions, parse_dispersions, vehicle_dispersions
from baiterek.errors import InputError

THRUST = {"dist": "normal", "sigma": 0.02, "grade": "U", "class": "unknown", "source": "test"}


@pytest.mark.parametrize("vid", [v.id for v in catalog.vehicles()])
def test_every_vehicle_has_sourced_graded_classed_dispersions(vid):
    spec = vehicle_dispersions(vid)
    v = catalog.vehicle(vid)
    for s in v.stages:  # thrust, Isp, propellant, dry mass per stage or booster group
        for k in ("thrust", "isp", "propellant", "dry_mass", "separation_s"):
            assert spec.get(f"stages.{s.name}.{k}") is not None, (vid, s.name, k)
    for key in ("aero.drag", "atmosphere.density", "wind.steady_m_s", "wind.gust_m_s",
                "navigation.position_m", "navigation.velocity_m_s", "bodies.separation_dv_m_s"):  # fmt: skip
        assert spec.get(key) is not None, (vid, key)
    for key, e in spec.entries.items():
        assert (
            e.source and e.grade in "ABCU" and e.input_class in ("built", "launch_day", "unknown")
        ), key
        # where nothing is published the entry says so
        if e.grade == "U":
            assert "[U]" in e.source, key


def test_mission_overrides_and_adds():
    v = catalog.vehicle("sunkar")
    base = vehicle_dispersions("sunkar")
    merged = merge_dispersions(base, {"stages": {"stage1": {"thrust": THRUST}}}, v)
    assert merged.get("stages.stage1.thrust").sigma == 0.02
    assert base.get("stages.stage1.thrust").sigma == 0.01  # the vehicle's spec is unchanged
    assert merged.get("stages.stage2.thrust") == base.get("stages.stage2.thrust")
    added = merge_dispersions(base, {"bodies": {"fairing": {"separation_dv_m_s": THRUST}}}, v)
    assert added.get("bodies.fairing.separation_dv_m_s").sigma == 0.02


@pytest.mark.parametrize(
    ("table", "field"),
    [
        (
            {"stages": {"stage1": {"thrust": {**THRUST, "sigma": -0.01}}}},
            "dispersions.stages.stage1.thrust.sigma",
        ),
        ({"stages": {"stage1": {"thrst": THRUST}}}, "dispersions.stages.stage1.thrst"),
        ({"stages": {"stage9": {"thrust": THRUST}}}, "dispersions.stages.stage9"),
        ({"winds": {}}, "dispersions.winds"),
        ({"wind": {"steady_m_s": {**THRUST, "sigmaa": 1}}}, "dispersions.wind.steady_m_s.sigmaa"),
        ({"aero": {"drag": {**THRUST, "dist": "lognormal"}}}, "dispersions.aero.drag.dist"),
        (
            {"aero": {"drag": {"dist": "uniform", "low": 0.1, "high": -0.1, "source": "x"}}},
            "dispersions.aero.drag.high",
        ),
        ({"aero": {"drag": {**THRUST, "source": ""}}}, "dispersions.aero.drag.source"),
        ({"aero": {"drag": {**THRUST, "class": "sometimes"}}}, "dispersions.aero.drag.class"),
        ({"bodies": {"booster9": {"separation_dv_m_s": THRUST}}}, "dispersions.bodies.booster9"),
    ],
)
def test_mistakes_name_their_key(table, field):
    v = catalog.vehicle("sunkar")
    with pytest.raises(InputError) as exc:
        merge_dispersions(vehicle_dispersions("sunkar"), table, v)
    assert exc.value.field == field


def test_uniform_and_clip():
    v = catalog.vehicle("sunkar")
    spec = parse_dispersions(
        {"aero": {"drag": {"dist": "uniform", "low": -0.1, "high": 0.3, "source": "t"}},
         "atmosphere": {"density": {"sigma": 0.05, "clip": 2.0, "source": "t"}}}, v,
    )  # fmt: skip
    drag = spec.get("aero.drag")
    assert drag.dist == "uniform" and drag.std == pytest.approx(0.4 / 12**0.5)
    # a normal clipped at 2 sigma has a smaller standard deviation (scipy truncnorm(-2, 2).std() = 0.87963)
    assert spec.get("atmosphere.density").std == pytest.approx(0.05 * 0.87963, rel=1e-4)
