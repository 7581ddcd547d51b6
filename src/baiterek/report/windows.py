"""Launch window: the daily table and the calendar (launch, open and close time of day)."""

from __future__ import annotations

from typing import Any

from baiterek.report._html import bullet_list, figure, not_computed, num, section, table

TITLE = "Launch window"
SID = "windows"


def _clock(iso: str | None) -> str | None:
    """The time of day of a UTC ISO time, on one fixed date (a time-of-day axis)."""
    return None if not iso else "2000-01-01T" + iso[11:].rstrip("Z")


def _hms(iso: str | None) -> str | None:
    return None if not iso else iso[11:21]


def windows_section(w: Any, reason: str | None = None) -> str:
    """The section of a ``Windows`` result (its document's rows)."""
    if w is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go

    d = w.to_json()
    rows = d["windows"]
    days = [r["launch_time_utc"][:10] for r in rows]
    fig = go.Figure()
    for r, day in zip(rows, days, strict=True):  # the window from open to close, each day
        a, b = _clock(r.get("open_utc")), _clock(r.get("close_utc"))
        if a and b:
            fig.add_trace(go.Scatter(x=[day, day], y=[a, b], mode="lines", showlegend=False,
                                     line={"width": 14, "color": "lightsteelblue"}))  # fmt: skip
    fig.add_trace(go.Scatter(x=days, y=[_clock(r["launch_time_utc"]) for r in rows],
                             mode="markers", marker={"size": 9, "symbol": "diamond"},
                             name="launch time"))  # fmt: skip
    fig.update_layout(title=f"Launch windows: {w.name}", xaxis_title="date (UTC)",
                      yaxis_title="time of day (UTC)", xaxis={"type": "category"},
                      yaxis={"type": "date", "tickformat": "%H:%M"})  # fmt: skip
    if rows:  # a quarter of an hour either side: a window of minutes stays readable
        lo = min(_clock(r.get("open_utc") or r["launch_time_utc"]) or "" for r in rows)
        hi = max(_clock(r.get("close_utc") or r["launch_time_utc"]) or "" for r in rows)
        from datetime import datetime, timedelta

        one = timedelta(minutes=15)
        fig.update_yaxes(range=[datetime.fromisoformat(lo) - one, datetime.fromisoformat(hi) + one])
    tab = table(
        [[r["launch_time_utc"][:10], _hms(r["launch_time_utc"]), _hms(r.get("open_utc")),
          _hms(r.get("close_utc")), r.get("branch"),
          num(r.get("azimuth_deg"), ".2f"), num(r.get("phase_deg"), ".1f"),
          num(r.get("sun_elevation_deg"), ".1f")] for r in rows],
        ["Date", "Launch (UTC)", "Open (UTC)", "Close (UTC)", "Branch", "Azimuth (deg)", "Phase (deg)",
         "Sun elevation (deg)"],
    )  # fmt: skip
    warn = "" if not d.get("warnings") else "<h2>Warnings</h2>" + bullet_list(d["warnings"])
    return section(SID, TITLE, figure(fig, "plot-windows") + tab + warn)
