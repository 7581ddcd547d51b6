"""Orbit products and handover files: the injected orbit, the TLE and the files delivered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baiterek.report._html import esc, not_computed, num, section, table

TITLE = "Orbit products and handover files"
SID = "orbit"


def orbit_section(orbit: Any, files: Mapping[str, str], reason: str | None = None) -> str:
    """The section of an ``OrbitProducts`` result and the handover files ({name: what})."""
    listing = "<h2>Files in this folder</h2>" + table(
        [[f"<code>{esc(n)}</code>", w] for n, w in sorted(files.items())], ["File", "What"]
    )
    if orbit is None:
        return not_computed(SID, TITLE, reason).replace("</section>", listing + "</section>")
    d = orbit.to_json()
    o, t = d["osculating"], d["tle"]
    head = table(
        [["epoch (separation)", d["epoch_utc"], "UTC"],
         ["perigee x apogee", f"{o['perigee_km']:.2f} x {o['apogee_km']:.2f}", "km"],
         ["inclination", num(o["inclination_deg"], ".4f"), "deg"],
         ["RAAN", num(o["raan_deg"], ".4f"), f"deg ({o['frame']})"],
         ["period", num(o["period_min"], ".3f"), "min"],
         ["TLE fit", f"RMS {t['fit_rms_km']:.3f}, max {t['fit_max_km']:.3f}", "km"]],
        ["Item", "Value", "Unit"],
    )  # fmt: skip
    tle = f'<pre class="tle">{esc(t["line1"])}\n{esc(t["line2"])}</pre>'
    return section(SID, TITLE, head + tle + listing)
