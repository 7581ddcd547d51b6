"""Shared set-up of the book tests: pads synced, one admin, one analyst, two customers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from baiterek.service import book
from baiterek.service.book import Actor
from baiterek.service.db import Role

TODAY = dt.date(2026, 12, 1)


@dataclass
class People:
    admin: Actor
    analyst: Actor
    alpha: Actor  # a customer user of customer "Alpha Sat"
    beta: Actor  # a customer user of customer "Beta Orbital"
    alpha_id: int
    beta_id: int


def seed(session: Session) -> People:
    book.sync_pads(session)
    admin_user, _ = book.bootstrap_admin(session, "root")
    admin = book.access.actor_of(admin_user)
    analyst = book.access.actor_of(book.create_user(session, admin, name="ana", role=Role.ANALYST))
    a = book.create_customer(
        session, analyst, name="Alpha Sat", country="kz", contact_email="ops@alpha.kz"
    )
    b = book.create_customer(
        session, analyst, name="Beta Orbital", country="DE", contact_email="x@beta.de"
    )
    ua = book.create_user(session, admin, name="alpha-ops", role="customer", customer_id=a.id)
    ub = book.create_user(session, admin, name="beta-ops", role="customer", customer_id=b.id)
    session.commit()
    return People(admin, analyst, book.access.actor_of(ua), book.access.actor_of(ub), a.id, b.id)


def request_fields(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "mass_kg": 120.0,
        "envelope_class": "microsat",
        "orbit_class": "sso",
        "perigee_km": 500.0,
        "readiness_date": dt.date(2028, 3, 1),
        "latest_date": dt.date(2028, 9, 30),
        "service": "rideshare",
        "adapter": "lightband-8in",
    }
    base.update(over)
    return base
