"""The post-flight page (``postflight.html``): verdict, achieved orbit against target and
envelope, telemetry at the events and the overlay plot, provenance. Offline (plotly inlined).

A simple self-contained page in the sections-and-tables shape of the mission analysis report;
the report package of issue 13 (branch ``analyze``) was not in this branch's base, so its
section functions are not used yet. Nothing is computed here: it draws the result's document.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from baiterek.export.files import write_text_atomic

_CSS = """
body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #ccc;
padding: 4px 8px; text-align: right; } th:first-child, td:first-child { text-align: left; }
.ok { color: #1a7f37; font-weight: bold; } .bad { color: #b42318; font-weight: bold; }
.note { color: #555; font-size: 13px; }
"""


def _e(x: Any) -> str:
    return "&mdash;" if x is None else html.escape(str(x))


def _n(x: Any, spec: str) -> str:
    return "&mdash;" if x is None else format(x, spec)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def postflight_html(doc: dict[str, Any]) -> str:
    """The page as HTML text."""
    cls = "ok" if doc["within_envelope"] else "bad"
    parts = [f"<h1>Post-flight report: {_e(doc['mission'])}</h1>",
             f"<p>{_e(doc['vehicle'])} from {_e(doc['site'])}, launch "
             f"{_e(doc['launch_time_utc'])}, payload {_n(doc['payload_kg'], ',.0f')} kg.</p>",
             f"<p class='{cls}'>Verdict: {_e(doc['verdict'])}</p>"]  # fmt: skip
    a, env = doc["achieved"], doc["envelope"]
    parts.append("<h2>Achieved orbit against the target and the Monte Carlo envelope</h2>")
    parts.append(f"<p>Achieved orbit: {_e(a['kind'])} ({_e(a['source'])}"
                 f"{', epoch ' + _e(a['epoch_utc']) if a['epoch_utc'] else ''}). Envelope: "
                 f"{_e(env['source'])}; {_e(env['samples'])} samples, evaluator "
                 f"{_e(env['evaluator'])}.</p>")  # fmt: skip
    rows = [[_e(x["element"]), _n(x["achieved"], ".3f"), _n(x["target"], ".3f"),
             _n(x["error_to_target"], "+.3f"), _n(x["mean"], ".3f"), _n(x["sigma"], ".3g"),
             _n(x["deviation_sigma"], "+.2f")] for x in doc["elements"]]  # fmt: skip
    parts.append(_table(["element", "achieved", "target", "achieved - target", "envelope mean",
                         "envelope sigma", "deviation (sigma)"], rows))  # fmt: skip
    tel = doc["telemetry"]
    if tel is not None:
        parts.append("<h2>Trajectory against telemetry</h2>")
        parts.append(f"<p>{_e(tel['telemetry_file'])}: baiterek minus telemetry.</p>")
        rows = [[_e(e["name"]), _n(e["time_s"], ".1f"), _n(e["telemetry_time_s"], ".1f"),
                 _n(e["altitude_error_km"], "+.2f"), _n(e["altitude_error_pct"], "+.1f"),
                 _n(e["speed_error_m_s"], "+.0f"), _n(e["speed_error_pct"], "+.1f")]
                for e in tel["at_events"]]  # fmt: skip
        parts.append(_table(["event", "T+ (s)", "flown T+ (s)", "altitude (km)", "altitude (%)",
                             "speed (m/s)", "speed (%)"], rows))  # fmt: skip
        parts.append("<p><a href='compare.html'>The overlay plot (compare.html)</a>, written "
                     "beside this page.</p>")  # fmt: skip
    if doc["notes"]:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in doc["notes"])
                     + "</ul>")  # fmt: skip
    parts.append("<h2>Provenance</h2><pre class='note'>"
                 + _e(json.dumps(doc["provenance"], indent=2)) + "</pre>")  # fmt: skip
    body = "\n".join(parts)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Post-flight: "
            f"{_e(doc['mission'])}</title><style>{_CSS}</style></head><body>{body}"
            "</body></html>")  # fmt: skip


def write_postflight_files(doc: dict[str, Any], out_dir: str | Path) -> dict[str, str]:
    """Write ``postflight.html`` and ``postflight.json`` into out_dir."""
    out = Path(out_dir)
    files = {"postflight_html": out / "postflight.html", "postflight_json": out / "postflight.json"}
    write_text_atomic(files["postflight_html"], postflight_html(doc))
    write_text_atomic(files["postflight_json"], json.dumps(doc, indent=2))
    return {k: str(v) for k, v in files.items()}
