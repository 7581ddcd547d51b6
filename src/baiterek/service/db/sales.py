"""Launch requests and their quotes (versioned rows priced from ``service/data/prices.toml``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baiterek.service.db.enums import (
    EnvelopeClass,
    OrbitClass,
    QuoteStatus,
    RequestStatus,
    Service,
    enum_type,
)
from baiterek.service.db.people import Customer, Spacecraft, User
from baiterek.service.db.types import Base, utcnow


class LaunchRequest(Base):
    """A customer's request for a launch: what, where to, when, and how (dedicated or shared)."""

    __tablename__ = "launch_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    spacecraft_id: Mapped[int | None] = mapped_column(ForeignKey("spacecraft.id"), index=True)
    mass_kg: Mapped[float]
    envelope_class: Mapped[EnvelopeClass] = mapped_column(enum_type(EnvelopeClass, "envelope"))
    orbit_class: Mapped[OrbitClass] = mapped_column(enum_type(OrbitClass, "orbit"))
    perigee_km: Mapped[float]
    apogee_km: Mapped[float]
    inclination_deg: Mapped[float | None]  # None: the class's usual (SSO: from the altitude)
    ltan_h: Mapped[float | None]  # local time of the ascending node, SSO only
    readiness_date: Mapped[dt.date]  # earliest launch date the spacecraft is ready for
    latest_date: Mapped[dt.date]  # latest acceptable launch date
    service: Mapped[Service] = mapped_column(enum_type(Service, "service"))
    options: Mapped[list[Any]] = mapped_column(default=list)  # option ids from prices.toml
    adapter: Mapped[str | None] = mapped_column(String(40))  # adapter id from prices.toml
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        enum_type(RequestStatus, "request_status"), default=RequestStatus.SUBMITTED
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship()
    spacecraft: Mapped[Spacecraft | None] = relationship()
    quotes: Mapped[list[Quote]] = relationship(back_populates="request", order_by="Quote.version")


class Quote(Base):
    """One version of the price of a request. Rows are never edited: a new price or an approval
    is a new version. Amounts are in ``currency``; ``exchange_rate`` (units of ``currency`` per
    USD) and its date record the conversion used for the lines priced in other currencies."""

    __tablename__ = "quotes"
    __table_args__ = (UniqueConstraint("request_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("launch_requests.id"), index=True)
    version: Mapped[int]
    status: Mapped[QuoteStatus] = mapped_column(enum_type(QuoteStatus, "quote_status"))
    price_model: Mapped[str] = mapped_column(String(40))  # id of the price model used
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    exchange_rates: Mapped[dict[str, Any]]  # {"RUB": "90", ...} per USD, as strings
    exchange_rate_date: Mapped[dt.date]
    total: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    deposit: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    breakdown: Mapped[dict[str, Any]]  # lines (item, quantity, unit price, amount, source), terms
    valid_until: Mapped[dt.date]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None]

    request: Mapped[LaunchRequest] = relationship(back_populates="quotes")
    approver: Mapped[User | None] = relationship(foreign_keys=[approved_by])
