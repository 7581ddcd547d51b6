"""Users with roles, their API tokens (stored hashed), customers and their spacecraft."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baiterek.service.db.enums import EnvelopeClass, Role, enum_type
from baiterek.service.db.types import Base, utcnow


class Customer(Base):
    """An organisation buying launch services."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    contact_email: Mapped[str] = mapped_column(String(254))
    export_status: Mapped[str] = mapped_column(String(200), default="")  # licence notes
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    spacecraft: Mapped[list[Spacecraft]] = relationship(back_populates="customer")


class User(Base):
    """A person or a machine client; ``customer_id`` is set for (and only for) customers."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")


class ApiToken(Base):
    """An API token, stored as the SHA-256 of the token (never the token itself).

    Tokens are 32 random bytes (``secrets.token_urlsafe``), so the hash needs no salt or slow
    key derivation: scrypt protects low-entropy passwords from guessing, whereas a 256-bit random
    token cannot be guessed, and a plain digest lets every request find its token by an indexed
    lookup in microseconds (scrypt would cost tens of milliseconds per request).
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(8))  # first characters, to tell tokens apart
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")


class Spacecraft(Base):
    """A customer's spacecraft (ISO 17401-lite: mass, envelope, interface, readiness)."""

    __tablename__ = "spacecraft"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    mass_kg: Mapped[float]
    envelope_class: Mapped[EnvelopeClass] = mapped_column(enum_type(EnvelopeClass, "envelope"))
    interface_diameter_mm: Mapped[float | None]
    separation_system: Mapped[str] = mapped_column(String(200), default="")
    hazards: Mapped[str] = mapped_column(Text, default="")  # propulsion, batteries, pressure
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="spacecraft")
