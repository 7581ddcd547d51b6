"""The actor of a book operation: a user (id, role, customer) or the anonymous public."""

from __future__ import annotations

from dataclasses import dataclass

from baiterek.service.db import Role

STAFF = (Role.ANALYST, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a user (id, role, customer) or the anonymous public."""

    user_id: int | None
    role: Role
    customer_id: int | None = None
    name: str = "public"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


PUBLIC = Actor(None, Role.PUBLIC)
SYSTEM = Actor(None, Role.ADMIN, name="system")  # migrations, seeding, the bootstrap admin
