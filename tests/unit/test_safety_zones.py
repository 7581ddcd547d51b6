"""Drop zones: the catalog file, its validation, zone geometry and containment."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest
from shapely.geometry import Polygon

from baiterek.catalog.zones import load_zones, parse_zones, zones
from baiterek.errors import InputError
from baiterek.safety.containment import (
    clopper_pearson,
    contain,
    containment_probability,
    inside_zone,
    zone_containment,
)
from baiterek.safety.zones import GEOD, ellipse_ring, ring_area_m2, signed_distance_m


def test_bundled_zones_load_and_are_rfc7946():
    zs = zones()
    ids = [z.id for z in zs.zones]
    # every zone of docs/reference/drop-zones.md sec. 2 except the Vostochny one (for scale only)
    assert {
        "rp-15",
        "rp-25",
        "rp-327",
        "site-310",
        "ust-kan-altai",
        "dzhangeldy-torgai",
        "tomsk-bakchar",
        "kondinsky-khmao",
        "ulytau-soyuz-boosters",
    } <= set(ids)
    for z in zs.zones:
        lon, lat = np.asarray(z.ring).T
        assert 40 < lat.min() and lat.max() < 65 and 55 < lon.min() and lon.max() < 95  # lon, lat
        assert Polygon(z.ring).exterior.is_ccw, z.id  # RFC 7946 sec. 3.1.6
        assert z.estimated or z.shape == "polygon" or z.id == "rp-25"


def test_rp15_polygon_area_and_centroid_match_the_reference():
    # docs/reference/drop-zones.md sec. 2: centroid 47.3341 N 66.7740 E, about 383 km2 (from the 96-vertex layer;
    # the file keeps every 4th vertex, so the area may be a little smaller)
    z = zones().zone("rp-15")
    area_km2 = ring_area_m2(z.ring) / 1e6
    c = Polygon(z.ring).centroid
    print(f"RP 15: {area_km2:.1f} km2 vs 383; centroid {c.y:.4f} N {c.x:.4f} E")
    assert 370 < area_km2 <= 383
    assert abs(c.y - 47.3341) < 0.003 and abs(c.x - 66.7740) < 0.004


def test_ellipse_ring_axes_and_area():
    # an ellipse of semi-axes 35 x 20 km has area pi a b = 2,199 km2 (RP 327 is stated as 2,198 km2)
    ring = ellipse_ring(51.6, 86.9, 35e3, 20e3, 85.0, n=360)
    assert ring_area_m2(ring) / 1e6 == pytest.approx(math.pi * 35 * 20, rel=2e-3)
    lon0, lat0 = ring[0]
    az, _, d = GEOD.inv(86.9, 51.6, lon0, lat0)
    # vertices are rounded to 1e-6 deg (0.1 m): 0.1 m across 35 km is 2e-4 deg of bearing
    assert d == pytest.approx(35e3, abs=1.0) and az % 360 == pytest.approx(85.0, abs=1e-3)
    assert Polygon(ring).exterior.is_ccw


def test_signed_distance_inside_outside():
    ring = ellipse_ring(47.0, 66.0, 30e3, 30e3, 0.0, n=720)  # a 30 km circle
    assert signed_distance_m(47.0, 66.0, ring) == pytest.approx(30e3, abs=20.0)
    lon, lat, _ = GEOD.fwd(66.0, 47.0, 120.0, 50e3)
    assert signed_distance_m(lat, lon, ring) == pytest.approx(-20e3, abs=20.0)


def test_assignment_and_no_zone_statement():
    zs = zones()
    c = contain(
        47.33,
        66.77,
        zs,
        vehicle_id="proton-m",
        body_name="stage1",
        site_id="baikonur-200-39",
        inclination_deg=51.6,
    )
    assert c.zone == "rp-15" and c.inside and c.margin > 0
    s = contain(
        47.5,
        70.0,
        zs,
        vehicle_id="sunkar",
        body_name="stage1",
        site_id="baikonur-45-1",
        inclination_deg=51.6,
    )
    assert s.zone is None and s.inside is None and "no fall area is assigned" in s.statement
    assert len(s.nearest) == 3 and s.nearest[0].distance >= s.nearest[1].distance
    assert s.to_json()["nearest_zones"][0]["margin_km"] < 0


def test_clopper_pearson_reference_values():
    # zero misses in N: the one-sided 95 % upper bound on the miss rate is 1 - 0.05**(1/N)
    # (about 3/N, docs/reference/drop-zones.md sec. 5); the two-sided 95 % interval uses 0.025
    lo, hi = clopper_pearson(300, 300, 0.95)
    assert hi == 1.0 and lo == pytest.approx(0.025 ** (1 / 300), rel=1e-12)
    # R binom.test(7, 20)$conf.int = 0.1539092 0.5921885
    assert clopper_pearson(7, 20) == pytest.approx((0.1539092, 0.5921885), abs=1e-7)
    d = containment_probability(np.array([True] * 99 + [False]))
    assert d["probability"] == 0.99 and d["lower"] < 0.99 < d["upper"]


def _doc():
    return json.loads(json.dumps(zones().to_geojson()))


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["features"][0]["geometry"].update(type="Point"), "features[0].geometry"),
        (lambda d: d["features"][1]["geometry"]["coordinates"][0].pop(), "features[1].geometry"),
        (
            lambda d: d["features"][0]["geometry"]["coordinates"][0].__setitem__(3, [47.4, 66.7]),
            "features[0].geometry",
        ),  # lat, lon swapped: not a simple polygon any more
        (
            lambda d: d["features"][2]["geometry"]["coordinates"][0].__setitem__(2, [66.7, 147.4]),
            "features[2].geometry.coordinates[0][2]",
        ),
        (
            lambda d: d["features"][0]["properties"].update(grade="D"),
            "features[0].properties.grade",
        ),
        (lambda d: d["features"][0]["properties"].pop("source"), "features[0].properties.source"),
    ],
)
def test_malformed_zones_are_one_clear_input_error(mutate, field):
    d = _doc()
    mutate(d)
    with pytest.raises(InputError) as e:
        parse_zones(d, where="z.geojson")
    assert e.value.field.startswith(f"z.geojson.{field}"), e.value.field


def test_zones_file_round_trip(tmp_path):
    p = tmp_path / "z.geojson"
    p.write_text(json.dumps(zones().to_geojson()))
    back = load_zones(p)
    assert [z.id for z in back.zones] == [z.id for z in zones().zones]
    assert back.zones[0].ring == zones().zones[0].ring
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="zones"):
        load_zones(bad)
    assert copy.deepcopy(back) == back


def test_vectorised_inside_agrees_with_the_signed_distance():
    z = zones().zone("rp-15")
    rng = np.random.default_rng(5)
    lat = rng.uniform(47.20, 47.46, 400)
    lon = rng.uniform(66.58, 66.97, 400)
    lat[0] = np.nan
    got = inside_zone(np.radians(lat), np.radians(lon), z)
    assert not got[0]
    for k in range(1, 400):
        d = signed_distance_m(lat[k], lon[k], z.ring)
        if abs(d) > 20.0:  # away from the boundary the two must agree
            assert got[k] == (d > 0), (lat[k], lon[k], d)
    c = zone_containment(np.radians(lat), np.radians(lon), z)
    assert c["inside"] == int(got.sum()) and c["lower"] <= c["probability"] <= c["upper"]


def test_bundled_zones_file_reads_with_geopandas():
    # an independent reader (GDAL/OGR through pyogrio): every feature, in WGS-84 lon/lat
    gpd = pytest.importorskip("geopandas")
    from importlib import resources

    path = resources.files("baiterek") / "data" / "zones" / "baikonur.geojson"
    g = gpd.read_file(str(path))
    assert len(g) == len(zones().zones) and g.crs.to_epsg() == 4326
    rp15 = g[g["id"] == "rp-15"].geometry.iloc[0]
    assert rp15.centroid.y == pytest.approx(47.334, abs=0.003)  # latitude in y: lon, lat order
