"""Who is calling: ``Authorization: Bearer <token>`` (tokens stored hashed by the book), else the
public role identified by the client's address. Routes declare the roles they accept with
``require(...)``; a wrong role is 403, a missing or unknown token where one is needed 401."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select

from baiterek.service.db import ApiToken, Role, User
from baiterek.service.http_errors import ServiceError
from baiterek.service.state import state_of


@dataclass(frozen=True, slots=True)
class Caller:
    """The caller of one request."""

    role: Role
    client_id: str  # "user:<id>" or "ip:<address>": the per-client job limit counts by it
    user_id: int | None = None
    customer_id: int | None = None
    name: str = "public"


def _token(request: Request) -> str | None:
    h = request.headers.get("authorization", "")
    if not h:
        return None
    scheme, _, value = h.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ServiceError(401, "malformed Authorization header", "authorization", scheme,
                           "'Bearer <token>'")  # fmt: skip
    return value.strip()


def caller(request: Request) -> Caller:
    """The caller (public when no token is sent; 401 for an unknown, revoked or expired one)."""
    token = _token(request)
    if token is None:
        host = request.client.host if request.client else "unknown"
        return Caller(role=Role.PUBLIC, client_id=f"ip:{host}"[:64])
    digest = hashlib.sha256(token.encode()).hexdigest()
    st = state_of(request)
    now = dt.datetime.now(dt.UTC)
    with st.sessions() as s:
        row = s.execute(
            select(ApiToken, User).join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_sha256 == digest)
        ).first()  # fmt: skip
        if row is None:
            raise ServiceError(401, "unknown token", "authorization", token[:4] + "...",
                               "a token issued by an admin")  # fmt: skip
        tok, user = row
        if tok.revoked_at is not None or (tok.expires_at is not None and tok.expires_at < now):
            raise ServiceError(401, "token revoked or expired", "authorization",
                               tok.prefix + "...", "a valid token")  # fmt: skip
        if not user.active:
            raise ServiceError(401, "user disabled", "authorization", tok.prefix + "...",
                               "a token of an active user")  # fmt: skip
        return Caller(role=user.role, client_id=f"user:{user.id}", user_id=user.id,
                      customer_id=user.customer_id, name=user.name)  # fmt: skip


Who = Annotated[Caller, Depends(caller)]
"""A route parameter receiving the caller (any role)."""


def require(*roles: Role) -> Callable[[Caller], Caller]:
    """A dependency that lets only ``roles`` through (401 for the public, 403 for others)."""

    def check(who: Who) -> Caller:
        if who.role in roles:
            return who
        allowed = ", ".join(str(r) for r in roles)
        if who.role == Role.PUBLIC:
            raise ServiceError(401, "a token is needed", "authorization", None,
                               f"a token of role {allowed}")  # fmt: skip
        raise ServiceError(403, f"role {who.role} may not do this", "role", str(who.role),
                           allowed)  # fmt: skip

    return check


Staff = Annotated[Caller, Depends(require(Role.ANALYST, Role.ADMIN))]
"""A route parameter that admits only analysts and admins."""
