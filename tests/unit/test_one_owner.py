"""One owner per concept: reachability on the site, mission loading with its directory, the
ascent geometry chosen by the caller, the vehicles' nominal ascent timing as catalog data."""

import math

import pytest
from pydantic import ValidationError

from baiterek import catalog
from baiterek.catalog.vehicles import AscentTiming
from baiterek.errors import InputError
from baiterek.mission import check_reachable, read_mission_file
from baiterek.windows.geometry import (
    analytic_ascent_geometry,
    ascent_geometry,
    geometry_provider,
    nominal_ascent_duration_s,
)

SITE = catalog.site("baikonur-31-6")  # corridors: 51.4-52 deg north (ISS) among others


def test_site_reachability_headings_and_one_error_type():
    assert SITE.check_reachable(math.radians(51.6)) == ["north"]
    assert SITE.check_reachable(math.radians(51.6), "north") == ["north"]
    with pytest.raises(InputError, match="never passes over") as e:
        SITE.check_reachable(math.radians(30.0), field="target.inclination_deg")
    assert e.value.field == "target.inclination_deg" and e.value.value == 30.0
    with pytest.raises(InputError, match="no launch corridor"):
        SITE.check_reachable(math.radians(58.0))
    with pytest.raises(InputError, match="heading south"):
        SITE.check_reachable(math.radians(51.6), "south")
    with pytest.raises(InputError, match="heading"):
        SITE.check_reachable(math.radians(51.6), "west")
    cape = catalog.site("ccsfs-slc-40")  # 28.5 deg N: both headings to 35 deg
    assert set(cape.check_reachable(math.radians(35.0))) == {"north", "south"}


def test_mission_check_uses_the_site_check():
    with pytest.raises(InputError, match="never passes over") as e:
        check_reachable("baikonur-31-6", 30.0, None)
    assert e.value.field == "target.inclination_deg"


def test_mission_file_keeps_its_directory(tmp_path):
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "m.toml"
    path.write_text(
        '[mission]\nname = "t"\nvehicle = "soyuz-2.1a"\nsite = "baikonur-31-6"\n'
        'payload_kg = 7000\n[target]\nkind = "circular"\naltitude_km = 200\n'
        '[window]\ntle_file = "iss.tle"\n'
    )
    m = read_mission_file(path)
    assert m.base_dir == path.parent.resolve()
    assert m.resolve("iss.tle") == path.parent.resolve() / "iss.tle"
    assert m.resolve(tmp_path / "abs.tle") == tmp_path / "abs.tle"
    assert m.raw["mission"]["vehicle"] == "soyuz-2.1a" and m.data.mission.site == "baikonur-31-6"


def test_nominal_ascent_duration_is_catalog_data_with_a_source():
    # the values formerly in windows/ascent.py ASCENT_DEFAULTS; soyuz-2.1a: third-stage
    # separation T+529 s on Soyuz MS-17 (docs/reference/validation-public.md sec. 1)
    assert nominal_ascent_duration_s("soyuz-2.1a") == 529.0
    for v in catalog.vehicles():
        assert v.ascent.nominal_duration_s > 0 and v.ascent.source
    with pytest.raises(ValidationError):
        AscentTiming(nominal_duration_s=500.0, source="x", extra_key=1)
    with pytest.raises(ValidationError):
        AscentTiming(nominal_duration_s=-1.0, source="x")


def test_analytic_source_is_the_analytic_model_with_the_catalog_duration():
    inc = math.radians(51.64)
    g = ascent_geometry("soyuz-2.1a", SITE.id, inc, "north", source="analytic")
    assert g == analytic_ascent_geometry(SITE, inc, "north", 529.0)
    provide = geometry_provider("soyuz-2.1a", SITE.id, source="analytic")
    assert provide(inc, "north") == g
    with pytest.raises(InputError, match="geometry_source"):
        geometry_provider("soyuz-2.1a", SITE.id, source="guess")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="vehicle"):
        geometry_provider("saturn-v", SITE.id)
