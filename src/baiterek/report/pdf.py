"""``report.pdf``: the report page printed by headless Chromium (Debian's ``chromium``).

Playwright drives it when installed (``pip install playwright``; never ``playwright install``:
the browser is the system's ``/usr/bin/chromium``): it waits until every plot is drawn, then
prints A4 with page numbers in the footer and the PDF outline (bookmarks) from the section
headings; with pypdf installed it reads the outline back, writes each section's page number into
the contents page and prints once more (the numbers do not move any page break). Without Playwright the Chromium command line prints it (``--print-to-pdf``, its own
page-number footer, ``--generate-pdf-document-outline``). Without Chromium no PDF is made and the
reason is returned (the HTML report stands alone).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120.0
FOOTER = ('<div style="font-size:8px; width:100%; text-align:center; color:#555;">'
          'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')  # fmt: skip


def chromium_path() -> str | None:
    """The Chromium executable (``BAITEREK_CHROMIUM`` or the first on the PATH), or None."""
    env = os.environ.get("BAITEREK_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in CHROMIUM_CANDIDATES:
        p = shutil.which(name)
        if p:
            return p
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _playwright(chromium: str, html: Path, pdf: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])  # fmt: skip
        try:
            page = browser.new_page()
            page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT_S * 1e3)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.js-plotly-plot')]"
                ".every(d => d.querySelector('.main-svg'))", timeout=TIMEOUT_S * 1e3)  # fmt: skip
            page.emulate_media(media="print")

            def print_once() -> None:
                page.pdf(path=str(pdf), format="A4", print_background=True,
                         display_header_footer=True, header_template="<span></span>",
                         footer_template=FOOTER, outline=True, tagged=True,
                         margin={"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                         prefer_css_page_size=True)  # fmt: skip

            print_once()
            numbers = section_pages(pdf)  # {heading: page}
            if numbers:  # the contents page gets the page numbers, then the final print
                page.evaluate(TOC_SCRIPT, numbers)
                print_once()
        finally:
            browser.close()


TOC_SCRIPT = """numbers => {
  for (const a of document.querySelectorAll('.toc a')) {
    const h = document.getElementById(a.getAttribute('href').slice(1)).querySelector('h1');
    const n = numbers[h.textContent];
    if (n === undefined) continue;
    const s = document.createElement('span');
    s.className = 'page'; s.textContent = String(n);
    a.parentElement.appendChild(s);
  }
}"""


def section_pages(pdf: Path) -> dict[str, int]:
    """{heading: first page (1-based)} of the PDF outline's top entries (one per section), read
    with pypdf when it is installed (else {}: the contents page keeps its links only)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return {}
    reader = PdfReader(pdf)
    out: dict[str, int] = {}
    for o in reader.outline:
        n = None if isinstance(o, list) else reader.get_destination_page_number(o)
        if n is not None and not isinstance(o, list):
            out[str(o.title)] = n + 1
    return out


def _command_line(chromium: str, html: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--generate-pdf-document-outline",
             "--virtual-time-budget=20000", f"--print-to-pdf={pdf}", html.as_uri()],
            check=True, capture_output=True, timeout=TIMEOUT_S,
        )  # fmt: skip


def print_pdf(html: Path, pdf: Path) -> tuple[bool, str]:
    """Print ``html`` to ``pdf``; (made, how or why not)."""
    chromium = chromium_path()
    if chromium is None:
        return False, "no Chromium found (set BAITEREK_CHROMIUM or install chromium): HTML only"
    try:
        import playwright  # noqa: F401
    except ImportError:
        how = "chromium --print-to-pdf"
        runner = _command_line
    else:
        how = "playwright with " + chromium
        runner = _playwright
    try:
        runner(chromium, html, pdf)
    except Exception as exc:  # a browser failure must not lose the analysis: say so, keep the HTML
        pdf.unlink(missing_ok=True)
        return False, f"printing with {how} failed: {type(exc).__name__}: {str(exc)[:300]}"
    return pdf.is_file(), how
