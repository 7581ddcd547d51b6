"""Launch window: the daily table and the calendar (launch, open and close time of day)."""

from __future__ import annotations

from typing import Any

from baiterek.report._html import bullet_list, figure, not_computed, num, section, table

TITLE = "Launch window"
SID = "windows"


def _hours(iso: str | None) -> float | None:
    if not iso:
        return None
    hh, mm, ss = iso[11:19].split(":")
    return int(hh) + int(mm) / 60 + float(iso[17:].rstrip("Z") or ss) / 3600


def windows_section(w: Any, reason: str | None = None) -> str:
    """The section of a ``Windows`` result (its document's rows)."""
    if w is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go

    d = w.to_json()
    rows = d["windows"]
    days = [r["launch_time_utc"][:10] for r in rows]
    launch = [_hours(r["launch_time_utc"]) for r in rows]
    lo = [(x - (_hours(r.get("open_utc")) or x)) * 60 for r, x in zip(rows, launch, strict=True)]
    hi = [((_hours(r.get("close_utc")) or x) - x) * 60 for r, x in zip(rows, launch, strict=True)]
    fig = go.Figure(go.Scatter(
        x=days, y=launch, mode="markers", marker={"size": 9, "symbol": "diamond"}, name="launch",
        error_y={"type": "data", "symmetric": False, "array": [h / 60 for h in hi],
                 "arrayminus": [h / 60 for h in lo], "visible": True},
    ))  # fmt: skip
    fig.update_layout(title=f"Launch windows: {w.name}", xaxis_title="date (UTC)",
                      yaxis_title="time of day (UTC hours)", xaxis={"type": "category"})  # fmt: skip
    tab = table(
        [[r["launch_time_utc"], r.get("open_utc"), r.get("close_utc"), r.get("branch"),
          num(r.get("azimuth_deg"), ".2f"), num(r.get("phase_deg"), ".1f"),
          num(r.get("sun_elevation_deg"), ".1f")] for r in rows],
        ["Launch (UTC)", "Open (UTC)", "Close (UTC)", "Branch", "Azimuth (deg)", "Phase (deg)",
         "Sun elevation (deg)"],
    )  # fmt: skip
    warn = "" if not d.get("warnings") else "<h2>Warnings</h2>" + bullet_list(d["warnings"])
    return section(SID, TITLE, figure(fig, "plot-windows") + tab + warn)
