"""An in-process client of the app (httpx over ASGI, the httpx way), driven synchronously
through an anyio blocking portal so tests read like plain requests; plus tokens of each role."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio.from_thread
import httpx
from fastapi import FastAPI

from baiterek.service.app import create_app
from baiterek.service.book import SYSTEM, create_customer, create_user, issue_token


class SyncClient:
    """``get``/``post``/``request`` returning ``httpx.Response`` (no server, no network)."""

    def __init__(self, portal: Any, client: httpx.AsyncClient) -> None:
        self._portal, self._client = portal, client

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            return await self._client.request(method, url, **kw)

        r: httpx.Response = self._portal.call(go)
        return r

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)


@contextmanager
def in_process(app: FastAPI) -> Iterator[SyncClient]:
    with anyio.from_thread.start_blocking_portal() as portal:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        try:
            yield SyncClient(portal, client)
        finally:
            portal.call(client.aclose)


def make_app(data_dir: Path) -> FastAPI:
    """The app on a fresh SQLite file in ``data_dir`` (never $BAITEREK_DATABASE_URL)."""
    return create_app(f"sqlite:///{(data_dir / 'baiterek.sqlite3').resolve()}", data_dir)


def tokens(app: FastAPI) -> dict[str, str]:
    """Bearer headers' tokens: admin, analyst, and two customers (acme, globex) with users."""
    st = app.state.baiterek
    out: dict[str, str] = {}
    with st.sessions.begin() as s:
        for role in ("admin", "analyst"):
            u = create_user(s, SYSTEM, name=f"{role}-user", role=role)
            out[role] = issue_token(s, SYSTEM, u.id)
        for name in ("acme", "globex"):
            c = create_customer(s, SYSTEM, name=f"{name} space", country="KZ",
                                contact_email=f"ops@{name}.example")  # fmt: skip
            u = create_user(s, SYSTEM, name=f"{name}-user", role="customer", customer_id=c.id)
            out[name] = issue_token(s, SYSTEM, u.id)
            out[f"{name}_customer_id"] = str(c.id)
    return out


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
