"""Performance and margin: maximum payload, constraints, the payload curve around the target."""

from __future__ import annotations

from typing import Any

from baiterek.report._html import esc, figure, not_computed, num, section, table

TITLE = "Performance and margin"
SID = "performance"


def performance_section(perf: dict[str, Any] | None, reason: str | None = None) -> str:
    """The section from the analysis document's ``performance`` (Payload and Curve documents)."""
    if perf is None:
        return not_computed(SID, TITLE, reason)
    import plotly.graph_objects as go

    head = table(
        [
            ["maximum payload", num(perf["payload_kg"]), "kg"],
            ["spacecraft mass", num(perf["requested_payload_kg"]), "kg"],
            ["margin", num(perf["margin_kg"], "+,.1f"), "kg"],
            ["ascent profile", esc(str(perf["ascent_profile"]).replace("_", " ")), ""],
            ["active constraints", esc(", ".join(perf["active_constraints"] or []) or "none"), ""],
        ],
        ["Item", "Value", "Unit"],
    )
    cons = table(
        [[c["name"], num(c["value"], ",.2f"), num(c["limit"], ",.2f"), c["unit"],
          "active" if c["active"] else "", c["note"]] for c in perf["constraints"] or []],
        ["Constraint", "Value", "Limit", "Unit", "", "Note"],
    )  # fmt: skip
    body = head + "<h2>Constraints at the maximum payload</h2>" + cons
    body += "".join(f'<p class="note">{esc(n)}</p>' for n in perf["notes"] or [])
    curve = perf.get("curve") or []
    if curve:
        xkey = next(k for k in ("altitude_km", "apogee_km") if k in curve[0])
        fig = go.Figure(go.Scatter(
            x=[p[xkey] for p in curve], y=[p["payload_kg"] for p in curve],
            mode="lines+markers", name="maximum payload",
        ))  # fmt: skip
        if perf["requested_payload_kg"]:
            fig.add_hline(y=perf["requested_payload_kg"], line_dash="dash", line_color="crimson",
                          annotation_text="spacecraft mass")  # fmt: skip
        fig.update_layout(title="Maximum payload around the target orbit",
                          xaxis_title=xkey.replace("_km", " (km)"), yaxis_title="payload (kg)")  # fmt: skip
        body += "<h2>Payload curve</h2>" + figure(fig, "plot-performance-curve")
        cols = [k for k in (xkey, "perigee_km", "inclination_deg", "payload_kg",
                            "max_dynamic_pressure_kpa", "max_axial_load_g", "status") if k in curve[0]]  # fmt: skip
        spec = {"payload_kg": ",.0f", "max_dynamic_pressure_kpa": ".2f", "max_axial_load_g": ".2f"}
        body += table([[num(p.get(k), spec.get(k, ",.1f")) for k in cols] for p in curve], cols)
    return section(SID, TITLE, body)
