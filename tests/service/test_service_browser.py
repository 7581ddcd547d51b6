"""The pages in a real browser: Playwright driving Debian's Chromium (``executable_path``, never
``playwright install``) against the service on 127.0.0.1 (uvicorn and its worker, subprocesses).

The public page answers Sunkar, 5,000 kg to a 500 km SSO with the margin of
``baiterek.api.max_payload`` (the reference: the same computation through the API), draws the
zones and the tracks on the map, and a formal-quote request lands in the database; the analyst
page books a pad slot and shows the conflict when a second launch breaks the turnaround.
Screenshots are kept in ``tests/service/artifacts/`` (git-ignored; the test prints the paths)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from baiterek import api
from baiterek.service.book import SYSTEM, create_user, issue_token
from baiterek.service.db import (
    IMMEDIATE,
    Customer,
    LaunchRequest,
    engine_for,
    session_factory,
)

sys.path.insert(0, str(Path(__file__).parent))
from live_server import ARTIFACTS, live_service, sqlite_url  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp("web")
    with live_service(data) as base:
        yield base, data


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _status(page: Any) -> str:
    return " | ".join(page.inner_text(f"#{i}") for i in ("verdict", "map-status", "acc-status"))


def _shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_public_page_feasibility_map_and_quote_request(
    site: tuple[str, Path], browser: Any
) -> None:
    base, data = site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: errors.append("external " + r.url) if not r.url.startswith(base) else None,
    )
    page.goto(base + "/")
    page.fill("#payload_kg", "5000")
    page.select_option("#orbit", "sso")
    page.fill("#altitude_km", "500")
    page.fill("#date", "2027-03-01")
    page.click("#check")
    page.wait_for_function("document.querySelector('#verdict').textContent.startsWith('Feasible')",
                           timeout=60_000)  # fmt: skip
    ref = api.max_payload(vehicle="sunkar", site="baikonur-45-1", altitude_km=500, sso=True,
                          payload_kg=5000)  # fmt: skip
    verdict = page.inner_text("#verdict")
    print(f"page: {verdict!r}; api margin {ref.margin_kg} kg")
    assert float(page.get_attribute("#answer", "data-margin") or "nan") == ref.margin_kg
    assert f"+{ref.margin_kg:,.0f} kg" in verdict
    assert "payload_kg=5000" in page.url  # the shareable URL
    page.wait_for_selector("#price tbody tr", timeout=30_000)
    assert "Total" in page.inner_text("#price")
    page.wait_for_selector("#opps li", timeout=60_000)
    assert page.get_attribute("#ics", "href", timeout=5_000).startswith("/opportunities/")

    try:
        page.wait_for_selector("#map[data-drawn='1']", timeout=180_000)  # the safety job, drawn
        page.wait_for_function("document.querySelectorAll('#accuracy tbody tr').length >= 3",
                               timeout=180_000)  # fmt: skip
    except Exception as e:
        _shot(page, "public-timeout.png")
        raise AssertionError(f"page state: {_status(page)}") from e
    zones = int(page.get_attribute("#map", "data-zones") or 0)
    tracks = int(page.get_attribute("#map", "data-tracks") or 0)
    lines = page.eval_on_selector_all("#map .scattergeo path.js-line", "els => els.length")
    print(f"map: {zones} zones, {tracks} tracks, {lines} drawn lines")
    assert zones >= 1 and tracks == 2 and lines >= zones + tracks
    _shot(page, "public-sunkar-5t-sso-500km.png")

    page.fill("#q-org", "Steppe Orbital LLP")
    page.fill("#q-email", "ops@steppe.example")
    page.fill("#q-sc", "Steppe-1")
    page.click("#q-submit")
    page.wait_for_function("document.querySelector('#q-result').dataset.requestId", timeout=30_000)
    rid = int(page.get_attribute("#q-result", "data-request-id") or 0)
    with session_factory(sqlite_url(data))() as s:
        req = s.get(LaunchRequest, rid)
        assert req is not None and req.mass_kg == 5000 and req.orbit_class.value == "sso"
        assert (
            s.scalars(select(Customer).where(Customer.id == req.customer_id)).one().name
            == "Steppe Orbital LLP"
        )
    _shot(page, "public-quote-requested.png")
    assert not errors, errors  # no script error, nothing fetched from outside the service


def test_analyst_books_the_pad_and_sees_the_turnaround_conflict(
    site: tuple[str, Path], browser: Any
) -> None:
    base, data = site
    writes = engine_for(sqlite_url(data)).execution_options(**IMMEDIATE)  # the worker writes too
    with session_factory(writes).begin() as s:
        user = create_user(s, SYSTEM, name="analyst-browser", role="analyst")
        token = issue_token(s, SYSTEM, user.id)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(base + "/analyst")
    page.fill("#token", token)
    page.click("#token-save")
    page.wait_for_function("document.querySelector('#whoami').textContent.includes('analyst')")
    page.click("button[data-tab='pads']")
    page.wait_for_selector("#bk-pad option[value='baikonur-45-1']", state="attached")
    page.select_option("#bk-pad", "baikonur-45-1")
    page.select_option("#bk-activity", "launch")
    page.fill("#bk-start", "2028-06-01T06:00")
    page.fill("#bk-end", "2028-06-01T08:00")
    page.click("#bk-submit")
    page.wait_for_selector("#bk-msg .msg.ok")
    first = page.inner_text("#bk-msg")
    assert "Booked" in first
    page.fill("#bk-start", "2028-06-20T06:00")  # 19 days later: inside the 45-day turnaround
    page.fill("#bk-end", "2028-06-20T08:00")
    page.click("#bk-submit")
    page.wait_for_selector("#bk-msg .msg.bad")
    conflict = page.inner_text("#bk-msg")
    print(f"conflict shown: {conflict}")
    assert "turnaround" in conflict and "booking" in conflict and "earliest start" in conflict
    page.wait_for_function("document.querySelector('#timeline').dataset.bookings === '1'")
    _shot(page, "analyst-pad-conflict.png")
    page.click("button[data-tab='requests']")
    page.wait_for_selector("#requests tbody tr")
    _shot(page, "analyst-requests.png")
