"""The audit log: one row per change of the book (who, when, what, before and after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from baiterek.service.db.enums import Role, enum_type
from baiterek.service.db.types import Base, utcnow


class AuditEntry(Base):
    """A change: ``action`` on ``entity``/``entity_id`` by a user (None: the public or the
    system), with the row's columns before (None when created) and after (None when deleted)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40), index=True)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
