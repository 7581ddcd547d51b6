"""Injection accuracy: the Monte Carlo's 1 and 3 sigma of the orbit and the dispersion scatter."""

from __future__ import annotations

from typing import Any

import numpy as np

from baiterek.report._html import esc, figure, not_computed, num, section, table

TITLE = "Injection accuracy"
SID = "accuracy"


def accuracy_section(disp: Any, reason: str | None = None) -> str:
    """The section of a ``Dispersion`` (its document and the samples' outputs)."""
    if disp is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    d = disp.to_json()
    out = disp.analysis.result.outputs
    status = np.asarray(out.get("status", np.zeros(disp.analysis.result.n)))
    ok = status == 0
    fig = make_subplots(rows=1, cols=2, subplot_titles=("perigee vs apogee altitude (km)",
                                                        "inclination (deg) vs RAAN (deg)"))  # fmt: skip
    fig.add_trace(go.Scatter(x=np.asarray(out["perigee_km"])[ok], y=np.asarray(out["apogee_km"])[ok],
                             mode="markers", marker={"size": 4}, name="samples"), 1, 1)  # fmt: skip
    fig.add_trace(go.Scatter(x=np.asarray(out["raan_deg"])[ok], y=np.asarray(out["inclination_deg"])[ok],
                             mode="markers", marker={"size": 4}, name="samples ", showlegend=False), 1, 2)  # fmt: skip
    fig.update_xaxes(title_text="perigee (km)", row=1, col=1)
    fig.update_yaxes(title_text="apogee (km)", row=1, col=1)
    fig.update_xaxes(title_text="RAAN (deg)", row=1, col=2)
    fig.update_yaxes(title_text="inclination (deg)", row=1, col=2)
    fig.update_layout(title=f"Injection dispersion, {d['samples']} samples (cut off at the target energy)",
                      showlegend=False)  # fmt: skip
    rows = []
    for k, st in (d["injection"] or {}).items():
        b = st.get("bound_9973_95") or {}
        if b.get("lower") is None:
            bound = f"needs {b['n_required']:,} samples" if b.get("n_required") else "&mdash;"
        else:
            bound = f"{num(b['lower'], ',.6g')} to {num(b['upper'], ',.6g')}"
        rows.append([k, num(st["mean"], ",.4f"), num(st["sigma"], ",.4g"),
                     num(st["three_sigma"], ",.4g"), bound])  # fmt: skip
    ci = d.get("success_fraction_ci_95") or [None, None]
    head = table(
        [["samples", d["samples"]], ["seed", d["seed"]], ["evaluator", esc(d["evaluator"])],
         ["success fraction", f"{num(d['success_fraction'], '.4f')} (95 % interval {num(ci[0], '.4f')} to {num(ci[1], '.4f')})"]],
        ["Item", "Value"],
    )  # fmt: skip
    body = (
        head
        + table(rows, ["Output", "Mean", "1 sigma", "3 sigma", "99.73 % of cases, 95 % confidence"])
        + figure(fig, "plot-dispersion")
    )
    if d.get("failures"):
        body += "<h2>Samples that did not reach the target</h2>" + table(
            [[k, v] for k, v in d["failures"].items()], ["Reason", "Samples"])  # fmt: skip
    return section(SID, TITLE, body)
