"""Fall zones: where every jettisoned body falls against its zone; the map with the tracks."""

from __future__ import annotations

from typing import Any

from baiterek.report._html import esc, figure, not_computed, num, section, table

TITLE = "Fall zones"
SID = "safety"


def _square(fig: Any) -> None:
    """Widen the map's narrower axis so the view is about square on the ground (a track that
    runs north-south would otherwise draw as a thin strip)."""
    import math

    geo = fig.layout.geo
    (lo0, lo1), (la0, la1) = geo.lonaxis.range, geo.lataxis.range
    k = math.cos(math.radians(0.5 * (la0 + la1)))
    w, h = (lo1 - lo0) * k, la1 - la0
    if w < h:
        c, half = 0.5 * (lo0 + lo1), 0.5 * h / k
        fig.update_geos(lonaxis_range=[c - half, c + half])
    else:
        c, half = 0.5 * (la0 + la1), 0.5 * w
        fig.update_geos(lataxis_range=[c - half, c + half])


def safety_section(s: Any, reason: str | None = None) -> str:
    """The section of a ``Safety`` result (its document, and its map: ground track, IIP track,
    zones, footprints and impacts, drawn by ``export.safety_map``)."""
    if s is None:
        return not_computed(SID, TITLE, reason)
    from baiterek.export.safety_map import map_figure

    d = s.to_json()
    rows = []
    for b in d["bodies"]:
        inside = {True: "inside", False: "OUTSIDE", None: "no zone"}[b["inside"]]
        rows.append([b["name"], b["status"], num(b.get("impact_time_s"), ",.0f"),
                     num(b.get("downrange_km"), ",.0f"), b["zone"] or "&mdash;",
                     inside if b["status"] == "impact" else "&mdash;",
                     num(b.get("margin_km"), "+,.1f")])  # fmt: skip
    fig = map_figure(s.result)
    _square(fig)
    fig.update_layout(
        title=None, legend={"x": 0.0, "y": -0.02, "orientation": "h", "xanchor": "left"}
    )
    body = table(
        rows, ["Body", "Status", "Impact T+ (s)", "Downrange (km)", "Zone", "", "Margin (km)"]
    )
    body += figure(fig, "plot-safety-map", height=640)
    body += "".join(
        f'<p class="note">{esc(b["statement"])}</p>' for b in d["bodies"] if b.get("statement")
    )
    return section(SID, TITLE, body)
