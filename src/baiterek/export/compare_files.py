"""Files of a telemetry comparison: the overlay plot (plotly HTML, offline) and the sample table.

The page inlines plotly.js (``include_plotlyjs=True``), so it opens without a network. Nothing
is computed here: the figures draw the comparison document of ``baiterek.api.compare``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from baiterek.export.files import write_text_atomic


def overlay_figure(doc: dict[str, Any], trajectory_rows: dict[str, list[float]]) -> Any:
    """Altitude and speed against time: the simulation (line), the telemetry (markers), the
    compared events (vertical marks)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    s = doc["samples"]
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
        subplot_titles=("Geodetic altitude", "Earth-relative speed"),
    )  # fmt: skip
    t_sim = trajectory_rows["time_s"]
    fig.add_trace(go.Scatter(x=t_sim, y=trajectory_rows["altitude_km"], name="baiterek",
                             line={"color": "#1f77b4"}), 1, 1)  # fmt: skip
    fig.add_trace(go.Scatter(x=doc["telemetry_time_s"], y=doc["telemetry_altitude_km"],
                             mode="markers", name="telemetry", marker={"color": "#d62728",
                             "size": 6}), 1, 1)  # fmt: skip
    fig.add_trace(go.Scatter(x=t_sim, y=trajectory_rows["speed_m_s"], name="baiterek",
                             line={"color": "#1f77b4"}, showlegend=False), 2, 1)  # fmt: skip
    fig.add_trace(go.Scatter(x=doc["telemetry_time_s"], y=doc["telemetry_speed_m_s"],
                             mode="markers", name="telemetry", showlegend=False,
                             marker={"color": "#d62728", "size": 6}), 2, 1)  # fmt: skip
    for e in doc["at_events"]:
        fig.add_vline(x=e["time_s"], line={"dash": "dot", "color": "#7f7f7f", "width": 1})
        fig.add_annotation(x=e["time_s"], y=1.0, yref="paper", text=e["name"], showarrow=False,
                           textangle=-90, xanchor="right", yanchor="top",
                           font={"size": 10, "color": "#555"})  # fmt: skip
    fig.update_yaxes(title_text="km", row=1, col=1)
    fig.update_yaxes(title_text="m/s", row=2, col=1)
    fig.update_xaxes(title_text="time from liftoff (s)", row=2, col=1)
    worst = doc["worst"]
    alt, spd = worst["altitude_error_km"], worst["speed_error_m_s"]
    title = (f"{doc['mission']}<br><sup>baiterek (line) against telemetry (markers), {len(s)} "
             f"samples; largest errors {alt['value']:+.1f} km at T+{alt['time_s']:.0f} s, "
             f"{spd['value']:+.0f} m/s at T+{spd['time_s']:.0f} s</sup>")  # fmt: skip
    fig.update_layout(title=title, template="plotly_white", height=760, width=1200,
                      legend={"x": 0.01, "y": 0.99})  # fmt: skip
    return fig


def samples_csv(doc: dict[str, Any]) -> str:
    """The per-sample table, units in the column names (the events are in the JSON)."""
    rows = doc["samples"]
    if not rows:
        return ""
    cols = list(rows[0].keys())
    out = [",".join(cols)]
    for r in rows:
        out.append(",".join("" if r[c] is None else f"{r[c]:.6g}" for c in cols))
    return "\n".join(out) + "\n"


def write_compare_files(
    doc: dict[str, Any], trajectory_rows: dict[str, list[float]], out_dir: str | Path
) -> dict[str, str]:
    """Write ``compare.html`` (overlay), ``compare.csv`` (samples) and ``compare.json``."""
    import json

    out = Path(out_dir)
    files = {
        "compare_html": out / "compare.html",
        "compare_csv": out / "compare.csv",
        "compare_json": out / "compare.json",
    }
    html = overlay_figure(doc, trajectory_rows).to_html(include_plotlyjs=True, full_html=True)
    write_text_atomic(files["compare_html"], html)
    write_text_atomic(files["compare_csv"], samples_csv(doc))
    write_text_atomic(files["compare_json"], json.dumps(doc, indent=2))
    return {k: str(v) for k, v in files.items()}
