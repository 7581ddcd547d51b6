"""Write ``src/baiterek/data/zones/baikonur.geojson`` from the table in
docs/reference/drop-zones.md section 2 (the one published polygon, ellipses and named places).

Run from the repository root: ``python scripts/make_zones.py``. Ellipses and circles are converted
to 72-vertex polygons with ``baiterek.safety.zones.ellipse_ring`` (pyproj ``Geod``). Where only a
place is named, the zone is a circle around that place with a radius we assume ([U] in the note):
a stand-in that lets containment be computed, flagged ``estimated_centre``. Settlement coordinates
are rounded public gazetteer values (grade C). Long-axis azimuths not published are taken along the
route's ground track from the spherical relation cos i = cos(lat) sin(A) [D].
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from baiterek import catalog
from baiterek.safety.zones import GEOD, ellipse_ring

OUT = (
    Path(__file__).resolve().parents[1] / "src" / "baiterek" / "data" / "zones" / "baikonur.geojson"
)
REF = "docs/reference/drop-zones.md sec. 2"

SOYUZ = ["soyuz-2.1a", "soyuz-2.1b"]
SOYUZ_SITES = ["baikonur-31-6", "baikonur-1-5"]
PROTON_SITES = ["baikonur-200-39", "baikonur-81-24"]
ISS = (51.4, 52.0)  # the site corridors' band (sites.toml)
GLONASS = (64.5, 65.2)
SSO = (96.5, 99.5)

RP15 = """47.3230 66.6105; 47.3449 66.6226; 47.3731 66.6532; 47.3898 66.6808; 47.4088 66.7247;
47.4196 66.7661; 47.4255 66.8082; 47.4242 66.8582; 47.4175 66.8885; 47.4064 66.9135;
47.3872 66.9334; 47.3634 66.9401; 47.3412 66.9370; 47.3201 66.9236; 47.2952 66.8950;
47.2740 66.8586; 47.2563 66.8118; 47.2479 66.7767; 47.2425 66.7163; 47.2442 66.6889;
47.2523 66.6559; 47.2634 66.6308; 47.2845 66.6111; 47.3047 66.6062; 47.3230 66.6105"""


def route(vehicles, bodies, sites, band) -> dict:
    return {
        "vehicles": list(vehicles),
        "bodies": list(bodies),
        "sites": list(sites),
        "inclination_min_deg": band[0],
        "inclination_max_deg": band[1],
    }


def track_azimuth_deg(lat_deg: float, inclination_deg: float) -> float:
    """Heading of a northward ground track at a latitude, deg [D] (spherical, non-rotating)."""
    s = math.cos(math.radians(inclination_deg)) / math.cos(math.radians(lat_deg))
    return round(math.degrees(math.asin(max(-1.0, min(1.0, s)))) % 360.0, 1)


def zone(zid, name, country, region, serves, source, grade, note, *, ring=None, ellipse=None):
    shape = "polygon"
    if ellipse is not None:
        shape = "circle" if ellipse["semi_major_km"] == ellipse["semi_minor_km"] else "ellipse"
        ring = ellipse_ring(
            ellipse["centre_latitude_deg"],
            ellipse["centre_longitude_deg"],
            ellipse["semi_major_km"] * 1e3,
            ellipse["semi_minor_km"] * 1e3,
            ellipse["azimuth_deg"],
        )
    props = {
        "id": zid,
        "name": name,
        "country": country,
        "region": region,
        "shape": shape,
        "serves": serves,
        "source": source,
        "grade": grade,
        "note": note,
    }
    if ellipse is not None:
        props["ellipse"] = ellipse
    return {
        "type": "Feature",
        "id": zid,
        "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
        "properties": props,
    }


def ell(lat, lon, a_km, b_km, az, estimated):
    return {
        "centre_latitude_deg": lat,
        "centre_longitude_deg": lon,
        "semi_major_km": a_km,
        "semi_minor_km": b_km,
        "azimuth_deg": az,
        "estimated_centre": estimated,
    }


def features() -> list[dict]:
    rp15 = [tuple(float(x) for x in v.split()) for v in RP15.replace("\n", " ").split(";")]
    rp15_ring = [(lon, lat) for lat, lon in rp15]
    if rp15_ring[0] != rp15_ring[-1]:
        raise SystemExit("RP 15 ring not closed")
    # the published vertex order is clockwise; RFC 7946 wants the exterior counter-clockwise
    from shapely.geometry import Polygon

    if not Polygon(rp15_ring).exterior.is_ccw:
        rp15_ring.reverse()
    p200 = catalog.site("baikonur-200-39")
    lon310, lat310, _ = GEOD.fwd(p200.longitude_deg, p200.latitude_deg, 63.0, 1620e3)
    mid_lon, mid_lat, _ = GEOD.fwd(
        61.26,
        48.62,
        GEOD.inv(61.26, 48.62, 65.18, 50.18)[0],
        GEOD.inv(61.26, 48.62, 65.18, 50.18)[2] / 2,
    )
    return [
        zone(
            "rp-15",
            "RP 15, zone Yu-24 (Ulytau district)",
            "KZ",
            "Ulytau region",
            [route(["proton-m"], ["stage1*", "stage-1*"], PROTON_SITES, ISS)],
            "ecological passport of fall areas RP 15/25, zone Yu-24, Karaganda 2002, and its GIS "
            "layer (every 4th of 96 vertices), public repository vel5id/rocket-drop-zone-analysis-otu; "
            + REF,
            "B",
            "published polygon; centroid 47.3341 N 66.7740 E, about 383 km2",
            ring=rp15_ring,
        ),
        zone(
            "rp-25",
            "RP 25, zone Yu-24 (outer area, overlaps RP 15)",
            "KZ",
            "Ulytau region",
            [route(["proton-m"], ["stage1*", "stage-1*"], PROTON_SITES, ISS)],
            REF,
            "C",
            "about 60 x 30 km, box 47.00-47.47 N 66.00-66.75 E; long axis taken along RP 15's (62 deg) [U]",
            ellipse=ell(47.233, 66.383, 30.0, 15.0, 62.0, False),
        ),
        zone(
            "ulytau-soyuz-boosters",
            "Soyuz booster fall areas, Ulytau region near Zhezkazgan",
            "KZ",
            "Ulytau region",
            [route(SOYUZ, ["booster*"], SOYUZ_SITES, ISS)],
            "region named for every ISS launch (Soyuz MS-28, 27 Nov 2025, Kazakh ministry via "
            "inform.kz); " + REF,
            "C",
            "no polygon published: a 100 km circle around Zhezkazgan (47.78 N 67.71 E) stands in "
            "for the named areas [U]; Site 31/6 to Zhezkazgan about 372 km",
            ellipse=ell(47.78, 67.71, 100.0, 100.0, 0.0, True),
        ),
        zone(
            "dzhangeldy-torgai",
            "Dzhangeldy district fall area (Torgai), Kostanay region",
            "KZ",
            "Kostanay region",
            [route(SOYUZ, ["booster*"], SOYUZ_SITES, SSO)],
            "adilet.zan.kz P1900000313 (2019 decree, northward Soyuz-2 to near-polar orbits); size "
            "from the minister's statement; " + REF,
            "C",
            "ellipse 44 x 22 km (full axes), about 67,000 ha; centre not published: Torgai village "
            "(49.63 N 63.50 E) [U]; long axis along a 97.5 deg track [D]",
            ellipse=ell(49.63, 63.50, 22.0, 11.0, track_azimuth_deg(49.63, 97.5), True),
        ),
        zone(
            "irgiz-amangeldy",
            "Irgiz (Aktobe) / Amangeldy (Kostanay) border",
            "KZ",
            "Aktobe / Kostanay regions",
            [route(["soyuz-2.1a"], ["booster*"], SOYUZ_SITES, SSO)],
            "Soyuz-2.1a boosters, Kanopus-V-IK, 14 Jul 2017 (place names); " + REF,
            "C",
            "place names only: a 100 km circle midway between Irgiz (48.62 N 61.26 E) and Amangeldy "
            "(50.18 N 65.18 E) [U]",
            ellipse=ell(round(mid_lat, 3), round(mid_lon, 3), 100.0, 100.0, 0.0, True),
        ),
        zone(
            "ust-kan-altai",
            "Ust-Kan district, Altai Republic",
            "RU",
            "Altai Republic",
            [route(SOYUZ, ["core*", "blok-a*"], SOYUZ_SITES, ISS)],
            "named in every recent Soyuz MS / Progress notice; " + REF,
            "C",
            "district named: a 50 km circle around Ust-Kan village (50.93 N 84.77 E) [U]; about "
            "1,650 km from 31/6 at azimuth 63 deg [D]",
            ellipse=ell(50.93, 84.77, 50.0, 50.0, 0.0, True),
        ),
        zone(
            "rp-327",
            "RP 327, Altai Republic",
            "RU",
            "Altai Republic",
            [route(["proton-m"], ["stage2*", "stage-2*", "fairing*"], PROTON_SITES, ISS)],
            REF,
            "C",
            "ellipse 70 x 40 km (full axes), 2,198 km2; centre estimated from the named ranges and "
            "rivers (Iolgo, Sumultinsky, Altyntu); long axis along the track near its northernmost "
            "point (about 85 deg) [U]",
            ellipse=ell(51.6, 86.9, 35.0, 20.0, 85.0, True),
        ),
        zone(
            "site-310",
            "Site 310, East Kazakhstan / Altai border",
            "KZ",
            "East Kazakhstan region",
            [route(["proton-m"], ["stage2*", "stage-2*"], PROTON_SITES, ISS)],
            "russianspaceweb.com/proton_stage2.html (about 1,620 km downrange); " + REF,
            "C",
            "centre derived: 1,620 km from Site 200/39 along azimuth 63 deg (pyproj Geod) [D]; a "
            "50 km circle [U]",
            ellipse=ell(round(lat310, 3), round(lon310, 3), 50.0, 50.0, 0.0, True),
        ),
        zone(
            "tomsk-bakchar",
            "Tomsk region (Bakchar, Chainsky, Kolpashevsky districts)",
            "RU",
            "Tomsk region",
            [route(["proton-m"], ["stage2*", "stage-2*"], PROTON_SITES, GLONASS)],
            REF,
            "C",
            "ellipse 80 x 40 km (full axes) centred 5 km east of the Shudelka tract: tract not "
            "located, centre at Bakchar (57.02 N 82.07 E) [U]; long axis along a 64.8 deg track [D]",
            ellipse=ell(57.02, 82.07, 40.0, 20.0, track_azimuth_deg(57.02, 64.8), True),
        ),
        zone(
            "kondinsky-khmao",
            "Kondinsky district, Khanty-Mansi Autonomous Okrug",
            "RU",
            "KhMAO",
            [route(SOYUZ, ["core*", "blok-a*"], SOYUZ_SITES, SSO)],
            "place names (Leushinka, Samsur, Kuma rivers); " + REF,
            "C",
            "a 50 km circle around Mortka (59.3 N 66.0 E) [U]; about 1,500 km from 45/1 at azimuth "
            "about 5 deg [D]; a 2026 notice named it for a separating part of Soyuz-5 (news.ru, B), "
            "not assigned to Sunkar here (no flight report)",
            ellipse=ell(59.3, 66.0, 50.0, 50.0, 0.0, True),
        ),
        zone(
            "kytlym-sverdlovsk-perm",
            "Sverdlovsk / Perm border (Kytlym, Konzhakovsky massif)",
            "RU",
            "Sverdlovsk region",
            [route(SOYUZ, ["core*", "blok-a*"], SOYUZ_SITES, SSO)],
            "2019 notice (radius up to 100 km west of Bayanovka); " + REF,
            "C",
            "a 100 km circle around Kytlym (59.50 N 59.22 E) [U]",
            ellipse=ell(59.50, 59.22, 100.0, 100.0, 0.0, True),
        ),
    ]


def main() -> None:
    doc = {
        "type": "FeatureCollection",
        "name": "Baikonur fall areas (drop zones)",
        "sites": [
            "baikonur-45-1",
            "baikonur-31-6",
            "baikonur-1-5",
            "baikonur-200-39",
            "baikonur-81-24",
        ],
        "source": REF + "; written by scripts/make_zones.py",
        "features": features(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(OUT)


if __name__ == "__main__":
    main()
