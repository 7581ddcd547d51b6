"""Files of a range-safety analysis: impacts.csv, safety.geojson, safety.kml, safety.czml,
notices.txt and the map page safety.html.

GeoJSON (RFC 7946, [lon, lat]) and KML 2.2 are written as plain text like ``export/maps.py``
(tracks split at the antimeridian with its ``split_antimeridian``); the KML is checked against the
OGC KML 2.2 schema in the tests (the XSD fastkml ships). CZML holds the zones and footprints as
ground polygons, the impacts as points and the tracks as polylines (``cartographicDegrees``).
All documents are built in memory first, written into a temporary folder beside the output folder
and moved into place, so an error leaves no partial set of files.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np

from baiterek.export.maps import split_antimeridian

__all__ = ["impacts_csv", "safety_czml", "safety_geojson", "safety_kml", "write_safety_files"]

FILES = {
    "impacts_csv": "impacts.csv",
    "safety_geojson": "safety.geojson",
    "safety_kml": "safety.kml",
    "safety_czml": "safety.czml",
    "notices_txt": "notices.txt",
    "safety_html": "safety.html",
    "candidate_zones_geojson": "candidate-zones.geojson",
}


def impacts_csv(result) -> str:
    """One row per body: the ``--json`` body fields that are scalars."""
    return result.to_frame().to_csv(index=False, float_format="%.9g")


def _tracks(result) -> list[tuple[str, list[list[list[float]]]]]:
    tr = result.track
    if tr is None:
        return []
    out = []
    lat, lon = np.degrees(tr.latitude), np.degrees(tr.longitude)
    out.append(("ground_track", split_antimeridian(lon, lat, np.zeros_like(lat))))
    ok = np.isfinite(tr.iip_latitude) & np.isfinite(tr.iip_longitude)
    if np.count_nonzero(ok) >= 2:
        ilat, ilon = np.degrees(tr.iip_latitude[ok]), np.degrees(tr.iip_longitude[ok])
        out.append(("iip_track", split_antimeridian(ilon, ilat, np.zeros_like(ilat))))
    return [(k, [[[round(p[0], 6), round(p[1], 6)] for p in ln] for ln in lines])
            for k, lines in out]  # fmt: skip


def _footprint_rings(result):
    """(body, coverage, ring) of every footprint ellipse."""
    out = []
    for b in result.bodies:
        if b.footprint is None:
            continue
        lat, lon = math.degrees(b.latitude), math.degrees(b.longitude)
        for lv in b.footprint.levels:
            out.append((b.name, lv, lv.ring(lat, lon)))
    return out


def safety_geojson(result) -> dict[str, Any]:
    """FeatureCollection: zones used, candidate zones, impacts, footprints, ground and IIP tracks."""
    feats: list[dict[str, Any]] = []
    for zid in result.zones_used():
        f = result.zone_set.zone(zid).to_feature()
        f["properties"]["layer"] = "zone"
        feats.append(f)
    for c in result.candidates:
        f = json.loads(json.dumps(c))
        f["properties"]["layer"] = "candidate_zone"
        feats.append(f)
    for b in result.bodies:
        if b.status != "impact":
            continue
        props = {k: v for k, v in b.to_json().items() if not isinstance(v, (list, dict))}
        props["layer"] = "impact"
        feats.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(math.degrees(b.longitude), 6),
                                                          round(math.degrees(b.latitude), 6)]},
            "properties": props,
        })  # fmt: skip
    for name, lv, ring in _footprint_rings(result):
        feats.append({
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
            "properties": {"layer": "footprint", "body": name, "coverage": lv.coverage,
                           "sigma": round(lv.sigma, 4), "method": "linear covariance"},
        })  # fmt: skip
    for kind, lines in _tracks(result):
        feats.append({
            "type": "Feature",
            "geometry": {"type": "MultiLineString", "coordinates": lines},
            "properties": {"layer": kind, "name": kind.replace("_", " ")},
        })  # fmt: skip
    return {
        "type": "FeatureCollection",
        "name": f"range safety: {result.mission_name}",
        "features": feats,
        "baiterek_provenance": result.provenance,
    }


_KML_STYLES = (
    '<Style id="zone"><LineStyle><color>ff0000c0</color><width>2</width></LineStyle>'
    "<PolyStyle><color>400000ff</color></PolyStyle></Style>"
    '<Style id="candidate"><LineStyle><color>ffff00ff</color><width>2</width></LineStyle>'
    "<PolyStyle><color>30ff00ff</color></PolyStyle></Style>"
    '<Style id="footprint"><LineStyle><color>ff00c0ff</color><width>1</width></LineStyle>'
    "<PolyStyle><fill>0</fill></PolyStyle></Style>"
    '<Style id="ground_track"><LineStyle><color>ffffa500</color><width>2</width></LineStyle></Style>'
    '<Style id="iip_track"><LineStyle><color>ff00ff00</color><width>2</width></LineStyle></Style>'
    '<Style id="impact"><IconStyle><color>ff0000ff</color></IconStyle></Style>'
)


def _kml_ring(ring) -> str:
    coords = " ".join(f"{p[0]:.6f},{p[1]:.6f},0" for p in ring)
    return (
        "<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing>"
        f"<coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
    )


def _placemark(name: str, style: str, geometry: str, description: str = "") -> str:
    d = f"<description>{escape(description)}</description>" if description else ""
    return (
        f"<Placemark><name>{escape(name)}</name>{d}<styleUrl>#{style}</styleUrl>"
        f"{geometry}</Placemark>"
    )


def safety_kml(result) -> str:
    """KML 2.2 Document with folders: zones, candidate zones, impacts, footprints, tracks."""
    zones = [
        _placemark(z.id, "zone", _kml_ring(z.ring), f"{z.name}; grade {z.grade}; {z.source}")
        for z in (result.zone_set.zone(i) for i in result.zones_used())
    ]
    cands = [
        _placemark(
            c["properties"]["id"],
            "candidate",
            _kml_ring(c["geometry"]["coordinates"][0]),
            c["properties"]["note"],
        )  # fmt: skip
        for c in result.candidates
    ]
    impacts = [
        _placemark(
            b.name,
            "impact",
            f"<Point><coordinates>{math.degrees(b.longitude):.6f},"
            f"{math.degrees(b.latitude):.6f},0</coordinates></Point>",
            f"T+{b.impact_time:.1f} s, {b.downrange / 1e3:.1f} km downrange; "
            f"{b.containment.statement}",
        )  # fmt: skip
        for b in result.bodies
        if b.status == "impact"
    ]
    fps = [
        _placemark(
            f"{name} {lv.coverage:.3%}",
            "footprint",
            _kml_ring(ring),
            f"{lv.sigma:.3f}-sigma ellipse holding {lv.coverage} in 2-D",
        )  # fmt: skip
        for name, lv, ring in _footprint_rings(result)
    ]
    tracks = []
    for kind, lines in _tracks(result):
        parts = "".join(
            "<LineString><tessellate>1</tessellate><coordinates>"
            + " ".join(f"{p[0]:.6f},{p[1]:.6f},0" for p in ln)
            + "</coordinates></LineString>"
            for ln in lines
        )
        tracks.append(_placemark(kind.replace("_", " "), kind,
                                 f"<MultiGeometry>{parts}</MultiGeometry>"))  # fmt: skip

    def folder(name, items):
        return f"<Folder><name>{name}</name>{''.join(items)}</Folder>" if items else ""

    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        "<Document>",
        f"<name>{escape('range safety: ' + result.mission_name)}</name>",
        _KML_STYLES,
        folder("zones", zones), folder("candidate zones", cands), folder("impacts", impacts),
        folder("footprints", fps), folder("tracks", tracks),
        "</Document>",
        "</kml>",
    ]) + "\n"  # fmt: skip


def safety_czml(result) -> list[dict[str, Any]]:
    """CZML packets: document, zones and footprints (ground polygons), impacts, tracks."""
    pk: list[dict[str, Any]] = [
        {"id": "document", "name": f"range safety: {result.mission_name}", "version": "1.0"}
    ]

    def poly(pid, name, ring, rgba, fill=True):
        flat = [v for p in ring for v in (round(p[0], 6), round(p[1], 6), 0.0)]
        return {
            "id": pid, "name": name,
            "polygon": {"positions": {"cartographicDegrees": flat}, "fill": fill,
                        "material": {"solidColor": {"color": {"rgba": rgba}}},
                        "outline": True, "height": 0},
        }  # fmt: skip

    for zid in result.zones_used():
        z = result.zone_set.zone(zid)
        pk.append(poly(f"zone/{z.id}", z.name, z.ring, [255, 0, 0, 80]))
    for c in result.candidates:
        pk.append(poly(f"candidate/{c['properties']['id']}", c["properties"]["name"],
                       c["geometry"]["coordinates"][0], [255, 0, 255, 60]))  # fmt: skip
    for name, lv, ring in _footprint_rings(result):
        pk.append(poly(f"footprint/{name}/{lv.coverage}", f"{name} {lv.coverage:.3%}", ring,
                       [255, 192, 0, 40]))  # fmt: skip
    for b in result.bodies:
        if b.status != "impact":
            continue
        pk.append({
            "id": f"impact/{b.name}", "name": b.name,
            "position": {"cartographicDegrees": [round(math.degrees(b.longitude), 6),
                                                 round(math.degrees(b.latitude), 6), 0.0]},
            "point": {"pixelSize": 8, "color": {"rgba": [255, 0, 0, 255]}},
            "label": {"text": b.name, "pixelOffset": {"cartesian2": [10, 0]}},
            "description": b.containment.statement,
        })  # fmt: skip
    for kind, lines in _tracks(result):
        for k, ln in enumerate(lines):
            pk.append({
                "id": f"{kind}/{k}", "name": kind.replace("_", " "),
                "polyline": {"positions": {"cartographicDegrees":
                                           [v for p in ln for v in (p[0], p[1], 0.0)]},
                             "clampToGround": True, "width": 2,
                             "material": {"solidColor": {"color": {"rgba":
                                 [255, 165, 0, 255] if kind == "ground_track"
                                 else [0, 255, 0, 255]}}}},
            })  # fmt: skip
    return pk


def write_safety_files(result, out_dir: str | Path, *, backup_days: int = 2) -> dict[str, str]:
    """Write every file of a safety analysis into ``out_dir``; returns {kind: path}."""
    from baiterek.export.notices import notices_text
    from baiterek.export.safety_map import map_html

    texts = {
        "impacts_csv": impacts_csv(result),
        "safety_geojson": json.dumps(safety_geojson(result), indent=1),
        "safety_kml": safety_kml(result),
        "safety_czml": json.dumps(safety_czml(result), indent=1),
        "notices_txt": notices_text(result, backup_days=backup_days),
        "safety_html": map_html(result),
    }
    if result.candidates:
        texts["candidate_zones_geojson"] = json.dumps(
            {
                "type": "FeatureCollection",
                "name": f"candidate zones: {result.mission_name}",
                "sites": [result.site_id],
                "features": list(result.candidates),
            },
            indent=1,
        )
    out = Path(out_dir)  # a staging folder (export.output.staged_output): no partial set
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for k, text in texts.items():
        (out / FILES[k]).write_text(text, encoding="utf-8")
        paths[k] = str(out / FILES[k])
    return paths
