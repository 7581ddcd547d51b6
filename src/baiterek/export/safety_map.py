"""The map page of a safety analysis (``safety.html``): plotly's built-in geography, offline.

plotly.js is inlined (``include_plotlyjs=True``) and so is its Natural Earth basemap (plotly.js
would fetch ``world_50m.json`` from a CDN; we ship that file, ``data/basemap``, and set it as
``window.PlotlyGeoAssets`` before plotly.js loads), so the page needs no tile server, no network. Layers:
ground track, IIP track, zones used (filled), candidate zones, 97/99/99.999 % footprints, impacts.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["basemap_script", "map_html"]


def _ring_xy(ring):
    """Lon, lat lists of a ring, clockwise: plotly's geo fill (d3-geo) reads a clockwise ring as
    the small area it encloses and a counter-clockwise one (the RFC 7946 order) as the rest of
    the globe."""
    from shapely.geometry import LinearRing

    r = np.asarray(ring, float)
    if LinearRing(r).is_ccw:
        r = r[::-1]
    return r[:, 0].tolist(), r[:, 1].tolist()


def map_figure(result):
    """The plotly Figure of the map page."""
    import plotly.graph_objects as go

    fig = go.Figure()
    tr = result.track
    lons: list[float] = [result.site_longitude_deg]
    lats: list[float] = [result.site_latitude_deg]
    if tr is not None:
        lat, lon = np.degrees(tr.latitude), np.degrees(tr.longitude)
        fig.add_trace(go.Scattergeo(lon=lon, lat=lat, mode="lines", name="ground track",
                                    line={"color": "orange", "width": 2}))  # fmt: skip
        ok = np.isfinite(tr.iip_latitude)
        if np.count_nonzero(ok) >= 2:
            ilat, ilon = np.degrees(tr.iip_latitude[ok]), np.degrees(tr.iip_longitude[ok])
            fig.add_trace(go.Scattergeo(lon=ilon, lat=ilat, mode="lines", name="IIP track",
                                        line={"color": "green", "width": 2, "dash": "dot"}))  # fmt: skip
    for zid in result.zones_used():
        z = result.zone_set.zone(zid)
        x, y = _ring_xy(z.ring)
        lons += x
        lats += y
        fig.add_trace(go.Scattergeo(
            lon=x, lat=y, mode="lines", fill="toself", name=f"zone {z.id}",
            line={"color": "crimson", "width": 1.5}, fillcolor="rgba(220,20,60,0.25)",
            text=f"{z.name} (grade {z.grade}{', estimated' if z.estimated else ''})",
            hoverinfo="text",
        ))  # fmt: skip
    for c in result.candidates:
        x, y = _ring_xy(c["geometry"]["coordinates"][0])
        fig.add_trace(go.Scattergeo(
            lon=x, lat=y, mode="lines", fill="toself", name=c["properties"]["id"],
            line={"color": "magenta", "width": 1.5, "dash": "dash"},
            fillcolor="rgba(255,0,255,0.12)", text=c["properties"]["note"], hoverinfo="text",
        ))  # fmt: skip
    for b in result.bodies:
        if b.footprint is None:
            continue
        lv = max(b.footprint.levels, key=lambda e: e.coverage)
        x, y = _ring_xy(lv.ring(math.degrees(b.latitude), math.degrees(b.longitude)))
        fig.add_trace(go.Scattergeo(lon=x, lat=y, mode="lines", showlegend=False,
                                    line={"color": "goldenrod", "width": 1},
                                    name=f"{b.name} {lv.coverage:.3%}"))  # fmt: skip
    imp = [b for b in result.bodies if b.status == "impact"]
    if imp:
        x = [math.degrees(b.longitude) for b in imp]
        y = [math.degrees(b.latitude) for b in imp]
        lons += x
        lats += y
        fig.add_trace(go.Scattergeo(
            lon=x, lat=y, mode="markers+text", name="impacts", text=[b.name for b in imp],
            textposition="top right", marker={"size": 8, "color": "red", "symbol": "x"},
            hovertext=[f"{b.name}: T+{b.impact_time:.0f} s, {b.downrange / 1e3:.0f} km; "
                       f"{b.containment.statement}" for b in imp],
            hoverinfo="text",
        ))  # fmt: skip
    fig.add_trace(go.Scattergeo(lon=[result.site_longitude_deg], lat=[result.site_latitude_deg],
                                mode="markers", name=result.site_id,
                                marker={"size": 10, "color": "black", "symbol": "star"}))  # fmt: skip
    pad = 3.0
    used = set(result.zones_used())
    for z in result.zone_set.zones:  # the other zones of the file in view, for context
        x, y = _ring_xy(z.ring)
        inside = (min(lons) - pad <= x[0] <= max(lons) + pad) and (
            min(lats) - pad <= y[0] <= max(lats) + pad
        )
        if z.id not in used and inside:
            fig.add_trace(go.Scattergeo(
                lon=x, lat=y, mode="lines", name=f"other zone {z.id}", legendgroup="other",
                line={"color": "gray", "width": 1}, text=f"{z.name} (not assigned)",
                hoverinfo="text",
            ))  # fmt: skip
    fig.update_geos(
        projection_type="azimuthal equal area", showcountries=True, countrycolor="gray",
        showland=True, landcolor="rgb(243,240,230)", showlakes=True, showrivers=True,
        resolution=50, lonaxis_range=[min(lons) - pad, max(lons) + pad],
        lataxis_range=[min(lats) - pad, max(lats) + pad],
        projection_rotation={"lon": float(np.mean([min(lons), max(lons)])),
                             "lat": float(np.mean([min(lats), max(lats)]))},
    )  # fmt: skip
    fig.update_layout(
        title=f"Range safety: {result.mission_name} ({result.vehicle_id}, {result.site_id}, "
        f"{result.inclination_deg:.1f} deg)",
        margin={"l": 10, "r": 260, "t": 50, "b": 10}, height=800,
        legend={"x": 1.01, "y": 1.0, "xanchor": "left"},
    )  # fmt: skip
    return fig


def basemap_script() -> str:
    """A ``<script>`` setting the shipped Natural Earth basemap as ``window.PlotlyGeoAssets``
    (place it before plotly.js loads; used by every offline page with a map)."""
    from importlib import resources

    topo = (resources.files("baiterek") / "data" / "basemap" / "world_50m.json").read_text()
    # plotly.js looks in window.PlotlyGeoAssets.topojson before fetching from its CDN
    return f'<script type="text/javascript">window.PlotlyGeoAssets = {{topojson: {{"world_50m": {topo}}}}};</script>'


def map_html(result) -> str:
    """The self-contained map page (plotly.js and the basemap inlined; no network needed)."""
    html = map_figure(result).to_html(include_plotlyjs=True, full_html=True)
    return html.replace("<body>", "<body>\n" + basemap_script(), 1)
