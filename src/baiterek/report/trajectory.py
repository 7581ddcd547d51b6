"""Reference trajectory and flight sequence: altitude, speed, loads against time; events; limits."""

from __future__ import annotations

from typing import Any

import numpy as np

from baiterek.report._html import figure, not_computed, num, section, table

TITLE = "Reference trajectory and flight sequence"
SID = "trajectory"


def trajectory_section(flight: Any, doc: dict[str, Any] | None, reason: str | None = None) -> str:
    """The section of a ``Flight`` (its trajectory arrays, SI) and the document's ``trajectory``."""
    if flight is None or doc is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    tr = flight.trajectory
    t = np.asarray(tr.time)
    fig = make_subplots(rows=2, cols=2, subplot_titles=(
        "altitude (km)", "speed (m/s)", "axial load (g), dynamic pressure (kPa)",
        "heat flux 0.5 rho v^3 (W/m2)"))  # fmt: skip
    fig.add_trace(go.Scatter(x=t, y=tr.altitude / 1e3, name="altitude"), 1, 1)
    fig.add_trace(go.Scatter(x=t, y=tr.speed_inertial, name="inertial speed"), 1, 2)
    fig.add_trace(go.Scatter(x=t, y=tr.speed_relative, name="Earth-relative speed"), 1, 2)
    fig.add_trace(go.Scatter(x=t, y=tr.axial_load, name="axial load (g)"), 2, 1)
    fig.add_trace(go.Scatter(x=t, y=tr.dynamic_pressure / 1e3, name="q (kPa)"), 2, 1)
    hf = np.where(tr.heat_flux > 0, tr.heat_flux, np.nan)
    fig.add_trace(go.Scatter(x=t, y=hf, name="heat flux"), 2, 2)
    fig.update_yaxes(type="log", row=2, col=2)
    fig.update_xaxes(title_text="time from liftoff (s)", row=2)
    fig.update_layout(title="Nominal ascent", legend={"orientation": "h", "y": -0.15})
    s = doc["summary"]
    ins = doc["insertion"]
    head = table(
        [
            ["status", doc["status"], ""],
            ["launch", doc["launch_time_utc"], "UTC"],
            ["max dynamic pressure", f"{num(s['max_dynamic_pressure_kpa'], '.2f')} at T+{num(s['max_dynamic_pressure_time_s'], '.1f')} s", "kPa"],
            ["max axial load", num(s["max_axial_load_g"], ".2f"), "g"],
            ["insertion", "&mdash;" if ins is None else f"T+{ins['time_s']:.1f} s: {ins['perigee_km']:.1f} x {ins['apogee_km']:.1f} km, {ins['inclination_deg']:.3f} deg", ""],
        ],
        ["Item", "Value", "Unit"],
    )  # fmt: skip
    lim = table(
        [[c["name"], num(c["value"], ".2f"), num(c["limit"], ".2f"), c["unit"],
          {True: "within", False: "EXCEEDED", None: "no limit"}[c["within"]]] for c in doc["limits"]],
        ["Load", "Flight", "Vehicle limit", "Unit", ""],
    )  # fmt: skip
    ev = table(
        [[e["name"], num(e["time_s"], ".1f"), num(e["altitude_km"], ".1f"),
          num(e["speed_relative_m_s"], ",.0f"), num(e["dynamic_pressure_kpa"], ".2f"),
          num(e["axial_load_g"], ".2f")] for e in doc["events"]],
        ["Event", "T+ (s)", "Altitude (km)", "Speed rel. (m/s)", "q (kPa)", "Axial (g)"],
    )  # fmt: skip
    body = (
        head
        + figure(fig, "plot-trajectory", height=560)
        + "<h2>Loads against the vehicle's limits</h2>"
        + lim
    )
    return section(SID, TITLE, body + "<h2>Flight sequence</h2>" + ev)
