"""The Monte Carlo page renders offline in headless Chromium (issue 12, done item: the page renders)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from baiterek.dispersion.analysis import monte_carlo
from baiterek.export.dispersion_files import write_dispersion_files

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no headless Chromium on this machine")
def test_page_renders_in_headless_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    a = monte_carlo(ROOT / "examples" / "soyuz-2.1b-progress-iss.toml", 800, 2, backend="serial")
    files = write_dispersion_files(a, tmp_path)
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(files["html"].as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        n_plots = page.locator(".js-plotly-plot").count()
        n_traces = page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')].map(d => d._fullData.length)"
        )
        n_bars = page.locator(".bars path").count()  # histogram bars drawn
        n_lines = page.locator(".scatterlayer .trace path.js-line").count()  # ellipses, contours
        page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
        browser.close()
    assert not errors
    assert all(u.startswith("file://") for u in requests), requests  # offline: nothing fetched
    assert n_plots == 3 and n_traces[0] == 6 and n_traces[2] == 3 * 4, n_traces
    assert n_bars > 100 and n_lines >= 8, (n_bars, n_lines)
    assert (tmp_path / "page.png").stat().st_size > 50_000
