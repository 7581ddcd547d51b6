"""Separation and collision avoidance: the stage's distance from the payload over the first orbits."""

from __future__ import annotations

from typing import Any

import numpy as np

from baiterek.report._html import figure, not_computed, num, section, table

TITLE = "Separation and collision avoidance"
SID = "separation"


def separation_section(sep: Any, reason: str | None = None) -> str:
    """The section of a ``baiterek.orbit.separation.SeparationResult`` (arrays SI)."""
    if sep is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go

    d = sep.to_json()
    t_min = np.asarray(sep.t_s) / 60.0
    fig = go.Figure(go.Scatter(x=t_min, y=np.asarray(sep.distance_m) / 1e3, name="distance"))
    fig.add_trace(go.Scatter(x=[d["time_of_min_s"] / 60.0], y=[d["min_distance_m"] / 1e3],
                             mode="markers", marker={"size": 10, "color": "crimson"},
                             name="minimum after opening"))  # fmt: skip
    av = d["avoidance"]
    if av is not None:
        fig.add_vline(x=av["delay_s"] / 60.0, line_dash="dot", annotation_text="avoidance")
    fig.update_layout(title="Upper stage distance from the payload", xaxis_title="time after separation (min)",
                      yaxis_title="distance (km)")  # fmt: skip
    dv = d["separation_dv_lvlh_m_s"]
    rows = [
        ["separation delta-v (radial, along, cross)", ", ".join(f"{x:.3f}" for x in dv), "m/s"],
        ["avoidance manoeuvre", "none" if av is None else
         f"{av['delta_v_m_s']:.2f} m/s at +{av['delay_s']:.0f} s ({', '.join(f'{x:.2f}' for x in av['dv_lvlh_m_s'])})", ""],
        ["minimum distance after the opening phase", num(d["min_distance_m"], ",.0f"), "m"],
        ["time of the minimum", num(d["time_of_min_s"], ",.0f"), "s after separation"],
        ["distance after one orbit", num(d["distance_after_one_orbit_m"], ",.0f"), "m"],
        ["distance at the end", num(d["final_distance_m"], ",.0f"), "m"],
        ["span", num(d["span_s"], ",.0f"), "s"],
    ]  # fmt: skip
    app = table([[num(a["t_s"], ",.0f"), num(a["distance_m"], ",.0f")] for a in d["close_approaches"]],
                ["Close approach (s)", "Distance (m)"])  # fmt: skip
    note = (
        '<p class="note">Minimum distance: the smallest distance after the opening phase (the '
        "first maximum of the distance), so the closest the bodies come back to each other.</p>"
    )
    return section(SID, TITLE, table(rows, ["Item", "Value", "Unit"]) + note
                   + figure(fig, "plot-separation") + app)  # fmt: skip
