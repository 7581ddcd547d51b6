"""The REST service and its pages: ``create_app(database_url=None, data_dir=None) -> FastAPI``.

It sits on ``baiterek.api`` only (and the service's own book and job queue). Long work goes to
the jobs table and is run by ``baiterek worker``; ``POST /feasibility`` answers in the request.
Every response is JSON with the CLI's keys, every error ``{"error": {...}}``; a request body is
at most ``limits.MAX_BODY_BYTES``. Run it with ``baiterek serve`` (see docs/service.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response

from baiterek import api
from baiterek.service import http_errors, logs
from baiterek.service.db import IMMEDIATE, default_data_dir, engine_for, session_factory
from baiterek.service.db import database_url as resolve_url
from baiterek.service.limits import MAX_BODY_BYTES
from baiterek.service.state import ServiceState

log = logging.getLogger("baiterek.service.http")

DESCRIPTION = """Launch services of the Baiterek complex: feasibility, launch opportunities,
range safety, injection accuracy and the provider's book. Errors are
`{"error": {"kind", "message", "field", "value", "allowed"}}` (the CLI's structure)."""


def create_app(
    database_url: str | None = None,
    data_dir: str | Path | None = None,
    *,
    migrate: bool = True,
) -> FastAPI:
    """The app over the database at ``database_url`` (default ``$BAITEREK_DATABASE_URL``, else a
    SQLite file in ``data_dir``, default ``$BAITEREK_DATA_DIR`` or ``~/.local/share/baiterek``).
    ``migrate``: bring the database to the newest schema at start."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    url = resolve_url(database_url, folder)
    engine = engine_for(url)
    st = ServiceState(data_dir=folder, database_url=url, engine=engine,
                      sessions=session_factory(engine),
                      writes=session_factory(engine.execution_options(**IMMEDIATE)))  # fmt: skip

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        logs.configure()
        folder.mkdir(parents=True, exist_ok=True)
        log.info("service starting", extra={"data_dir": str(folder), "database": _safe(url)})
        yield
        engine.dispose()

    app = FastAPI(
        title="baiterek",
        version=api.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
    )
    app.state.baiterek = st
    if migrate:
        from baiterek.service.migrate import upgrade

        folder.mkdir(parents=True, exist_ok=True)
        upgrade(url)
    _load_pads(st)
    http_errors.install(app)
    app.add_middleware(http_errors.BodyLimit, max_body_size=MAX_BODY_BYTES)

    @app.middleware("http")
    async def access_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        t0 = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        log.info("request", extra={
            "method": request.method, "path": request.url.path, "status": response.status_code,
            "duration_ms": round(1e3 * (time.perf_counter() - t0), 2),
            "client": request.client.host if request.client else None,
        })  # fmt: skip
        return response

    from baiterek.service import pages, routes_book, routes_jobs, routes_public

    app.include_router(routes_public.router)
    app.include_router(routes_jobs.router)
    app.include_router(routes_book.router)
    app.include_router(pages.router)
    return app


def _load_pads(st: ServiceState) -> None:
    """The pads and their rules from the data file (idempotent; several processes starting at
    once on an empty table: the first insert wins, the others find the rows)."""
    from sqlalchemy.exc import IntegrityError

    from baiterek.service.book import sync_pads

    try:
        with st.writes.begin() as s:
            sync_pads(s)
    except IntegrityError:
        with st.writes.begin() as s:
            sync_pads(s)


def _safe(url: str) -> str:
    """A database URL without its password (for logs)."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def app_from_env() -> FastAPI:
    """The app of ``$BAITEREK_DATABASE_URL`` and ``$BAITEREK_DATA_DIR`` (for ``uvicorn --factory
    baiterek.service.app:app_from_env --workers N``; migrations run by ``baiterek db upgrade``)."""
    return create_app(migrate=False)
