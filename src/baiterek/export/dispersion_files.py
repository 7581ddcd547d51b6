"""Files of a Monte Carlo: all samples (Parquet, provenance in its metadata), the JSON document, an HTML page.

The page is plotly offline (the library inlined): histograms of the injection outputs and of the
cutoff time and propellant margin, a perigee-apogee scatter, a map (plain longitude/latitude axes,
so nothing is fetched) of the impact points of every jettisoned body with its 99 % ellipse and empirical contour, and the sensitivity table. At most
``MAX_POINTS`` samples are drawn in the scatter plots (every k-th by index), all in the histograms.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from baiterek.serialize import to_jsonable

if TYPE_CHECKING:
    from baiterek.dispersion.analysis import DispersionAnalysis

MAX_POINTS = 5000


def write_dispersion_files(analysis: DispersionAnalysis, out_dir: str | Path) -> dict[str, Path]:
    """Write ``samples.parquet``, ``dispersion.json`` and ``dispersion.html`` into out_dir."""
    from baiterek.dispersion.checkpoint import write_parquet

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    r = analysis.result
    meta = {
        **dict(r.provenance),
        "samples": r.n,
        "evaluator": analysis.document.get("evaluator", ""),
        "dispersions": analysis.spec.to_dict(),
    }
    files = {
        "samples": write_parquet(
            out / "samples.parquet", r.sample_index, r.inputs, r.input_names, r.outputs, meta
        ),
    }
    _atomic(out / "dispersion.json", json.dumps(to_jsonable(analysis.document), indent=2))
    files["json"] = out / "dispersion.json"
    _atomic(out / "dispersion.html", page(analysis))
    files["html"] = out / "dispersion.html"
    return files


def page(analysis: DispersionAnalysis) -> str:
    """The HTML page of a Monte Carlo (a string)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    r, doc = analysis.result, analysis.document
    o = r.outputs
    ok = np.asarray(o.get("status", np.zeros(r.n))) == 0
    keys = [k for k in ("perigee_km", "apogee_km", "inclination_deg", "raan_deg",
                        "cutoff_time_s", "propellant_margin_kg") if k in o]  # fmt: skip
    hist = make_subplots(rows=2, cols=3, subplot_titles=keys)
    for j, k in enumerate(keys):
        hist.add_trace(
            go.Histogram(x=o[k][ok], nbinsx=60, name=k, showlegend=False),
            row=j // 3 + 1,
            col=j % 3 + 1,
        )
    hist.update_layout(
        height=560,
        template="plotly_white",
        title="Distributions (samples cut off at the target energy)",
    )
    step = max(1, r.n // MAX_POINTS)
    sel = np.flatnonzero(ok)[::step]
    scat = go.Figure(go.Scattergl(x=o["perigee_km"][sel], y=o["apogee_km"][sel], mode="markers",
                                  marker={"size": 3, "opacity": 0.5}, name="samples"))  # fmt: skip
    scat.update_layout(height=460, template="plotly_white", title="Perigee vs apogee",
                       xaxis_title="perigee, km", yaxis_title="apogee, km")  # fmt: skip
    geo = go.Figure()
    for b in doc.get("bodies", []):
        name = b["name"]
        lat = o[f"body.{name}.latitude_deg"][::step]
        lon = o[f"body.{name}.longitude_deg"][::step]
        geo.add_trace(
            go.Scattergl(y=lat, x=lon, mode="markers", marker={"size": 3}, name=f"{name} impacts")
        )
        for e in b["footprint"]["ellipses"]:
            if e["coverage"] == 0.99:
                from baiterek.dispersion.footprint import footprint

                fp = footprint(
                    o[f"body.{name}.latitude_deg"],
                    o[f"body.{name}.longitude_deg"],
                    coverages=(0.99,),
                )
                el = fp.ellipses[0]
                geo.add_trace(go.Scatter(y=np.append(el.polygon_lat_deg, el.polygon_lat_deg[0]),
                                         x=np.append(el.polygon_lon_deg, el.polygon_lon_deg[0]),
                                            mode="lines", name=f"{name} 99 % ellipse"))  # fmt: skip
                if fp.contours:
                    _, cl, cn = fp.contours[0]
                    geo.add_trace(go.Scatter(y=cl, x=cn, mode="lines", line={"dash": "dot"},
                                                name=f"{name} 99 % empirical"))  # fmt: skip
    # plain lon/lat axes at the local scale (a geo trace would fetch its base map from a CDN)
    lat_mid = float(
        np.nanmean([b["impact_latitude_deg"]["mean"] for b in doc.get("bodies", [])] or [0.0])
    )
    geo.update_yaxes(
        scaleanchor="x",
        scaleratio=1.0 / max(np.cos(np.radians(lat_mid)), 0.1),
        title="latitude, deg",
    )
    geo.update_xaxes(title="longitude, deg")
    geo.update_layout(height=560, title="Impact points of the jettisoned bodies (99 % ellipses, empirical contours)",
                      template="plotly_white")  # fmt: skip
    parts = [
        hist.to_html(include_plotlyjs=True, full_html=False),
        scat.to_html(include_plotlyjs=False, full_html=False),
        geo.to_html(include_plotlyjs=False, full_html=False),
    ]
    return _frame(doc, parts)


def _frame(doc: dict[str, Any], parts: list[str]) -> str:
    e = html.escape
    rows = []
    for k, s in {**doc.get("injection", {}), **doc.get("performance", {})}.items():
        b = s["bound_9973_95"]
        bound = (
            f"N &lt; {b['n_required']}"
            if b["lower"] is None
            else f"{b['lower']:.5g} .. {b['upper']:.5g}"
        )
        rows.append(f"<tr><td>{e(k)}</td><td>{s['mean']:.6g}</td><td>{s['sigma']:.3g}</td>"
                    f"<td>{s['three_sigma']:.3g}</td><td>{bound}</td></tr>")  # fmt: skip
    sens = []
    for k, s in doc.get("sensitivity", {}).items():
        top = ", ".join(
            f"{e(n)} {100 * v:.0f} %" for n, v in list(s["shares"].items())[:3] if v >= 0.005
        )
        sens.append(f"<tr><td>{e(k)}</td><td>{s['r2']:.3f}</td><td>{top}</td></tr>")
    lo, hi = doc["success_fraction_ci_95"]
    prov = doc.get("provenance", {})
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Monte Carlo: {e(str(doc.get("mission", "")))}</title>
<style>body{{font-family:sans-serif;margin:1.5em;color:#222}}table{{border-collapse:collapse;margin:.6em 0}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child{{text-align:left}}
.note{{color:#a33}}</style></head><body>
<h1>Monte Carlo: {e(str(doc.get("mission", "")))}</h1>
<p>{doc["samples"]} samples, root seed {doc["seed"]}; reached orbit {doc["success_fraction"]:.4f}
(Clopper-Pearson 95 %: {lo:.4f} .. {hi:.4f}, decided on N = {doc["samples"]}).
Evaluator: <span class="note">{e(str(doc.get("evaluator", "")))}</span>.
baiterek {e(str(prov.get("baiterek_version", "")))}, mission SHA-256 {e(str(prov.get("mission_sha256", ""))[:16])}...</p>
<h2>Injection accuracy</h2>
<table><tr><th>output</th><th>mean</th><th>1 sigma</th><th>3 sigma</th><th>99.73 % / 95 % bounds</th></tr>
{"".join(rows)}</table>
{parts[0]}{parts[1]}{parts[2]}
<h2>Sensitivity (share of each input in the variance, standardised regression)</h2>
<table><tr><th>output</th><th>R&sup2;</th><th>largest shares</th></tr>{"".join(sens)}</table>
</body></html>"""


def _atomic(path: Path, text: str) -> None:
    import os

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
