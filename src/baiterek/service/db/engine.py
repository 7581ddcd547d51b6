"""Engines and sessions: SQLite in a data folder by default, PostgreSQL (psycopg 3) by URL.

SQLite connections get WAL (readers and one writer at once), ``busy_timeout`` (a contended writer
waits instead of failing) and ``foreign_keys=ON`` (off by default in SQLite), set per connection.
The pysqlite driver's own transaction handling is switched off and ``BEGIN`` is emitted here
(SQLAlchemy's documented recipe), which makes savepoints work and lets a caller ask for
``BEGIN IMMEDIATE`` (take the write lock at once) with ``IMMEDIATE`` below: the job queue's claim
uses it. PostgreSQL URLs ``postgresql://`` are routed to psycopg 3.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

ENV_URL = "BAITEREK_DATABASE_URL"
ENV_DATA_DIR = "BAITEREK_DATA_DIR"
DB_FILE = "baiterek.sqlite3"
BUSY_TIMEOUT_MS = 30_000
IMMEDIATE = {"sqlite_begin": "IMMEDIATE"}  # execution options for a write-locking transaction


def default_data_dir() -> Path:
    """``$BAITEREK_DATA_DIR``, else ``$XDG_DATA_HOME/baiterek``, else ``~/.local/share/baiterek``."""
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "baiterek"


def database_url(url: str | None = None, data_dir: str | Path | None = None) -> str:
    """The URL to use: ``url``, else ``$BAITEREK_DATABASE_URL``, else a SQLite file
    ``baiterek.sqlite3`` in ``data_dir`` (default ``default_data_dir()``)."""
    if url:
        return _normalise(url)
    if os.environ.get(ENV_URL):
        return _normalise(os.environ[ENV_URL])
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return f"sqlite:///{(folder / DB_FILE).resolve()}"


def _normalise(url: str) -> str:
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def engine_for(url: str | None = None, *, foreign_keys: bool = True, **kwargs: Any) -> Engine:
    """An engine for ``database_url(url)``; SQLite gets the per-connection settings above (its
    folder is created). ``foreign_keys=False`` is for migrations only (Alembic's batch copies)."""
    full = database_url(url)
    u = make_url(full)
    if u.get_backend_name() != "sqlite":
        return create_engine(full, pool_pre_ping=True, **kwargs)
    file_db = bool(u.database) and u.database != ":memory:"
    if file_db:
        assert u.database is not None
        Path(u.database).parent.mkdir(parents=True, exist_ok=True)
    else:  # one shared connection, or every connection would see its own empty database
        kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    engine = create_engine(full, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # no implicit BEGIN: emitted in _on_begin
        cur = dbapi_conn.cursor()
        if file_db:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def session_factory(engine_or_url: Engine | str | None = None) -> sessionmaker[Session]:
    """A ``sessionmaker`` bound to an engine (or to ``engine_for(url)``); objects stay readable
    after commit (``expire_on_commit=False``)."""
    engine = engine_or_url if isinstance(engine_or_url, Engine) else engine_for(engine_or_url)
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session in one transaction that commits on success and rolls back on error. On SQLite
    it is ``BEGIN IMMEDIATE``: a transaction that reads and then writes would otherwise fail
    with "database is locked" when another process wrote in between (WAL snapshots cannot be
    upgraded); taking the write lock first makes it wait (``busy_timeout``) instead. Use it for
    every book operation that changes rows."""
    with factory() as session, session.begin():
        if is_sqlite(session):
            session.connection(execution_options=IMMEDIATE)
        yield session


def is_sqlite(session_or_engine: Session | Engine) -> bool:
    """Whether the database behind a session or an engine is SQLite."""
    bind = (
        session_or_engine.get_bind()
        if isinstance(session_or_engine, Session)
        else session_or_engine
    )
    return bind.dialect.name == "sqlite"
