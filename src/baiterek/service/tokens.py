"""API tokens: issue one (a new user of a role, a random token stored as its SHA-256)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy.orm import Session

from baiterek.service.db import ApiToken, Role, User


def issue_token(session: Session, role: Role, name: str, customer_id: int | None = None,
                label: str = "") -> tuple[int, str]:  # fmt: skip
    """Create a user (or reuse the one of that name) and a token for it; (user id, token).
    The token is returned once and only its SHA-256 is stored."""
    from sqlalchemy import select

    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        user = User(name=name, role=role, customer_id=customer_id)
        session.add(user)
        session.flush()
    tok = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_sha256=hashlib.sha256(tok.encode()).hexdigest(),
                         prefix=tok[:8], label=label))  # fmt: skip
    session.commit()
    return user.id, tok
