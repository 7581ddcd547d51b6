"""Ground-station visibility: passes (AOS, LOS, maximum elevation) over the ascent and the first
orbits, which station sees which flight event, and the ascent's coverage gaps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from baiterek.report._html import bullet_list, figure, not_computed, num, section, table

TITLE = "Ground-station visibility"
SID = "coverage"


def _t(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def coverage_section(vis: Any, reason: str | None = None) -> str:
    """The section of a ``baiterek.tracking.visibility.Visibility`` (its document)."""
    if vis is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go

    d = vis.to_json()
    asc = d.get("ascent") or {}
    start = _t(d["start_utc"])
    end_s = asc.get("duration_s")
    fig = go.Figure()
    rows = []
    for p in d["passes"]:
        a, b = _t(p["aos_utc"]), _t(p["los_utc"])
        phase = "ascent" if end_s is not None and (a - start).total_seconds() < end_s else "orbit"
        fig.add_trace(go.Scatter(
            x=[a, b], y=[p["station_id"]] * 2, mode="lines", showlegend=False,
            line={"width": 10, "color": "darkorange" if phase == "ascent" else "steelblue"},
            hovertext=f"max el {p['max_elevation_deg']:.1f} deg",
        ))  # fmt: skip
        rows.append([phase, p["station_id"], p["aos_utc"][11:19], p["los_utc"][11:19],
                     num(p["max_elevation_deg"], ".1f"), num(p["duration_s"], ",.0f")])  # fmt: skip
    fig.update_layout(title=f"Station passes from liftoff ({d['start_utc'][:10]}; orange: from the ascent)",
                      xaxis_title="UTC")  # fmt: skip
    body = figure(fig, "plot-coverage")
    if asc:
        body += table(
            [["ascent duration", num(asc["duration_s"], ",.1f"), "s"],
             ["seen by at least one station", f"{num(asc['covered_s'], ',.1f')} ({100 * asc['covered_fraction']:.1f} %)", "s"],
             ["gaps no station covers", ", ".join(f"T+{g['start_s']:.0f} to T+{g['stop_s']:.0f} s" for g in asc["gaps"]) or "none", ""]],
            ["Ascent", "Value", "Unit"],
        )  # fmt: skip
    body += "<h2>Flight events and the stations that see them</h2>" + table(
        [[e["event"], num(e["t_s"], ",.1f"), ", ".join(e["seen_by"]) or "none"] for e in d["events"]],
        ["Event", "T+ (s)", "Seen by (above the mask)"],
    )  # fmt: skip
    if d["unseen_events"]:
        body += "<p>Events no station sees:</p>" + bullet_list(d["unseen_events"])
    body += "<h2>Passes</h2>" + table(
        rows, ["Phase", "Station", "AOS (UTC)", "LOS (UTC)", "Max elevation (deg)", "Duration (s)"]
    )
    return section(SID, TITLE, body)
