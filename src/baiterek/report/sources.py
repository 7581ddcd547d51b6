"""Vehicle data with their sources and grades; calibration against prediction; provenance."""

from __future__ import annotations

from typing import Any

from baiterek.report._html import esc, num, section, table

GRADES = ("[P] primary, [S] secondary, [C] compiled, [D] derived, [U] unverified (an assumption); "
          "A/B/C/U in graded tables")  # fmt: skip


def vehicle_data_section(rows: list[dict[str, Any]]) -> str:
    """The section of the document's ``vehicle_data`` (item, grades, source)."""
    tab = table([[r["item"], " ".join(r["grades"]) or "&mdash;", r["source"]] for r in rows],
                ["Data", "Grade", "Source"], cls="data small")  # fmt: skip
    return section("vehicle-data", "Vehicle data: sources and grades",
                   f'<p class="note">Grades: {esc(GRADES)}.</p>' + tab)  # fmt: skip


def calibration_section(cal: dict[str, Any]) -> str:
    """The section of the document's ``calibration`` (what was fitted, events published vs flown)."""
    ev = table(
        [[e["name"], num(e["published_s"], ".1f"), num(e["predicted_s"], ".1f"),
          num(e["miss_s"], "+.1f"), e["source"]] for e in cal["published_events"]],
        ["Event", "Published (s)", "Predicted (s)", "Miss (s)", "Source"], cls="data small",
    )  # fmt: skip
    body = (f"<h2>Calibrated</h2><p>{esc(cal['calibration'])}</p>"
            "<h2>Predicted against published</h2>"
            "<p>Everything else in this report is a prediction of the model from the graded data "
            "above; where a published figure exists, the flight is compared with it here. An event "
            "the catalog fixes (a stage's burn time, a separation delay) agrees by construction and "
            "proves nothing.</p>" + ev)  # fmt: skip
    return section("calibration", "Calibration versus prediction", body)


def provenance_section(doc: dict[str, Any]) -> str:
    """The section of the document's ``provenance`` and stage times."""
    p = doc["provenance"]
    eo = p.get("earth_orientation") or {}
    rows = [["baiterek version", p.get("baiterek_version")],
            ["mission file", doc["mission_file"]],
            ["input SHA-256 (mission file bytes)", f"<code>{esc(p.get('input_sha256'))}</code>"],
            ["Monte Carlo seed", p.get("seed")],
            ["created (UTC)", p.get("created_utc")],
            ["Earth-orientation data", f"{esc(eo.get('table'))}, {esc(eo.get('library'))}; last day "
             f"{esc(eo.get('table_last_day_utc'))}"]]  # fmt: skip
    times = table([[k, num(v, ".2f")] for k, v in doc["stage_times_s"].items()],
                  ["Stage", "Wall time (s)"])  # fmt: skip
    return section(
        "provenance", "Provenance", table(rows, ["Item", "Value"]) + "<h2>Stages</h2>" + times
    )
