"""HTML pieces shared by the report's sections: escaping, tables, figures, section frames."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

FIGURE_WIDTH_PX = 720
"""Width of every figure: the printable width of an A4 page at 96 px/inch with 15 mm margins."""
FIGURE_HEIGHT_PX = 380
PLOT_CONFIG = {"displaylogo": False, "responsive": False}


def esc(value: Any) -> str:
    """Text for HTML (escaped; None as an em dash)."""
    return "&mdash;" if value is None else html.escape(str(value))


def num(value: Any, spec: str = ",.1f") -> str:
    """A number as text ('&mdash;' for None or NaN)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "&mdash;"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return esc(value)
    if isinstance(value, int) and spec == ",.1f":  # counts, seeds: no decimals
        return f"{value:,}"
    return format(value, spec)


def table(rows: Iterable[Sequence[Any]], header: Sequence[str], *, cls: str = "data") -> str:
    """An HTML table; cells already formatted (strings are escaped unless they start with '<')."""

    def cell(x: Any) -> str:
        s = x if isinstance(x, str) else num(x)
        return s if s.startswith(("<", "&")) else esc(s)

    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell(x)}</td>" for x in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def figure(fig: Any, div_id: str, *, height: int = FIGURE_HEIGHT_PX) -> str:
    """A plotly figure as a div (plotly.js is inlined once by the assembler), fixed size."""
    fig.update_layout(
        width=FIGURE_WIDTH_PX, height=height, margin={"l": 60, "r": 20, "t": 50, "b": 50},
        template="plotly_white",
    )  # fmt: skip
    text: str = fig.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOT_CONFIG
    )
    return f'<div class="figure">{text}</div>'


def section(sid: str, title: str, body: str) -> str:
    """A report section (starts a new printed page)."""
    return f'<section id="{sid}" class="section"><h1>{esc(title)}</h1>\n{body}\n</section>'


def not_computed(sid: str, title: str, reason: str | None) -> str:
    """The section of a result that was not computed, with the reason."""
    return section(
        sid, title, f'<p class="skipped">Not computed: {esc(reason or "no result")}.</p>'
    )


def bullet_list(items: Iterable[str]) -> str:
    lis = "".join(f"<li>{esc(x)}</li>" for x in items)
    return f"<ul>{lis}</ul>" if lis else "<p>None.</p>"
