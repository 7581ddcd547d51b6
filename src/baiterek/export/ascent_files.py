"""Files of an ascent: trajectory (CSV, Parquet), events (CSV), plots (HTML), ground track (GeoJSON).

Nothing is computed here beyond formatting. Every file is written atomically; Parquet carries
the provenance block in its schema metadata, and a JSON result file carries it for the CSVs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from baiterek.export.files import write_atomic, write_text_atomic
from baiterek.export.maps import round_lines, split_antimeridian
from baiterek.flight.trajectory import Trajectory


def ground_track_geojson(traj: Trajectory) -> dict[str, Any]:
    """The ground track as a GeoJSON Feature: a MultiLineString split at the antimeridian with the
    crossing interpolated (RFC 7946 sec. 3.1.9; :func:`baiterek.export.maps.split_antimeridian`)."""
    lines = split_antimeridian(np.degrees(traj.longitude), np.degrees(traj.latitude), traj.altitude)
    return {
        "type": "Feature",
        "geometry": {"type": "MultiLineString", "coordinates": round_lines(lines)},
        "properties": {
            "vehicle": traj.vehicle_id,
            "site": traj.site_id,
            "launch_time_utc": traj.launch_time_utc,
            "provenance": traj.provenance,
        },
    }


def plots_html(traj: Trajectory) -> str:
    """An interactive page of the ascent (plotly, offline: the library is inlined)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    t = traj.time
    panels = [
        ("Altitude (km)", traj.altitude / 1e3),
        ("Speed (m/s): inertial, Earth-relative", None),
        ("Flight-path angle (deg), Earth-relative", np.degrees(traj.flight_path_angle)),
        ("Dynamic pressure (kPa)", traj.dynamic_pressure / 1e3),
        ("Axial load (g)", traj.axial_load),
        (
            "Free-molecular heat flux 0.5 rho v^3 (W/m2; valid only in free-molecular flow)",
            traj.heat_flux,
        ),
    ]
    fig = make_subplots(rows=3, cols=2, subplot_titles=[p[0] for p in panels])
    for k, (name, y) in enumerate(panels):
        row, col = k // 2 + 1, k % 2 + 1
        if y is None:
            fig.add_trace(go.Scatter(x=t, y=traj.speed_inertial, name="inertial"), row=row, col=col)
            fig.add_trace(
                go.Scatter(x=t, y=traj.speed_relative, name="Earth-relative"), row=row, col=col
            )
        else:
            fig.add_trace(go.Scatter(x=t, y=y, name=name, showlegend=False), row=row, col=col)
        fig.update_xaxes(title_text="time from liftoff (s)", row=row, col=col)
    fig.update_yaxes(type="log", row=3, col=2)
    for e in traj.events:
        if e.name in ("max_q", "orbit_insertion", "fairing_jettison") or e.name.endswith(
            "separation"
        ):
            fig.add_vline(x=e.time, line_width=1, line_dash="dot", line_color="grey")
    fig.update_layout(
        title=f"{traj.vehicle_id} from {traj.site_id}, payload {traj.payload_mass:.0f} kg "
        f"(baiterek {traj.provenance.get('baiterek_version', '')})",
        height=1000,
    )
    return str(fig.to_html(include_plotlyjs=True, full_html=True))


def write_ascent_files(
    traj: Trajectory,
    out_dir: str | Path,
    result: dict[str, Any],
    *,
    pages: dict[str, tuple[str, str]] | None = None,
) -> dict[str, str]:
    """Write every file of an ascent into ``out_dir``; returns {kind: path}.

    ``pages``: more documents built by the caller, {kind: (file name, text)} (the map)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    frame = traj.to_frame()
    paths = {
        "trajectory_csv": out / "trajectory.csv",
        "trajectory_parquet": out / "trajectory.parquet",
        "events_csv": out / "events.csv",
        "plots_html": out / "ascent.html",
        "ground_track_geojson": out / "ground_track.geojson",
        "result_json": out / "result.json",
        **{kind: out / name for kind, (name, _) in (pages or {}).items()},
    }
    # build every document first, then write: an error leaves no partial set of new files
    csv_text = frame.to_csv(index=False, float_format="%.9g")
    events_text = traj.events_frame().to_csv(index=False)
    html = plots_html(traj)
    geo = json.dumps(ground_track_geojson(traj))
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"baiterek"] = json.dumps(traj.provenance).encode()
    table = table.replace_schema_metadata(meta)

    write_text_atomic(paths["trajectory_csv"], csv_text)
    write_atomic(paths["trajectory_parquet"], lambda p: pq.write_table(table, p))
    write_text_atomic(paths["events_csv"], events_text)
    write_text_atomic(paths["plots_html"], html)
    write_text_atomic(paths["ground_track_geojson"], geo)
    for kind, (_, text) in (pages or {}).items():
        write_text_atomic(paths[kind], text)
    names = {k: v.name for k, v in paths.items()}  # relative to the folder: it may move
    write_text_atomic(paths["result_json"], json.dumps({**result, "files": names}, indent=2))
    return {k: str(v) for k, v in paths.items()}
