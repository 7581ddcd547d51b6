"""Files of a payload curve: a table (CSV), an interactive chart (HTML) and the result (JSON).

Nothing is computed here. Every file is written atomically; the JSON file carries the provenance
block for the CSV (as for the ascent files), and the chart shows it in its footnote.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from baiterek.export.files import write_atomic, write_text_atomic
from baiterek.serialize import to_jsonable

_TITLES = {
    "circular": "circular orbits",
    "sso": "sun-synchronous circular orbits",
    "elliptical": "elliptical orbits, direct insertion at perigee",
}


def curve_stem(curve) -> str:
    """Default file name stem, e.g. ``sunkar_baikonur-45-1_circular``."""
    return f"{curve.vehicle_id}_{curve.site_id}_{curve.kind}"


def curve_html(curve) -> str:
    """An interactive chart in the manner of a user's manual: payload against altitude (or apogee),
    one line per inclination; hovering a point shows its values; failed points are marked on the
    axis with their reason. Offline: the plotly library is inlined."""
    import plotly.graph_objects as go

    x_title = "apogee altitude (km)" if curve.kind == "elliptical" else "circular altitude (km)"
    fig = go.Figure()
    for label in curve.lines:
        pts = [p for p in curve.points if p.line == label]
        x = [p.apogee_km if curve.kind == "elliptical" else p.perigee_km for p in pts]
        custom = [
            [p.inclination_deg, p.perigee_km, p.apogee_km, p.heading, p.active_constraints or "-"]
            for p in pts
        ]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[p.payload_kg for p in pts],
                mode="lines+markers",
                name=label,
                customdata=custom,
                hovertemplate=(
                    "<b>%{y:,.0f} kg</b><br>perigee %{customdata[1]:,.0f} km, "
                    "apogee %{customdata[2]:,.0f} km<br>inclination %{customdata[0]:.2f} deg, "
                    "heading %{customdata[3]}<br>active: %{customdata[4]}"
                    f"<extra>{label}</extra>"
                ),
            )
        )
    bad = list(curve.failed)
    if bad:
        fig.add_trace(
            go.Scatter(
                x=[p.apogee_km if curve.kind == "elliptical" else p.perigee_km for p in bad],
                y=[0.0] * len(bad),
                mode="markers",
                marker={"symbol": "x", "color": "grey", "size": 9},
                name="not computed",
                text=[f"{p.line}: {p.status}: {p.reason[:160]}" for p in bad],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    prov = curve.provenance
    per = ""
    if curve.kind == "elliptical" and curve.points:
        per = f", perigee {curve.points[0].perigee_km:g} km"
    fig.update_layout(
        title=(
            f"{curve.vehicle_id} from {curve.site_id}: maximum payload to {_TITLES[curve.kind]}"
            f"{per}"
        ),
        xaxis_title=x_title,
        yaxis_title="payload (kg)",
        yaxis={"rangemode": "tozero", "tickformat": ",d"},
        hovermode="closest",
        legend_title="inclination",
        template="plotly_white",
        height=650,
        annotations=[
            {
                "text": (
                    f"baiterek {prov.get('baiterek_version', '')}, created "
                    f"{prov.get('created_utc', '')}, input sha256 "
                    f"{str(prov.get('input_sha256', ''))[:16]}. Altitudes above the equatorial "
                    "radius; osculating orbit at cutoff; direct ascent, no coast."
                ),
                "xref": "paper",
                "yref": "paper",
                "x": 0.0,
                "y": -0.16,
                "showarrow": False,
                "font": {"size": 10, "color": "grey"},
                "xanchor": "left",
            }
        ],
        margin={"b": 110},
    )
    return fig.to_html(include_plotlyjs=True, full_html=True)


def write_curve_files(curve, out_dir: str | Path, stem: str | None = None) -> dict[str, str]:
    """Write ``<stem>.csv``, ``<stem>.html`` and ``<stem>.json`` into ``out_dir`` (atomically).

    Returns {kind: path}.
    """
    out = Path(out_dir)
    stem = stem or curve_stem(curve)
    df = curve.to_frame()
    paths = {
        "csv": write_atomic(
            out / f"{stem}.csv",
            lambda p: df.to_csv(p, index=False, float_format="%.6g", na_rep="NaN"),
        ),
        "html": write_text_atomic(out / f"{stem}.html", curve_html(curve)),
    }
    doc = curve.to_json()
    doc["files"] = {k: Path(v).name for k, v in paths.items()}  # relative to the folder
    paths["json"] = write_text_atomic(
        out / f"{stem}.json", json.dumps(to_jsonable(doc), indent=2) + "\n"
    )
    return {k: str(v) for k, v in paths.items()}


def payload_table(curve) -> tuple[list[float], list[str], np.ndarray]:
    """(abscissae, line labels, payload matrix kg with NaN) for printing a curve as a table."""
    xs = sorted({p.apogee_km if curve.kind == "elliptical" else p.perigee_km for p in curve.points})
    lines = list(curve.lines)
    tab = np.full((len(xs), len(lines)), np.nan)
    for p in curve.points:
        x = p.apogee_km if curve.kind == "elliptical" else p.perigee_km
        tab[xs.index(x), lines.index(p.line)] = p.payload_kg
    return xs, lines, tab
