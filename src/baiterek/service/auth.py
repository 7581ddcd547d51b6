"""Who is calling: ``Authorization: Bearer <token>`` (the book's ``authenticate``: tokens stored
hashed), else the public, identified by the client's address for the per-client job limit.
Routes take ``Who`` (anyone), ``Staff`` (analyst, admin) or ``Customerish`` (customer, staff);
a wrong role is 403, a missing, unknown, revoked or expired token where one is needed 401."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from baiterek.service.book import Actor, authenticate
from baiterek.service.book.access import AccessDeniedError
from baiterek.service.db import Role
from baiterek.service.http_errors import ServiceError
from baiterek.service.state import state_of


@dataclass(frozen=True, slots=True)
class Caller:
    """The caller of one request: the book's actor and the id the job limit counts by."""

    actor: Actor
    client_id: str  # "user:<id>" or "ip:<address>"

    @property
    def role(self) -> Role:
        return self.actor.role


def _token(request: Request) -> str | None:
    h = request.headers.get("authorization", "")
    if not h:
        return None
    scheme, _, value = h.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ServiceError(401, "malformed Authorization header", "authorization", scheme[:20],
                           "'Bearer <token>'")  # fmt: skip
    return value.strip()


def caller(request: Request) -> Caller:
    """The caller (the public when no token is sent; 401 for a token that is not valid)."""
    token = _token(request)
    if token is None:
        host = request.client.host if request.client else "unknown"
        return Caller(authenticate_public(), f"ip:{host}"[:64])
    with state_of(request).writes.begin() as s:  # authenticate records the last use
        try:
            actor = authenticate(s, token)
        except AccessDeniedError:
            raise ServiceError(401, "unknown, revoked or expired token", "authorization",
                               token[:4] + "...", "a token issued by an admin") from None  # fmt: skip
    return Caller(actor, f"user:{actor.user_id}")


def authenticate_public() -> Actor:
    from baiterek.service.book import PUBLIC

    return PUBLIC


Who = Annotated[Caller, Depends(caller)]
"""A route parameter receiving the caller (any role)."""


def require(*roles: Role) -> Callable[[Caller], Caller]:
    """A dependency that lets only ``roles`` through (401 for the public, 403 for others)."""

    def check(who: Who) -> Caller:
        if who.role in roles:
            return who
        allowed = " or ".join(r.value for r in roles)
        if who.role == Role.PUBLIC:
            raise ServiceError(401, "a token is needed", "authorization", None,
                               f"a token of role {allowed}")  # fmt: skip
        raise ServiceError(403, f"role {who.role.value} may not do this", "role",
                           who.role.value, allowed)  # fmt: skip

    return check


Staff = Annotated[Caller, Depends(require(Role.ANALYST, Role.ADMIN))]
"""A route parameter that admits only analysts and admins."""

Customerish = Annotated[Caller, Depends(require(Role.CUSTOMER, Role.ANALYST, Role.ADMIN))]
"""A route parameter that admits customers (their own rows) and staff."""
