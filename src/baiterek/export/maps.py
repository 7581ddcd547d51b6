"""Map files of a trajectory or orbit: GeoJSON, KML and CZML, from Earth-fixed (ITRS) positions.

All three are written by hand (plain JSON / XML text): each needs a dozen fixed elements, and a
library (simplekml, czml3) would add a dependency and a version churn for no gain in
correctness; the tests parse the output with the standard library's ``json`` and ``xml`` and
check the geometry.

* GeoJSON (RFC 7946): a FeatureCollection with the ground track as a MultiLineString split at the
  antimeridian (sec. 3.1.9), the crossing point interpolated onto +/-180 deg on both sides;
  coordinates [longitude_deg, latitude_deg, altitude_m] (WGS-84). The provenance block is a
  foreign member ``baiterek_provenance`` of the collection (allowed by sec. 6.1).
* KML 2.2: a Document with the ground track (clamped to ground) and the 3D trajectory
  (``altitudeMode absolute``), split at the antimeridian too, and the stations as Placemarks; the
  provenance in the Document's ExtendedData. KML reads absolute altitudes as above sea level;
  we write heights above the WGS-84 ellipsoid, so the 3D line sits off by the geoid undulation
  (under 110 m), invisible at orbital scale.
* CZML (Cesium): a document packet with a clock over the span, and one packet with the position
  as Cartesian samples in the Earth-fixed frame (``referenceFrame: FIXED``, metres, seconds after
  an ISO 8601 epoch), Lagrange interpolation of degree 5, and a path. FIXED rather than INERTIAL
  because Cesium's inertial frame needs Earth-orientation data loaded in the viewer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import numpy.typing as npt
from skyfield.timelib import Time

from baiterek.catalog.stations import Station
from baiterek.constants import SECONDS_PER_DAY
from baiterek.earth.geodesy import ecef_to_geodetic
from baiterek.earth.time import utc_iso
from baiterek.errors import InputError

__all__ = [
    "geodetic_track",
    "split_antimeridian",
    "round_lines",
    "geojson_track",
    "kml_track",
    "czml_track",
]

Array = npt.NDArray[np.float64]


def geodetic_track(r_itrs_m: npt.ArrayLike) -> tuple[Array, Array, Array]:
    """Latitude (deg), longitude (deg, [-180, 180]) and altitude (m) of ITRS positions (n, 3)."""
    r = np.asarray(r_itrs_m, float)
    if r.ndim != 2 or r.shape[1] != 3 or not np.all(np.isfinite(r)):
        raise InputError("r_itrs_m", r.shape, "finite positions of shape (n, 3)")
    lat, lon, h = ecef_to_geodetic(r)
    return np.degrees(lat), np.degrees(lon), np.asarray(h, dtype=np.float64)


def split_antimeridian(
    lon_deg: npt.ArrayLike, lat_deg: npt.ArrayLike, alt_m: npt.ArrayLike
) -> list[list[list[float]]]:
    """Lines of [lon, lat, alt] split where the track crosses +/-180 deg of longitude.

    A crossing is a jump of more than 180 deg between consecutive points; the crossing point is
    interpolated linearly in unwrapped longitude and added at the end of one line (+/-180) and
    the start of the next (-/+180).
    """
    lon = np.asarray(lon_deg, float)
    lat = np.asarray(lat_deg, float)
    alt = np.asarray(alt_m, float)
    lines: list[list[list[float]]] = []
    current = [[float(lon[0]), float(lat[0]), float(alt[0])]]
    for k in range(1, lon.size):
        d = lon[k] - lon[k - 1]
        if abs(d) > 180.0:
            edge = 180.0 if d < 0 else -180.0  # eastward across +180 when the jump is negative
            lon_next = lon[k] + (360.0 if d < 0 else -360.0)
            f = (edge - lon[k - 1]) / (lon_next - lon[k - 1])
            lat_x = float(lat[k - 1] + f * (lat[k] - lat[k - 1]))
            alt_x = float(alt[k - 1] + f * (alt[k] - alt[k - 1]))
            current.append([edge, lat_x, alt_x])
            lines.append(current)
            current = [[-edge, lat_x, alt_x]]
        current.append([float(lon[k]), float(lat[k]), float(alt[k])])
    lines.append(current)
    return [ln for ln in lines if len(ln) >= 2]


def round_lines(lines: list[list[list[float]]], places: int = 6) -> list[list[list[float]]]:
    """Lines of [lon, lat, alt] rounded for files: angles to ``places`` decimals, altitude to 0.1 m."""
    return [
        [[round(p[0], places), round(p[1], places), round(p[2], 1)] for p in ln] for ln in lines
    ]


def geojson_track(
    times: Time,
    r_itrs_m: npt.ArrayLike,
    *,
    name: str,
    stations: Sequence[Station] = (),
    provenance: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """GeoJSON FeatureCollection: ground track (MultiLineString) and station points."""
    lat, lon, alt = geodetic_track(r_itrs_m)
    lines = round_lines(split_antimeridian(lon, lat, alt))
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {"type": "MultiLineString", "coordinates": lines},
            "properties": {
                "name": name,
                "kind": "ground_track",
                "start_utc": utc_iso(times[0]),
                "stop_utc": utc_iso(times[-1]),
                "altitude_reference": "WGS-84 ellipsoid, m",
            },
        }
    ]
    for st in stations:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [st.longitude_deg, st.latitude_deg, st.altitude_m],
                },
                "properties": {"name": st.name, "kind": "station", "station_id": st.id},
            }
        )
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if provenance:
        doc["baiterek_provenance"] = provenance
    return doc


def _kml_lines(lines: list[list[list[float]]], altitude_mode: str) -> str:
    parts = []
    for ln in lines:
        coords = " ".join(f"{p[0]:.6f},{p[1]:.6f},{p[2]:.1f}" for p in ln)
        parts.append(
            "<LineString><tessellate>1</tessellate>"
            f"<altitudeMode>{altitude_mode}</altitudeMode>"
            f"<coordinates>{coords}</coordinates></LineString>"
        )
    return "<MultiGeometry>" + "".join(parts) + "</MultiGeometry>"


def kml_track(
    times: Time,
    r_itrs_m: npt.ArrayLike,
    *,
    name: str,
    stations: Sequence[Station] = (),
    provenance: dict[str, Any] | None = None,
) -> str:
    """KML 2.2 document: ground track, 3D trajectory, stations."""
    lat, lon, alt = geodetic_track(r_itrs_m)
    lines = split_antimeridian(lon, lat, alt)
    ground = [[[p[0], p[1], 0.0] for p in ln] for ln in lines]
    ext = ""
    if provenance:
        ext = (
            "<ExtendedData>"
            + "".join(
                f'<Data name="{escape(str(k))}"><value>{escape(str(v))}</value></Data>'
                for k, v in provenance.items()
            )
            + "</ExtendedData>"
        )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        "<Document>",
        f"<name>{escape(name)}</name>",
        f"<description>{escape(utc_iso(times[0]))} to {escape(utc_iso(times[-1]))}</description>",
        # KML 2.2 (OGC 07-147r2) orders a Feature's children: name, description, styles, then
        # ExtendedData (checked against ogckml22.xsd in tests/unit/test_export_maps.py)
        '<Style id="track"><LineStyle><color>ff00a5ff</color><width>2</width></LineStyle></Style>',
        '<Style id="trajectory"><LineStyle><color>ff0000ff</color><width>2</width></LineStyle></Style>',
        ext,
        "<Placemark><name>ground track</name><styleUrl>#track</styleUrl>",
        _kml_lines(ground, "clampToGround"),
        "</Placemark>",
        "<Placemark><name>trajectory</name><styleUrl>#trajectory</styleUrl>",
        _kml_lines(lines, "absolute"),
        "</Placemark>",
    ]
    for st in stations:
        out.append(
            f"<Placemark><name>{escape(st.name)}</name>"
            f"<Point><coordinates>{st.longitude_deg:.6f},{st.latitude_deg:.6f},{st.altitude_m:.1f}"
            "</coordinates></Point></Placemark>"
        )
    out += ["</Document>", "</kml>"]
    return "\n".join(x for x in out if x) + "\n"


def czml_track(
    times: Time,
    r_itrs_m: npt.ArrayLike,
    *,
    name: str,
    object_id: str = "object",
    provenance: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """CZML document (a list of packets): clock and Earth-fixed Cartesian position samples."""
    r = np.asarray(r_itrs_m, float)
    geodetic_track(r)  # validates shape and finiteness
    t_s = np.asarray((times.tt - times.tt[0]) * SECONDS_PER_DAY, float)
    start, stop = utc_iso(times[0], 3), utc_iso(times[-1], 3)
    samples: list[float] = []
    for t, p in zip(t_s, r, strict=True):
        samples += [
            round(float(t), 3),
            round(float(p[0]), 3),
            round(float(p[1]), 3),
            round(float(p[2]), 3),
        ]
    doc = {
        "id": "document",
        "name": name,
        "version": "1.0",
        "clock": {
            "interval": f"{start}/{stop}",
            "currentTime": start,
            "multiplier": 60,
            "range": "LOOP_STOP",
            "step": "SYSTEM_CLOCK_MULTIPLIER",
        },
    }
    if provenance:
        doc["description"] = "baiterek provenance: " + json.dumps(provenance, sort_keys=True)
    return [
        doc,
        {
            "id": object_id,
            "name": name,
            "availability": f"{start}/{stop}",
            "position": {
                "epoch": start,
                "referenceFrame": "FIXED",
                "interpolationAlgorithm": "LAGRANGE",
                "interpolationDegree": 5,
                "cartesian": samples,
            },
            "path": {
                "material": {"solidColor": {"color": {"rgba": [255, 165, 0, 255]}}},
                "width": 2,
                "leadTime": 0,
                "resolution": 60,
            },
            "point": {"pixelSize": 8, "color": {"rgba": [255, 255, 255, 255]}},
            "label": {"text": name, "pixelOffset": {"cartesian2": [10, 0]}},
        },
    ]
