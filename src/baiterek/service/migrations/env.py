"""Alembic environment: the service's metadata, batch mode (SQLite), a given connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from baiterek.service.db import Base
from baiterek.service.db.engine import engine_for

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


conn = config.attributes.get("connection")
if conn is not None:
    _run(conn)
else:  # the alembic command line (revision --autogenerate) on a URL
    engine = engine_for(config.get_main_option("sqlalchemy.url"), foreign_keys=False)
    with engine.begin() as c:
        _run(c)
    engine.dispose()
