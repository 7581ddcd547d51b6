"""Reading the audit log (staff): what changed, by whom, when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from baiterek.service.book.access import STAFF, Actor, require
from baiterek.service.db import AuditEntry


def audit_trail(
    session: Session,
    actor: Actor,
    *,
    entity: str | None = None,
    entity_id: str | int | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    """The latest audit rows, newest first, of one table (``launch_requests``, ``quotes``...)
    and one row id if given."""
    require(actor, "read the audit log", *STAFF)
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(1, min(limit, 10_000)))
    if entity is not None:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == str(entity_id))
    return list(session.scalars(q))
