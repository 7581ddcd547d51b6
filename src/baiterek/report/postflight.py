"""The post-flight report (``postflight.html``, printed to ``postflight.pdf``): the third report a
provider owes its customer, in the format of the mission analysis report (its CSS, title block,
contents, one printed page per section, plotly inlined once, offline).

Sections: the verdict and the flight; the achieved orbit against the target and against the
Monte Carlo envelope (each element's deviation in sigma, with a figure); the trajectory against
telemetry (events table and overlay figure) when a table was given; notes; provenance. Nothing is
computed here: it draws a ``PostFlight`` document (``baiterek._api.postflight``) and, for the
overlay, the document of its ``TelemetryComparison``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from baiterek.report._html import bullet_list, esc, figure, num, section, table
from baiterek.report.assemble import page_html


def _verdict(doc: Mapping[str, Any]) -> str:
    if doc["within_envelope"]:
        return '<div class="verdict ok">WITHIN THE ENVELOPE</div>'
    return (f'<div class="verdict no">OUTSIDE THE ENVELOPE</div><p class="why">'
            f'{esc(doc["verdict"])}</p>')  # fmt: skip


def flight_section(doc: Mapping[str, Any], files: Mapping[str, str]) -> str:
    """The first page: what flew, the verdict and the files of the folder."""
    a, env, t = doc["achieved"], doc["envelope"], doc["target"]
    epoch = f", epoch {a['epoch_utc']}" if a.get("epoch_utc") else ""
    head = table(
        [
            ["Flight", doc["mission"]],
            ["Launcher", f"{doc['vehicle']} from {doc['site']}"],
            ["Launch", doc["launch_time_utc"]],
            ["Payload", f"{num(doc['payload_kg'], ',.0f')} kg"],
            ["Target orbit", f"{num(t['perigee_km'], ',.1f')} x {num(t['apogee_km'], ',.1f')} km, "
                             f"{num(t['inclination_deg'], '.3f')} deg"],
            ["Achieved orbit", f"{num(a['perigee_km'], ',.1f')} x {num(a['apogee_km'], ',.1f')} km, "
                               f"{num(a['inclination_deg'], '.3f')} deg ({a['source']}{epoch})"],
            ["Envelope", f"{env['source']}; {num(env['samples'])} samples; {env['evaluator']}"],
        ],
        ["", ""],
        cls="cover",
    )  # fmt: skip
    listing = table([[name, what] for name, what in files.items()], ["File", "What it is"],
                    cls="small")  # fmt: skip
    return section("summary", "Summary", head + _verdict(doc) + "<h2>Files</h2>" + listing)


def _deviation_figure(doc: Mapping[str, Any]) -> str:
    import plotly.graph_objects as go

    els = [e for e in doc["elements"] if e["deviation_sigma"] is not None]
    lim = float(doc["limit_sigma"])
    names = [e["element"] for e in els]
    dev = [float(e["deviation_sigma"]) for e in els]
    colors = ["#2a7a3b" if abs(d) <= lim else "#b3261e" for d in dev]
    fig = go.Figure(go.Bar(x=dev, y=names, orientation="h", marker_color=colors,
                           text=[f"{d:+.2f}" for d in dev], textposition="auto"))  # fmt: skip
    for x in (-lim, lim):
        fig.add_vline(x=x, line_dash="dash", line_color="#555")
    fig.update_layout(
        title=f"Achieved minus envelope mean, in envelope sigmas (dashed: +/-{lim:g} sigma)",
        xaxis_title="deviation (sigma)", showlegend=False,
    )  # fmt: skip
    return figure(fig, "postflight-deviation", height=300)


def orbit_section(doc: Mapping[str, Any]) -> str:
    """Achieved orbit against target and envelope: the table and the deviation figure."""
    rows = [
        [e["element"], num(e["achieved"], ".3f"), num(e["target"], ".3f"),
         num(e["error_to_target"], "+.3f"), num(e["mean"], ".3f"), num(e["sigma"], ".3g"),
         num(e["deviation_sigma"], "+.2f")]
        for e in doc["elements"]
    ]  # fmt: skip
    body = table(rows, ["Element", "Achieved", "Target", "Achieved - target", "Envelope mean",
                        "Envelope sigma", "Deviation (sigma)"])  # fmt: skip
    body += (f'<p class="note">Deviation = (achieved - envelope mean) / envelope sigma; the verdict '
             f"asks every element within {num(doc['limit_sigma'], 'g')} sigma. Apsides are heights "
             "above the equatorial radius (6,378.137 km).</p>")  # fmt: skip
    return section("orbit", "Achieved orbit against target and envelope",
                   body + _deviation_figure(doc))  # fmt: skip


def _overlay_figure(tel: Mapping[str, Any]) -> str:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    s = tel["samples"]
    t = [r["time_s"] for r in s]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for row, key, unit in ((1, "altitude_km", "altitude, km"), (2, "speed_m_s", "speed, m/s")):
        fig.add_trace(go.Scatter(x=t, y=[r[key] for r in s], name=f"baiterek {unit}",
                                 line={"color": "#1f4e9c"}), row=row, col=1)  # fmt: skip
        fig.add_trace(go.Scatter(x=t, y=[r[f"telemetry_{key}"] for r in s], mode="markers",
                                 name=f"telemetry {unit}", marker={"color": "#c0392b", "size": 5}),
                      row=row, col=1)  # fmt: skip
        fig.update_yaxes(title_text=unit, row=row, col=1)
    fig.update_xaxes(title_text="time from liftoff, s", row=2, col=1)
    fig.update_layout(title="Trajectory against telemetry (speed Earth-relative, altitude "
                      "geodetic)", legend={"orientation": "h", "y": -0.15})  # fmt: skip
    return figure(fig, "postflight-telemetry", height=520)


def telemetry_section(doc: Mapping[str, Any], tel: Mapping[str, Any] | None) -> str:
    """The trajectory against telemetry, or why there is none."""
    if tel is None:
        return section("telemetry", "Trajectory against telemetry",
                       '<p class="skipped">Not computed: no telemetry table was given '
                       "(--telemetry).</p>")  # fmt: skip
    rows = [
        [e["name"], num(e["time_s"], ".1f"), num(e["telemetry_time_s"], ".1f"),
         num(e["altitude_error_km"], "+.2f"), num(e["altitude_error_pct"], "+.1f"),
         num(e["speed_error_m_s"], "+.0f"), num(e["speed_error_pct"], "+.1f")]
        for e in tel["at_events"]
    ]  # fmt: skip
    body = (f"<p>{esc(tel['telemetry_file'])}: baiterek minus telemetry, percent of the "
            "telemetry value.</p>")  # fmt: skip
    body += table(rows, ["Event", "T+ (s)", "Flown T+ (s)", "Altitude (km)", "Altitude (%)",
                         "Speed (m/s)", "Speed (%)"])  # fmt: skip
    if tel.get("notes"):  # an event without its own telemetry row: its value is biased
        body += '<p class="note">' + "<br>".join(esc(n) for n in tel["notes"]) + "</p>"
    return section("telemetry", "Trajectory against telemetry", body + _overlay_figure(tel))


def provenance_section(doc: Mapping[str, Any]) -> str:
    notes = "<h2>Notes</h2>" + bullet_list(doc["notes"])
    prov = f'<pre class="tle">{esc(json.dumps(doc["provenance"], indent=2))}</pre>'
    return section("provenance", "Notes and provenance", notes + "<h2>Provenance</h2>" + prov)


def postflight_html(
    doc: Mapping[str, Any], files: Mapping[str, str], telemetry: Mapping[str, Any] | None = None
) -> str:
    """The whole post-flight report page. ``doc``: ``PostFlight.to_json()``; ``files``:
    {name: what} of the folder; ``telemetry``: the ``TelemetryComparison`` document or None."""
    parts = [flight_section(doc, files), orbit_section(doc), telemetry_section(doc, telemetry),
             provenance_section(doc)]  # fmt: skip
    prov = doc["provenance"]
    subtitle = (f"baiterek {esc(prov.get('baiterek_version'))} &middot; "
                f"{esc(prov.get('created_utc'))}")  # fmt: skip
    return page_html(f"Post-flight report: {doc['mission']}", subtitle, parts)
