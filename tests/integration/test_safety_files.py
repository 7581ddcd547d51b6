"""Safety files from a synthetic result (no flight): written, read back with independent
libraries (geopandas, lxml against the KML 2.2 XSD, fastkml), the map page screenshot."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from baiterek.catalog.zones import parse_zones, zones
from baiterek.export.notices import dms, parse_dms, parse_notice_vertices
from baiterek.export.safety_files import safety_kml, write_safety_files
from baiterek.safety.analysis import Track, assess
from baiterek.safety.zones import GEOD

SITE = (45.996112, 63.564155)  # Site 31/6 (sites.toml)


def synthetic_result(vehicle="soyuz-2.1a"):
    """Four boosters near Zhezkazgan, a core in the Altai, two fairing halves between, an orbital
    third stage: positions picked by hand, not computed (the files are what is tested)."""
    names = ["booster-b", "booster-v", "booster-g", "booster-d", "core", "fairing-1",
             "fairing-2", "stage3"]  # fmt: skip
    kinds = ["booster"] * 4 + ["stage", "fairing", "fairing", "stage"]
    lat = np.radians([47.60, 47.65, 47.70, 47.75, 50.95, 48.6, 48.62, np.nan])
    lon = np.radians([67.50, 67.55, 67.60, 67.65, 84.80, 72.0, 72.1, np.nan])
    status = np.array([0, 0, 0, 0, 0, 0, 0, 1])
    cov = np.array([[[4e6, 1e6], [1e6, 1e6]]] * 8)
    t = np.linspace(0, 540, 60)
    tlat = np.radians(np.linspace(46.0, 51.6, 60))
    tlon = np.radians(np.linspace(63.6, 100.0, 60))
    track = Track(t, tlat, tlon, np.linspace(0, 2e5, 60), np.where(t < 300, tlat, np.nan),
                  np.where(t < 300, tlon + 0.1, np.nan))  # fmt: skip
    return assess(
        names=names, kinds=kinds, events=["boosters_separation"] * 4 + ["core_separation",
        "fairing_jettison", "fairing_jettison", "payload_separation"],
        masses=[3815.0] * 4 + [6450.0, 775.0, 775.0, 2355.0],
        separation_time=[118.9] * 4 + [287.7, 205.9, 205.9, 540.6], status=status,
        latitude=lat, longitude=lon, impact_time=[330.0] * 4 + [760.0, 900.0, 910.0, np.nan],
        impact_speed=np.full(8, 80.0), impact_angle=np.full(8, 1.2), covariances=cov,
        vehicle_id=vehicle, site_id="baikonur-31-6", site_latitude_deg=SITE[0],
        site_longitude_deg=SITE[1], inclination_deg=51.6, zone_set=zones(),
        mission_name="synthetic Soyuz", launch_time_utc="2027-03-01T06:00:00Z", track=track,
        orbits=[None] * 7 + [{"perigee_km": 190.0, "apogee_km": 200.0}],
    )  # fmt: skip


def test_assess_fields_and_json_keys():
    r = synthetic_result()
    j = r.to_json()
    keys = ["name", "kind", "status", "separation_time_s", "impact_time_s",
            "impact_latitude_deg", "impact_longitude_deg", "downrange_km", "zone", "inside",
            "margin_km"]  # fmt: skip
    for b in j["bodies"]:
        assert all(k in b for k in keys)
    b0 = j["bodies"][0]
    assert b0["zone"] == "ulytau-soyuz-boosters" and b0["inside"] is True and b0["margin_km"] > 0
    # downrange: geodesic from the pad (pyproj), an independent recomputation
    _, _, d = GEOD.inv(SITE[1], SITE[0], 67.50, 47.60)
    assert b0["downrange_km"] == pytest.approx(d / 1e3, abs=0.01)
    core = j["bodies"][4]
    assert core["zone"] == "ust-kan-altai" and core["inside"]
    # the footprint (sigma about 2 x 1 km) lies deep inside the 50 km circle: all samples in
    p = core["probability_inside"]
    assert p["samples"] == 20_000 and p["inside"] == 20_000 and p["lower"] > 0.9997
    assert j["bodies"][5]["probability_inside"] is None
    f = j["bodies"][5]
    assert f["zone"] is None and f["inside"] is None and "no fall area" in f["statement"]
    assert j["bodies"][7]["status"] == "orbital" and j["bodies"][7]["impact_latitude_deg"] is None
    assert len(r.candidates) == 2 and "8 bodies" in repr(r) and len(repr(r)) < 200
    assert r.to_frame().shape[0] == 8
    json.dumps(j)  # serialisable as is


def test_files_read_back(tmp_path):
    gpd = pytest.importorskip("geopandas")
    r = synthetic_result()
    files = write_safety_files(r, tmp_path / "out")
    assert set(files) >= {"impacts_csv", "safety_geojson", "safety_kml", "safety_czml",
                          "notices_txt", "safety_html", "candidate_zones_geojson"}  # fmt: skip
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
    g = gpd.read_file(files["safety_geojson"])
    layers = set(g["layer"])
    assert {"zone", "impact", "footprint", "ground_track", "iip_track", "candidate_zone"} <= layers
    imp = g[g["layer"] == "impact"].iloc[0]
    assert imp.geometry.x == pytest.approx(67.50, abs=1e-6)  # lon first (RFC 7946)
    assert imp.geometry.y == pytest.approx(47.60, abs=1e-6)
    # the candidate zones file is a valid zones file that assigns the body
    cz = parse_zones(json.loads(Path(files["candidate_zones_geojson"]).read_text()))
    assert cz.assigned("soyuz-2.1a", "fairing-1", "baikonur-31-6", 51.6)
    czml = json.loads(Path(files["safety_czml"]).read_text())
    assert czml[0]["id"] == "document" and any(p["id"] == "impact/core" for p in czml)
    import pandas as pd

    csv = pd.read_csv(files["impacts_csv"])
    assert list(csv["name"])[:2] == ["booster-b", "booster-v"]


def test_kml_is_valid_against_the_ogc_kml22_schema(tmp_path):
    etree = pytest.importorskip("lxml.etree")
    fastkml = pytest.importorskip("fastkml")
    xsd = Path(fastkml.__file__).parent / "schema" / "ogckml22.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    doc = etree.fromstring(safety_kml(synthetic_result()).encode())
    ok = schema.validate(doc)
    assert ok, schema.error_log
    # and fastkml reads the placemarks back
    k = fastkml.KML.from_string(etree.tostring(doc))
    placemarks = list(k.features[0].features[2].features)  # the impacts folder
    assert placemarks[0].name == "booster-b"


def test_dms_round_trip_within_one_arcsecond():
    rng = np.random.default_rng(3)
    for lat, lon in zip(rng.uniform(-89, 89, 500), rng.uniform(-179, 179, 500), strict=True):
        la, lo = parse_dms(dms(lat, lon))
        assert abs(la - lat) * 3600 <= 0.5 + 1e-9 and abs(lo - lon) * 3600 <= 0.5 + 1e-9
    assert dms(47.3341, 66.774) == "472003N 0664626E"


def test_notices_parse_back_to_the_zone_polygons(tmp_path):
    r = synthetic_result()
    text = Path(write_safety_files(r, tmp_path)["notices_txt"]).read_text()
    blocks = [b for b in text.split("\n\n") if b.startswith("NOTICE")]
    assert len(blocks) == 2 + 2  # ulytau and ust-kan, and a candidate per fairing half
    z = zones().zone("ulytau-soyuz-boosters")
    got = parse_notice_vertices(blocks[0])
    assert len(got) == len(z.ring) - 1
    for (lat, lon), (zlon, zlat) in zip(got, z.ring[:-1], strict=True):
        assert abs(lat - zlat) * 3600 <= 1.0 and abs(lon - zlon) * 3600 <= 1.0
    assert "F) SFC G) UNL" in blocks[0]
    # window: 10 min before liftoff 06:00, 10 min after the last impact (T+330 s) -> 06:16
    assert "B) 2703010550 C) 2703010616" in blocks[0]
    assert "BACKUP DAYS 2703020550-2703020616 2703030550-2703030616" in blocks[0]
    assert "BOOSTER-B, BOOSTER-V, BOOSTER-G, BOOSTER-D" in blocks[0]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs /usr/bin/chromium")
def test_map_page_screenshot(tmp_path):
    r = synthetic_result()
    html = Path(write_safety_files(r, tmp_path)["safety_html"])
    assert "https://" not in html.read_text()[:2000]
    png = tmp_path / "map.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}",
         "--window-size=1400,900", "--virtual-time-budget=5000", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    img = _png_rgb(png)
    # the page drew the basemap (land colour), a zone fill (pink), the orange ground track,
    # and the red impact markers
    land = np.all(np.abs(img - [243, 240, 230]) <= 3, axis=-1)
    zone_fill = np.all(np.abs(img - [237, 189, 194]) <= 12, axis=-1)
    orange = (img[..., 0] > 230) & (np.abs(img[..., 1] - 165) < 25) & (img[..., 2] < 60)
    red = (img[..., 0] > 220) & (img[..., 1] < 40) & (img[..., 2] < 40)
    counts = [int(m.sum()) for m in (land, zone_fill, orange, red)]
    print("land, zone fill, ground track, impacts (pixels):", counts)
    assert counts[0] > 0.3 * img.shape[0] * img.shape[1] and min(counts[1:]) > 50, counts


def _png_rgb(path: Path) -> np.ndarray:
    """RGB pixels of an 8-bit, non-interlaced PNG (what Chromium writes): the standard library's
    zlib and the five PNG row filters (PNG spec, sec. 9), so the test needs no imaging package."""
    import struct
    import zlib

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = np.zeros((h, stride), np.int64)
    prev = np.zeros(stride, np.int64)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int64)
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) % 256
        else:
            cur = np.zeros(stride, np.int64)
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                if f == 1:
                    pred = a
                elif f == 3:
                    pred = (a + b) // 2
                else:  # Paeth
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (line[i] + pred) % 256
        out[y] = cur
        prev = cur
    return out.reshape(h, w, bpp)[..., :3]
