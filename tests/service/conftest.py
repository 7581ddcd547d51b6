"""Databases for the service tests: every book/job test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``$BAITEREK_TEST_POSTGRES_URL`` (a server where the role may create
databases; CI's ``.ci/run`` starts one), else from a throwaway cluster started here (``initdb``
in a temporary folder, as the ``postgres`` user when running as root, listening on a Unix socket
only) when ``/usr/lib/postgresql/*/bin`` exists, else the PostgreSQL cases are skipped with the
reason, or fail when ``BAITEREK_REQUIRE_POSTGRES=1``. Each test gets an empty database: ``empty_db`` a new one without tables (migration tests),
``db_url`` one at the newest schema without rows.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from baiterek.service import migrate
from baiterek.service.db import Base, database_url, session_factory

PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _require() -> bool:
    return os.environ.get("BAITEREK_REQUIRE_POSTGRES") == "1"


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


_PG_REASON = ["no PostgreSQL: set BAITEREK_TEST_POSTGRES_URL or install postgresql"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """A maintenance URL of a PostgreSQL server, or None (the reason in ``_PG_REASON``)."""
    given = os.environ.get("BAITEREK_TEST_POSTGRES_URL")
    if given:
        yield database_url(given)
        return
    if not PG_BINS or (shutil.which("runuser") is None and os.geteuid() == 0):
        yield None
        return
    bindir = PG_BINS[0]
    root = Path(tempfile.mkdtemp(prefix="baiterek-pg-"))
    data, sock = root / "data", root / "sock"
    data.mkdir()
    sock.mkdir()
    if os.geteuid() == 0:
        for folder in (root, data, sock):
            shutil.chown(folder, "postgres")
    port = 20000 + uuid.uuid4().int % 20000  # names the socket file only: no TCP port is used
    opts = f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log")]
    try:
        for cmd in (initdb, [*start, "-w", "start"]):
            subprocess.run(_as_postgres(cmd), check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        _PG_REASON[0] = f"could not start a throwaway PostgreSQL cluster: {exc}"
        shutil.rmtree(root, ignore_errors=True)
        yield None
        return
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def _fresh_postgres_database(server: str) -> Iterator[str]:
    name = f"bt_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _skip_or_fail() -> NoReturn:
    reason = _PG_REASON[0]
    if _require():
        pytest.fail(f"BAITEREK_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh empty database, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'book.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    if server is None:
        _skip_or_fail()
    with _fresh_postgres_database(server) as url:
        yield url


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "book.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _migrated_postgres(postgres_server: str | None) -> Iterator[str | None]:
    if postgres_server is None:
        yield None
        return
    with _fresh_postgres_database(postgres_server) as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database at the newest schema with no rows (each backend): a copy of a migrated SQLite
    file, or the session's migrated PostgreSQL database with every table truncated."""
    if request.param == "sqlite":
        path = tmp_path / "book.sqlite3"
        shutil.copyfile(request.getfixturevalue("_migrated_sqlite"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("_migrated_postgres")
    if url is None:
        _skip_or_fail()
    engine = sa.create_engine(url)
    try:
        with engine.begin() as c:
            tables = ", ".join(f'"{t}"' for t in Base.metadata.tables)
            c.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    finally:
        engine.dispose()
    return str(url)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on a fresh migrated database (each backend)."""
    factory = session_factory(db_url)
    with factory() as s:
        yield s
    bind = factory.kw["bind"]
    bind.dispose()
