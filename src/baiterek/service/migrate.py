"""Run the Alembic migrations shipped in ``baiterek/service/migrations`` (no alembic.ini).

``upgrade(url)`` brings a database (empty or older) to the newest schema; ``downgrade(url,
"base")`` removes every table. SQLite runs them with foreign keys off (Alembic's batch mode
copies tables, which a foreign-key check would block).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from baiterek.service.db.engine import database_url, engine_for

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration pointing at the shipped migrations and ``database_url(url)``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", database_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision`` (default: the newest)."""
    _run(url, revision, up=True)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision`` (default: empty)."""
    _run(url, revision, up=False)


def current(url: str | None = None) -> str | None:
    """The revision the database is at (None: never migrated)."""
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head() -> str:
    """The newest revision shipped."""
    rev = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert rev is not None
    return rev


def _run(url: str | None, revision: str, *, up: bool) -> None:
    cfg = alembic_config(url)
    engine = engine_for(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            if up:
                command.upgrade(cfg, revision)
            else:
                command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """``python -m baiterek.service.migrate upgrade|downgrade|current [--database URL]
    [--data-dir DIR] [--revision REV] [--json]`` (what ``baiterek db`` runs)."""
    import argparse
    import json
    import sys

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, OperationalError

    from baiterek.errors import InputError

    p = argparse.ArgumentParser(prog="baiterek db")
    p.add_argument("action", choices=("upgrade", "downgrade", "current"))
    p.add_argument("--database")
    p.add_argument("--data-dir")
    p.add_argument("--revision")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    try:
        url = database_url(a.database, a.data_dir)
        shown = make_url(url).render_as_string(hide_password=True)
        if a.action == "upgrade":
            upgrade(url, a.revision or "head")
        elif a.action == "downgrade":
            if not a.revision:
                raise InputError("--revision", None, "a revision to go down to, or base")
            downgrade(url, a.revision)
        doc = {"database": shown, "revision": current(url), "head": head()}
    except InputError as exc:
        return _fail(exc, a.json)
    except (ArgumentError, OperationalError) as exc:
        detail = str(exc.args[0]).split("\n")[0][:200]
        err = InputError("--database", _hidden(a.database), "a reachable database URL", detail)
        return _fail(err, a.json)
    if a.json:
        print(json.dumps(doc))
    else:
        print(f"{doc['database']}: revision {doc['revision']} (newest shipped {doc['head']})")
    sys.stdout.flush()
    return 0


def _fail(exc: Exception, as_json: bool) -> int:
    import json
    import sys

    from baiterek.errors import BaiterekError

    if as_json and isinstance(exc, BaiterekError):
        print(json.dumps({"error": exc.to_dict()}))
    print(f"error: {exc}", file=sys.stderr)
    return 2


def _hidden(url: str | None) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return None if url is None else make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


if __name__ == "__main__":
    raise SystemExit(main())
