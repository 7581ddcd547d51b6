"""The one-page summary: verdict, margin, window, injection accuracy, zones, open issues."""

from __future__ import annotations

from typing import Any

from baiterek.report._html import bullet_list, esc, num, section, table

TITLE = "Summary"


def summary_section(doc: dict[str, Any]) -> str:
    """The summary page of an analysis document (``AnalysisResult.to_json()``)."""
    ok = doc["feasible"]
    verdict = (
        '<div class="verdict ok">FEASIBLE</div>'
        if ok
        else f'<div class="verdict no">NOT FEASIBLE</div><p class="why">{esc(doc["why_not"])}</p>'
    )
    if not ok and doc.get("what_would_work"):
        verdict += f'<p class="would">What would work: {esc(doc["what_would_work"]["text"])}.</p>'
    cust, sc = doc["customer"], doc["spacecraft"]
    target = doc["target"]
    orbit = (
        f"{num(target.get('perigee_km'), ',.0f')} x {num(target.get('apogee_km'), ',.0f')} km"
        if target.get("kind") == "elliptical"
        else f"{num(target.get('altitude_km'), ',.0f')} km {target.get('kind')}"
    )
    inc = target.get("inclination_deg")
    if inc is None and (doc.get("summary") or {}).get("insertion"):
        inc = doc["summary"]["insertion"]["inclination_deg"]  # sso: computed
    if inc is not None:
        orbit += f", {inc:.2f} deg"
    win = doc.get("window_request")
    if win:
        orbit += f"; {win}"
    head = table(
        [
            ["Customer", cust["name"] + (f" ({cust['reference']})" if cust.get("reference") else "")],
            ["Spacecraft", f"{sc['name']} ({sc['id']}), {num(sc['mass_kg'], ',.0f')} kg, {sc['dimensions_class']} class"],
            ["Launcher", f"{doc['vehicle_name']} from {doc['site']}" + (f" with {doc['upper_stage']}" if doc.get("upper_stage") else "")],
            ["Target orbit", orbit],
            ["Analysis", f"{doc['kind']} mission analysis"],
        ],
        ["", ""],
        cls="cover",
    )  # fmt: skip
    rows = []
    for r in doc["summary_table"]:
        v = r["value"]
        spec = ",.4f" if r["unit"] == "deg" else (",.2f" if r["unit"] == "km" else ",.0f")
        rows.append([r["item"], num(v, spec) if isinstance(v, (int, float)) else esc(v), r["unit"]])
    return section(
        "summary",
        TITLE,
        head + verdict + table(rows, ["Item", "Value", "Unit"])
        + "<h2>Open issues</h2>" + bullet_list(doc["open_issues"])
        + "<h2>Assumptions</h2>" + bullet_list(doc["assumptions"]),
    )  # fmt: skip
