"""Migrations upgrade an empty database to the newest schema and downgrade it to empty, on
SQLite and PostgreSQL, and the migrated schema is the one the models describe."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from baiterek.service import migrate
from baiterek.service.db import Base, engine_for


def _tables(url: str) -> set[str]:
    engine = engine_for(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_to_head_then_downgrade_to_base(empty_db: str) -> None:
    assert migrate.current(empty_db) is None
    migrate.upgrade(empty_db)
    assert migrate.current(empty_db) == migrate.head()
    assert _tables(empty_db) == set(Base.metadata.tables) | {"alembic_version"}
    migrate.downgrade(empty_db, "base")
    assert migrate.current(empty_db) is None
    assert _tables(empty_db) <= {"alembic_version"}
    migrate.upgrade(empty_db)  # and up again: the downgrade left nothing behind
    assert migrate.current(empty_db) == migrate.head()


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], diff


def test_the_database_itself_refuses_values_outside_the_vocabularies(db_url: str) -> None:
    engine = engine_for(db_url)
    try:
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as c:
            c.execute(
                sa.text(
                    "INSERT INTO jobs (id, kind, inputs, input_hash, status, attempts, "
                    "max_attempts, progress, message, created_at) VALUES ('x', 'fly', '{}', 'h', "
                    "'bogus', 0, 3, 0, '', CURRENT_TIMESTAMP)"
                )
            )
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as c:  # foreign keys are on
            c.execute(
                sa.text(
                    "INSERT INTO users (name, role, customer_id, active, created_at) "
                    "VALUES ('u', 'customer', 999, true, CURRENT_TIMESTAMP)"
                )
            )
    finally:
        engine.dispose()
