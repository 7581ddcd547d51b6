"""Map files: antimeridian split (RFC 7946), KML and CZML well-formed with the right samples."""

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from baiterek import catalog
from baiterek.earth.geodesy import geodetic_to_ecef
from baiterek.earth.time import offset_time, to_time
from baiterek.errors import InputError
from baiterek.export import maps

T0 = to_time("2026-11-21T05:45:04Z")


def test_split_antimeridian_interpolates_the_crossing():
    lines = maps.split_antimeridian(
        [170.0, 179.0, -179.0, -170.0], [0.0, 1.0, 3.0, 4.0], [1, 2, 4, 5]
    )
    assert len(lines) == 2
    assert lines[0][-1] == pytest.approx([180.0, 2.0, 3.0])
    assert lines[1][0] == pytest.approx([-180.0, 2.0, 3.0])
    west = maps.split_antimeridian([-175.0, 175.0], [0.0, 10.0], [0.0, 0.0])
    assert west[0][-1][0] == -180.0 and west[1][0][0] == 180.0
    assert west[0][-1][1] == pytest.approx(5.0)


def _track(n=400):
    """An eastward equatorial-ish track wrapping twice around the Earth."""
    lon = np.radians(np.linspace(-170.0, 550.0, n))
    lat = np.radians(40.0 * np.sin(np.linspace(0, 4 * np.pi, n)))
    r = geodetic_to_ecef(lat, lon, np.full(n, 400e3))
    return offset_time(T0, np.arange(n) * 20.0), r


def test_geojson_is_rfc7946_multilinestring_without_jumps():
    times, r = _track()
    doc = json.loads(
        json.dumps(
            maps.geojson_track(times, r, name="X", stations=catalog.stations(), provenance={"v": 1})
        )
    )
    assert doc["type"] == "FeatureCollection" and doc["baiterek_provenance"] == {"v": 1}
    geom = doc["features"][0]["geometry"]
    assert geom["type"] == "MultiLineString" and len(geom["coordinates"]) == 3
    for line in geom["coordinates"]:
        lon = np.array([p[0] for p in line])
        assert np.all(np.abs(lon) <= 180.0)
        assert np.all(np.abs(np.diff(lon)) < 180.0)
        assert all(len(p) == 3 and abs(p[2] - 400e3) < 1.0 for p in line)
    assert sum(f["geometry"]["type"] == "Point" for f in doc["features"]) == len(catalog.stations())


def test_kml_is_well_formed_with_track_and_trajectory():
    times, r = _track()
    root = ET.fromstring(maps.kml_track(times, r, name="X & Y", provenance={"v": 1}))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    modes = [e.text for e in root.iterfind(".//k:altitudeMode", ns)]
    assert "clampToGround" in modes and "absolute" in modes
    coords = root.find(".//k:coordinates", ns).text.split()
    lon, lat, alt = (float(x) for x in coords[0].split(","))
    assert lon == pytest.approx(-170.0, abs=1e-5) and alt == 0.0
    assert root.find(".//k:Document/k:name", ns).text == "X & Y"


def test_czml_samples_are_epoch_seconds_and_metres():
    times, r = _track(50)
    doc = json.loads(json.dumps(maps.czml_track(times, r, name="X", provenance={"v": 1})))
    assert doc[0]["id"] == "document" and doc[0]["version"] == "1.0"
    pos = doc[1]["position"]
    assert pos["referenceFrame"] == "FIXED" and pos["epoch"] == "2026-11-21T05:45:04.000Z"
    samples = np.array(pos["cartesian"]).reshape(-1, 4)
    assert samples.shape == (50, 4)
    np.testing.assert_allclose(samples[:, 0], np.arange(50) * 20.0, atol=1e-3)
    np.testing.assert_allclose(samples[:, 1:], r, atol=1e-3)


def test_non_finite_positions_are_refused():
    times, r = _track(10)
    r[3] = np.nan
    with pytest.raises(InputError):
        maps.geojson_track(times, r, name="X")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(
    start=st.floats(-180.0, 180.0),
    steps=st.lists(st.floats(-30.0, 30.0), min_size=1, max_size=60),
)
def test_split_antimeridian_invariants(start, steps):
    unwrapped = start + np.concatenate([[0.0], np.cumsum(steps)])
    lon = (unwrapped + 180.0) % 360.0 - 180.0
    lat = np.linspace(-50.0, 50.0, lon.size)
    lines = maps.split_antimeridian(lon, lat, np.zeros_like(lon))
    crossings = sum(1 for a, b in zip(lon[:-1], lon[1:], strict=True) if abs(b - a) > 180.0)
    assert len(lines) == crossings + 1
    assert sum(len(ln) for ln in lines) == lon.size + 2 * crossings
    for ln in lines:
        x = np.array([p[0] for p in ln])
        assert np.all(np.abs(x) <= 180.0)
        assert np.all(np.abs(np.diff(x)) <= 180.0)


def test_track_kml_is_valid_against_the_ogc_kml22_schema():
    """Reference: OGC KML 2.2 schema (OGC 07-147r2), the ogckml22.xsd that fastkml ships; the
    element order of a Feature (name, description, styleUrl, Style, ExtendedData) is checked."""
    from pathlib import Path

    import fastkml
    from lxml import etree

    xsd = Path(fastkml.__file__).parent / "schema" / "ogckml22.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    times, r = _track()
    text = maps.kml_track(
        times, r, name="X & Y", stations=catalog.stations()[:2], provenance={"v": 1}
    )
    assert schema.validate(etree.fromstring(text.encode())), schema.error_log
