"""The report page: the one-page summary, the contents, then one section per deliverable.

One self-contained offline file: plotly.js inlined once in the head, the Natural Earth basemap
of the map inlined before it (plotly.js looks in ``window.PlotlyGeoAssets`` before its CDN), no
other script, style or font fetched. Every section starts a printed page (CSS ``break-before``),
and the footer of the print carries the page numbers (``report.pdf``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from baiterek.export.safety_map import basemap_script
from baiterek.report._html import esc
from baiterek.report.accuracy import accuracy_section
from baiterek.report.coverage import coverage_section
from baiterek.report.orbit import orbit_section
from baiterek.report.performance import performance_section
from baiterek.report.safety import safety_section
from baiterek.report.separation import separation_section
from baiterek.report.sources import calibration_section, provenance_section, vehicle_data_section
from baiterek.report.summary import summary_section
from baiterek.report.trajectory import trajectory_section
from baiterek.report.windows import windows_section

CSS = """
@page { size: A4; margin: 15mm 15mm 18mm 15mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111;
       max-width: 760px; margin: 0 auto; padding: 12px; font-variant-ligatures: none; }
h1 { font-size: 17pt; border-bottom: 2px solid #234; padding-bottom: 4px; margin-top: 0; }
h2 { font-size: 12.5pt; margin: 14px 0 6px; }
.section { break-before: page; padding-top: 6px; }
#summary { break-before: auto; }
table { border-collapse: collapse; margin: 6px 0 10px; width: 100%; }
th, td { border: 1px solid #ccc; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
table.small { font-size: 8pt; }
table.cover td:first-child { font-weight: bold; width: 24%; }
table.cover th { display: none; }
.verdict { font-size: 20pt; font-weight: bold; padding: 8px 12px; margin: 10px 0; color: white; }
.verdict.ok { background: #2a7a3b; } .verdict.no { background: #b3261e; }
.note { color: #444; font-size: 9pt; } .skipped { color: #b3261e; }
.figure { margin: 8px 0; break-inside: avoid; }
pre.tle { font-size: 9pt; background: #f6f6f6; padding: 6px; }
.toc a { text-decoration: none; color: #123; } .toc li { margin: 3px 0; display: flex; }
.toc li a { flex: 1; } .toc .page { min-width: 3em; text-align: right; }
.title { font-size: 22pt; font-weight: bold; margin: 0 0 4px; }
.subtitle { color: #444; margin-bottom: 8px; }
"""


def _plotly_script() -> str:
    from plotly.offline import get_plotlyjs

    return f'<script type="text/javascript">{get_plotlyjs()}</script>'


def sections_html(r: Any, files: Mapping[str, str]) -> list[str]:
    """Every section of an ``AnalysisResult`` (``baiterek._api.analyze``), in report order."""
    doc = r.to_json()
    why = r.skipped.get
    return [
        summary_section(doc),
        performance_section(doc["performance"], why("payload")),
        trajectory_section(r.flight, doc["trajectory"], why("flight")),
        accuracy_section(r.dispersion, why("dispersion")),
        separation_section(r.separation, why("separation")),
        windows_section(r.windows, why("windows")),
        safety_section(r.safety, why("safety")),
        coverage_section(r.visibility, why("visibility")),
        orbit_section(r.orbit, files, why("orbit")),
        vehicle_data_section(doc["vehicle_data"]),
        calibration_section(doc["calibration"]),
        provenance_section(doc),
    ]


def _toc(parts: list[str]) -> str:
    items = []
    for n, part in enumerate(parts, start=1):
        m = re.search(r'<section id="([^"]+)"[^>]*><h1>([^<]*)</h1>', part)
        if m:
            items.append(f'<li><a href="#{m.group(1)}">{n}. {m.group(2)}</a></li>')
    return ('<section id="contents" class="section"><h1>Contents</h1><ol class="toc" '
            f'style="list-style: none; padding-left: 0">{"".join(items)}</ol></section>')  # fmt: skip


def page_html(title: str, subtitle: str, parts: list[str], *, basemap: bool = False) -> str:
    """A report page: the title block on the first section, the contents after it, then the
    other sections; plotly.js inlined once (and the map's basemap when ``basemap``)."""
    head = f'<div class="title">{esc(title)}</div><div class="subtitle">{subtitle}</div>'
    body = (
        parts[0].replace("<h1>", head + "<h1>", 1)
        + "\n"
        + _toc(parts)
        + "\n"
        + "\n".join(parts[1:])
    )
    scripts = (basemap_script() if basemap else "") + _plotly_script()
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{CSS}</style>{scripts}"
        f"</head><body>\n{body}\n</body></html>\n"
    )


def report_html(r: Any, files: Mapping[str, str]) -> str:
    """The whole report page of an ``AnalysisResult``; ``files``: {name: what} of the folder."""
    doc = r.to_json()
    title = f"{doc['kind'].capitalize()} mission analysis: {doc['mission']}"
    subtitle = (f"{esc(doc['customer']['name'])} &middot; baiterek "
                f"{esc(doc['provenance'].get('baiterek_version'))} &middot; "
                f"{esc(doc['provenance'].get('created_utc'))}")  # fmt: skip
    return page_html(title, subtitle, sections_html(r, files), basemap=True)
