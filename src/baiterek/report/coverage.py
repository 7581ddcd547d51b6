"""Ground-station visibility: AOS, LOS and maximum elevation per station, ascent and first orbits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from baiterek.report._html import figure, not_computed, num, section, table

TITLE = "Ground-station visibility"
SID = "coverage"


def _t(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def coverage_section(orbit: Any, reason: str | None = None) -> str:
    """The section of an ``OrbitProducts`` result (its passes over the ascent and the orbits)."""
    if orbit is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go

    d = orbit.to_json()
    phases = [("ascent", (d.get("ascent_passes") or {}).get("passes", [])),
              ("orbits", d["passes"]["passes"])]  # fmt: skip
    fig = go.Figure()
    rows = []
    for phase, passes in phases:
        for p in passes:
            a, b = _t(p["aos_utc"]), _t(p["los_utc"])
            fig.add_trace(go.Scatter(
                x=[a, b], y=[p["station_id"]] * 2, mode="lines", line={"width": 10,
                "color": "darkorange" if phase == "ascent" else "steelblue"},
                name=phase, showlegend=False, hovertext=f"max el {p['max_elevation_deg']:.1f} deg",
            ))  # fmt: skip
            rows.append([phase, p["station_id"], p["aos_utc"], p["los_utc"],
                         num(p["max_elevation_deg"], ".1f"), num(p["duration_s"], ",.0f")])  # fmt: skip
    fig.update_layout(title="Station passes (orange: ascent, blue: orbits)", xaxis_title="UTC")
    without = ", ".join(s["station_id"] for s in d["stations_without_pass"]) or "none"
    body = figure(fig, "plot-coverage") + table(
        rows, ["Phase", "Station", "AOS (UTC)", "LOS (UTC)", "Max elevation (deg)", "Duration (s)"]
    )
    return section(SID, TITLE, body + f'<p class="note">Stations without a pass: {without}.</p>')
