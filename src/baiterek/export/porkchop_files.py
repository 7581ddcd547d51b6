"""Porkchop, payload-porkchop and escape-curve files: CSV, offline HTML (plotly inlined), JSON.

Nothing is computed here: the pages draw a ``MarsResult`` / ``Porkchop`` / ``EscapeCurve`` as
they are. Porkchop page: C3 contours (km2/s2) of Types I and II, DLA (deg) and arrival
v-infinity (km/s) contours, the minimum-C3 points marked. Payload page: payload (kg) as a heat
map, the points whose DLA the site cannot reach in grey.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from baiterek.export.files import write_atomic, write_text_atomic
from baiterek.serialize import to_jsonable

__all__ = ["porkchop_html", "payload_porkchop_html", "escape_curve_html", "write_mars_files"]

_C3_LEVELS = dict(start=8.0, end=30.0, size=2.0)


def _dates(jd_utc: list[str]) -> list[str]:
    return [s[:10] for s in jd_utc]


def _marks(go, pc):
    xs = [m.to_json() for m in pc.minimum_c3]
    return go.Scatter(
        x=[d["departure_utc"] for d in xs],
        y=[d["arrival_utc"] for d in xs],
        mode="markers+text",
        marker=dict(symbol="x", size=12, color="black"),
        text=[f"type {d['type']}: {d['c3_km2_s2']:.2f}" for d in xs],
        textposition="top right",
        name="minimum C3",
    )


def porkchop_html(pc, title: str | None = None) -> str:
    """The porkchop page (plotly, offline)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    x, y = _dates(pc.departure_utc()), _dates(pc.arrival_utc())
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(
            "C3 km2/s2 (blue: type I, red: type II), DLA deg (green, dotted)",
            "arrival v_inf (km/s)",
        ),
    )
    for kind, colour in ((1, "#1f77b4"), (2, "#d62728")):
        z = np.where(pc.kind == kind, pc.c3 / 1e6, np.nan).T
        fig.add_trace(
            go.Contour(
                x=x, y=y, z=z, contours=dict(coloring="lines", showlabels=True, **_C3_LEVELS),
                colorscale=[[0, colour], [1, colour]], showscale=False,
                name=f"C3 type {'I' * kind}",
                connectgaps=False,
            ),
            row=1, col=1,
        )  # fmt: skip
    fig.add_trace(
        go.Contour(
            x=x, y=y, z=np.degrees(pc.dla).T, showscale=False, name="DLA deg",
            contours=dict(coloring="lines", showlabels=True, start=-60, end=60, size=20),
            colorscale=[[0, "#2ca02c"], [1, "#2ca02c"]], line=dict(dash="dot"),
        ),
        row=1, col=1,
    )  # fmt: skip
    fig.add_trace(_marks(go, pc), row=1, col=1)
    fig.add_trace(
        go.Contour(
            x=x, y=y, z=np.where(pc.vinf_arrival < 8e3, pc.vinf_arrival / 1e3, np.nan).T,
            colorscale="Viridis", name="v_inf arrival",
            contours=dict(start=2.0, end=8.0, size=0.5, showlabels=True),
            colorbar=dict(title="km/s"),
        ),
        row=1, col=2,
    )  # fmt: skip
    fig.update_xaxes(title_text="departure (UTC)")
    fig.update_yaxes(title_text="arrival (UTC)")
    fig.update_layout(
        title=title or f"Earth-Mars {pc.opportunity}: porkchop (DE421, Lambert izzo2015)",
        template="plotly_white", height=700, showlegend=True,
    )  # fmt: skip
    return fig.to_html(include_plotlyjs=True, full_html=True)


