"""Engines and transactions: the SQLite connection settings, URLs, write transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, select

from baiterek.service.db import (
    Customer,
    database_url,
    engine_for,
    session_factory,
    write_transaction,
)


def test_sqlite_connections_get_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'sub' / 'x.sqlite3'}")  # the folder is made
    try:
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        engine.dispose()


def test_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAITEREK_DATABASE_URL", raising=False)
    assert database_url(data_dir=tmp_path) == f"sqlite:///{tmp_path.resolve() / 'baiterek.sqlite3'}"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    monkeypatch.setenv("BAITEREK_DATABASE_URL", "postgres://u@h:5433/db")
    assert database_url(data_dir=tmp_path) == "postgresql+psycopg://u@h:5433/db"


def test_write_transaction_commits_or_rolls_back_and_locks_first(db_url: str) -> None:
    factory = session_factory(db_url)
    begins: list[str] = []
    engine = factory.kw["bind"]
    event.listen(
        engine,
        "before_cursor_execute",
        lambda c, cur, stmt, *a: begins.append(stmt) if stmt.startswith("BEGIN") else None,
    )
    try:
        with write_transaction(factory) as s:
            s.add(Customer(name="Gamma", country="KZ", contact_email="g@g.kz"))
        with pytest.raises(RuntimeError), write_transaction(factory) as s:
            s.add(Customer(name="Delta", country="KZ", contact_email="d@d.kz"))
            s.flush()
            raise RuntimeError("boom")
        with factory() as s:
            assert s.scalars(select(Customer.name)).all() == ["Gamma"]
        if engine.dialect.name == "sqlite":
            assert begins[:2] == ["BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]
    finally:
        engine.dispose()


def test_an_in_memory_database_is_one_database() -> None:
    from baiterek.service.db import Base

    engine = engine_for("sqlite://")
    try:
        Base.metadata.create_all(engine)
        factory = session_factory(engine)
        with write_transaction(factory) as s:
            s.add(Customer(name="Mem", country="KZ", contact_email="m@m.kz"))
        with factory() as s:
            assert s.scalars(select(Customer.name)).all() == ["Mem"]
    finally:
        engine.dispose()
