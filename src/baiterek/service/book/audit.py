"""Audit rows: every change of the book records who, when, what, and the row before and after."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from baiterek.service.book.actor import Actor
from baiterek.service.db import AuditEntry, Base

SECRET_COLUMNS = frozenset({"token_sha256"})


def snapshot(obj: Base) -> dict[str, Any]:
    """The row's columns as JSON values (datetimes and dates ISO, decimals as strings, enums as
    their values); secrets are left out."""
    out: dict[str, Any] = {}
    for attr in inspect(obj).mapper.column_attrs:
        if attr.key in SECRET_COLUMNS:
            continue
        out[attr.key] = _json(getattr(obj, attr.key))
    return out


def record(
    session: Session,
    actor: Actor,
    action: str,
    obj: Base,
    before: dict[str, Any] | None = None,
    *,
    deleted: bool = False,
) -> AuditEntry:
    """Add the audit row of a change (the object must be flushed, so that it has its id)."""
    ident = inspect(obj).identity
    entry = AuditEntry(
        user_id=actor.user_id,
        role=actor.role,
        action=action,
        entity=str(getattr(obj, "__tablename__", type(obj).__name__)),
        entity_id=":".join(str(i) for i in ident) if ident else "",
        before=before,
        after=None if deleted else snapshot(obj),
    )
    session.add(entry)
    return entry


def _json(v: Any) -> Any:
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, dt.datetime):
        return (v.astimezone(dt.UTC) if v.tzinfo else v).isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v