def payload_porkchop_html(res) -> str:
    """The payload porkchop page: kg by departure and arrival; grey where the DLA is unreachable."""
    import plotly.graph_objects as go

    pc = res.porkchop
    x, y = _dates(pc.departure_utc()), _dates(pc.arrival_utc())
    grey = np.where(np.isfinite(pc.c3) & ~res.reachable, 1.0, np.nan).T
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            x=x, y=y, z=res.payload.T, colorscale="Viridis", colorbar=dict(title="payload kg"),
            name="payload", hovertemplate="dep %{x}<br>arr %{y}<br>%{z:.0f} kg<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Heatmap(
            x=x, y=y, z=grey, colorscale=[[0, "#b0b0b0"], [1, "#b0b0b0"]], showscale=False,
            name="DLA not reachable", hoverinfo="skip",
        )
    )  # fmt: skip
    fig.add_trace(_marks(go, pc))
    fig.update_layout(
        title=f"{res.vehicle_id} from {res.site_id}: payload to Mars {pc.opportunity} (kg); "
        "grey: DLA out of the site's reach; blank: C3 above the curve or no arc",
        xaxis_title="departure (UTC)", yaxis_title="arrival (UTC)", template="plotly_white",
        height=700,
    )  # fmt: skip
    return fig.to_html(include_plotlyjs=True, full_html=True)


def escape_curve_html(curves) -> str:
    """Payload against C3, one line per curve (vehicle / parking plane)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for c in curves:
        fig.add_trace(
            go.Scatter(
                x=c.c3 / 1e6, y=c.payload, mode="lines+markers",
                name=f"{c.vehicle_id} / {c.transfer_stage}, "
                f"{np.degrees(c.parking_inclination):.1f} deg from {c.site_id}",
            )
        )  # fmt: skip
    fig.update_layout(
        title="Maximum payload against departure C3 (parking orbit, coast, departure burns)",
        xaxis_title="C3 (km2/s2)", yaxis_title="payload (kg)", template="plotly_white",
    )  # fmt: skip
    return fig.to_html(include_plotlyjs=True, full_html=True)


def write_escape_curve_files(curves, out_dir: str | Path, stem: str) -> dict[str, str]:
    """``<stem>.csv`` (all curves, one row per point) and ``<stem>.html``."""
    import pandas as pd

    out = Path(out_dir)
    frames = []
    for c in curves:
        f = c.to_frame()
        f.insert(0, "parking_inclination_deg", round(float(np.degrees(c.parking_inclination)), 3))
        f.insert(0, "transfer_stage", c.transfer_stage)
        f.insert(0, "site", c.site_id)
        f.insert(0, "vehicle", c.vehicle_id)
        frames.append(f)
    df = pd.concat(frames, ignore_index=True)
    return {
        "csv": str(
            write_atomic(
                out / f"{stem}.csv",
                lambda p: df.to_csv(p, index=False, float_format="%.6g", na_rep="NaN"),
            )
        ),  # fmt: skip
        "html": str(write_text_atomic(out / f"{stem}.html", escape_curve_html(curves))),
    }


def write_mars_files(res, out_dir: str | Path, doc: dict[str, Any]) -> dict[str, str]:
    """A Mars result's files: porkchop and payload pages, the grid CSV, curves, JSON."""
    out = Path(out_dir)
    stem = f"mars-{res.porkchop.opportunity}-{res.vehicle_id}-{res.site_id}"
    df = res.to_frame()
    paths = {
        "porkchop_html": str(
            write_text_atomic(out / f"{stem}-porkchop.html", porkchop_html(res.porkchop))
        ),
        "payload_html": str(
            write_text_atomic(out / f"{stem}-payload.html", payload_porkchop_html(res))
        ),  # fmt: skip
        "grid_csv": str(
            write_atomic(
                out / f"{stem}.csv",
                lambda p: df.to_csv(p, index=False, float_format="%.6g", na_rep="NaN"),
            )
        ),
    }
    curves = write_escape_curve_files(res.curves, out, f"{stem}-payload-curve")
    paths["curve_csv"], paths["curve_html"] = curves["csv"], curves["html"]
    full = dict(doc)
    full["files"] = {k: Path(v).name for k, v in paths.items()}  # relative to the folder
    paths["json"] = str(
        write_text_atomic(out / f"{stem}.json", json.dumps(to_jsonable(full), indent=2) + "\n")
    )
    return paths
