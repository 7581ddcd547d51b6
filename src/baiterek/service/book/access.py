"""Who is asking: the actor of every book operation, role checks, users and API tokens.

Roles: ``public`` (feasibility, price indication, public schedule, the formal-quote hand-off),
``customer`` (its own customer's requests and quotes), ``analyst`` and ``admin`` (everything;
only an admin manages users). A customer asking for another customer's row gets
``NotFoundError``, exactly as for a row that does not exist, so ids cannot be probed.

Tokens are ``secrets.token_urlsafe(32)`` (256 random bits) stored as their SHA-256 (why not
scrypt: see ``db.people.ApiToken``); the plain token is returned once, at issue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from baiterek.errors import BaiterekError, InputError
from baiterek.service.book.actor import PUBLIC, STAFF, SYSTEM, Actor
from baiterek.service.book.audit import record, snapshot
from baiterek.service.db import ApiToken, Customer, Role, User, utcnow


class AccessDeniedError(BaiterekError):
    """The actor's role may not do this (the service answers 403; a bad token: 401)."""

    def __init__(self, action: str, role: str, allowed: tuple[Role, ...]) -> None:
        self.action = action
        self.role = role
        self.allowed_roles = tuple(r.value for r in allowed)
        super().__init__(f"{action} needs the role {' or '.join(self.allowed_roles)}, not {role}")

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d.update(action=self.action, role=self.role, allowed_roles=list(self.allowed_roles))
        return d


class NotFoundError(InputError):
    """No such row that this actor may see (the service answers 404)."""

    def __init__(self, field: str, value: Any, entity: str) -> None:
        self.entity = entity
        super().__init__(field, value, f"the id of an existing {entity} you may see")


TOUCH_EVERY = dt.timedelta(minutes=5)


def require(actor: Actor, action: str, *roles: Role) -> None:
    """Raise AccessDeniedError unless the actor has one of ``roles``."""
    if actor.role not in roles:
        raise AccessDeniedError(action, actor.role.value, roles)


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.role, user.customer_id, user.name)


def create_user(
    session: Session, actor: Actor, *, name: str, role: Role | str, customer_id: int | None = None
) -> User:
    """Create a user (admin only). A customer user must name its customer; others must not."""
    require(actor, "create a user", Role.ADMIN)
    role = _role(role)
    if role is Role.PUBLIC:
        raise InputError("role", role.value, "customer, analyst or admin (public needs no user)")
    if role is Role.CUSTOMER:
        if customer_id is None or session.get(Customer, customer_id) is None:
            raise InputError("customer_id", customer_id, "the id of an existing customer")
    elif customer_id is not None:
        raise InputError("customer_id", customer_id, "none for an analyst or an admin")
    if not name.strip() or session.scalars(select(User).where(User.name == name)).first():
        raise InputError("name", name, "a user name not yet taken")
    user = User(name=name, role=role, customer_id=customer_id)
    session.add(user)
    session.flush()
    record(session, actor, "create", user)
    return user


def bootstrap_admin(session: Session, name: str = "admin") -> tuple[User, str]:
    """The first admin and its token, only while the book has no admin."""
    if session.scalars(select(User).where(User.role == Role.ADMIN)).first() is not None:
        raise InputError("admin", name, "only one bootstrap: an admin already exists")
    user = create_user(session, SYSTEM, name=name, role=Role.ADMIN)
    return user, issue_token(session, SYSTEM, user.id, label="bootstrap")


def issue_token(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    label: str = "",
    expires_at: dt.datetime | None = None,
) -> str:
    """A new API token for a user (an admin for anyone, a user for itself). Shown only once."""
    if actor.user_id != user_id:
        require(actor, "issue a token for another user", Role.ADMIN)
    if session.get(User, user_id) is None:
        raise NotFoundError("user_id", user_id, "user")
    token = secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user_id,
        token_sha256=token_digest(token),
        prefix=token[:8],
        label=label,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    record(session, actor, "issue-token", row)
    return token


def revoke_token(session: Session, actor: Actor, token_id: int) -> None:
    """Revoke a token (an admin, or the token's own user)."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != actor.user_id and actor.role is not Role.ADMIN):
        raise NotFoundError("token_id", token_id, "token")
    before = snapshot(row)
    row.revoked_at = utcnow()
    session.flush()
    record(session, actor, "revoke-token", row, before)


def authenticate(session: Session, token: str | None) -> Actor:
    """The actor a bearer token stands for (no token: the public). A token that is unknown,
    revoked or expired, or whose user is inactive, raises AccessDeniedError. ``last_used_at``
    is refreshed at most every ``TOUCH_EVERY`` (so most requests only read), best effort."""
    if not token:
        return PUBLIC
    row = session.scalars(
        select(ApiToken).where(ApiToken.token_sha256 == token_digest(token))
    ).first()
    now = utcnow()
    if (
        row is None
        or row.revoked_at is not None
        or (row.expires_at is not None and row.expires_at <= now)
        or not row.user.active
    ):
        raise AccessDeniedError("authenticate", "unknown token", (Role.CUSTOMER, *STAFF))
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        try:  # best effort, in a savepoint: on SQLite another writer may hold the write lock
            with session.begin_nested():
                row.last_used_at = now
        except OperationalError:
            session.refresh(row)
    return actor_of(row.user)


def token_digest(token: str) -> str:
    """SHA-256 hex digest of a token (what the database stores)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InputError("role", role, f"one of {', '.join(r.value for r in Role)}") from None
