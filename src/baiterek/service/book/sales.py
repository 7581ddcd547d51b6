"""Customers, spacecraft, launch requests and their quotes (versioned, approved by staff).

Operations flush and write their audit row but do not commit: the caller's transaction is the
unit of work (``with factory.begin() as session: ...``). Every rule broken raises InputError
naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service import pricing
from baiterek.service.book.access import PUBLIC, STAFF, Actor, NotFoundError, require
from baiterek.service.book.audit import record, snapshot
from baiterek.service.db import (
    Customer,
    EnvelopeClass,
    LaunchRequest,
    OrbitClass,
    Quote,
    QuoteStatus,
    RequestStatus,
    Role,
    Service,
    Spacecraft,
    utcnow,
)

# Mass bands of the envelope classes, kg (ESA SSMS classes; see db.enums.EnvelopeClass).
ENVELOPE_KG = {
    EnvelopeClass.CUBESAT: (0.0, 25.0),
    EnvelopeClass.NANOSAT: (25.0, 60.0),
    EnvelopeClass.MICROSAT: (60.0, 200.0),
    EnvelopeClass.MINISAT: (200.0, 400.0),
    EnvelopeClass.FULL_FAIRING: (400.0, float("inf")),
}


def create_customer(
    session: Session,
    actor: Actor,
    *,
    name: str,
    country: str,
    contact_email: str,
    export_status: str = "",
) -> Customer:
    """Register a customer (staff, or the public through ``submit_public_request``)."""
    require(actor, "create a customer", *STAFF)
    return _new_customer(session, actor, name, country, contact_email, export_status)


def create_spacecraft(
    session: Session,
    actor: Actor,
    *,
    customer_id: int,
    name: str,
    mass_kg: float,
    envelope_class: str,
    interface_diameter_mm: float | None = None,
    separation_system: str = "",
    hazards: str = "",
) -> Spacecraft:
    """Register a spacecraft of a customer (the customer itself, or staff)."""
    _own_customer(session, actor, customer_id, "register a spacecraft")
    env = _enum(EnvelopeClass, envelope_class, "envelope_class")
    _check_mass(mass_kg, env)
    if not name.strip():
        raise InputError("name", name, "a spacecraft name")
    sc = Spacecraft(
        customer_id=customer_id,
        name=name,
        mass_kg=float(mass_kg),
        envelope_class=env,
        interface_diameter_mm=interface_diameter_mm,
        separation_system=separation_system,
        hazards=hazards,
    )
    session.add(sc)
    session.flush()
    record(session, actor, "create", sc)
    return sc


def create_request(
    session: Session,
    actor: Actor,
    *,
    customer_id: int,
    mass_kg: float,
    envelope_class: str,
    orbit_class: str,
    perigee_km: float,
    apogee_km: float | None = None,
    inclination_deg: float | None = None,
    ltan_h: float | None = None,
    readiness_date: dt.date,
    latest_date: dt.date,
    service: str,
    adapter: str | None = None,
    options: Sequence[str] = (),
    spacecraft_id: int | None = None,
    notes: str = "",
) -> LaunchRequest:
    """Create a launch request (the customer for itself, or staff). Checks: mass > 0 and in its
    envelope class, orbit class and altitudes, dates in order, the service offered to that
    orbit (priced once to check adapter and options), the spacecraft the customer's own."""
    _own_customer(session, actor, customer_id, "create a launch request")
    return _new_request(
        session,
        actor,
        customer_id=customer_id,
        mass_kg=mass_kg,
        envelope_class=envelope_class,
        orbit_class=orbit_class,
        perigee_km=perigee_km,
        apogee_km=apogee_km,
        inclination_deg=inclination_deg,
        ltan_h=ltan_h,
        readiness_date=readiness_date,
        latest_date=latest_date,
        service=service,
        adapter=adapter,
        options=options,
        spacecraft_id=spacecraft_id,
        notes=notes,
    )


def _new_request(
    session: Session,
    actor: Actor,
    *,
    customer_id: int,
    mass_kg: float,
    envelope_class: str,
    orbit_class: str,
    perigee_km: float,
    apogee_km: float | None = None,
    inclination_deg: float | None = None,
    ltan_h: float | None = None,
    readiness_date: dt.date,
    latest_date: dt.date,
    service: str,
    adapter: str | None = None,
    options: Sequence[str] = (),
    spacecraft_id: int | None = None,
    notes: str = "",
) -> LaunchRequest:
    env = _enum(EnvelopeClass, envelope_class, "envelope_class")
    orbit = _enum(OrbitClass, orbit_class, "orbit_class")
    svc = _enum(Service, service, "service")
    _check_mass(mass_kg, env)
    apogee = perigee_km if apogee_km is None else apogee_km
    if not 100.0 <= perigee_km <= 100_000.0:
        raise InputError("perigee_km", perigee_km, "from 100 to 100,000 km")
    if not perigee_km <= apogee <= 1_000_000.0:
        raise InputError("apogee_km", apogee_km, f"from the perigee ({perigee_km:g} km) up")
    if inclination_deg is not None and not 0.0 <= inclination_deg <= 180.0:
        raise InputError("inclination_deg", inclination_deg, "from 0 to 180 deg")
    if ltan_h is not None and (orbit is not OrbitClass.SSO or not 0.0 <= ltan_h < 24.0):
        raise InputError("ltan_h", ltan_h, "0 to 24 h, for an SSO request only")
    if latest_date < readiness_date:
        raise InputError(
            "latest_date",
            latest_date.isoformat(),
            f"on or after the readiness date {readiness_date}",
        )
    if spacecraft_id is not None:
        sc = session.get(Spacecraft, spacecraft_id)
        if sc is None or sc.customer_id != customer_id:
            raise NotFoundError("spacecraft_id", spacecraft_id, "spacecraft of this customer")
    pricing.price(  # refuses a rideshare to an orbit class without one, unknown adapters/options
        mass_kg=mass_kg,
        orbit_class=orbit.value,
        service=svc.value,
        adapter=adapter,
        options=list(options),
    )
    req = LaunchRequest(
        customer_id=customer_id,
        spacecraft_id=spacecraft_id,
        mass_kg=float(mass_kg),
        envelope_class=env,
        orbit_class=orbit,
        perigee_km=float(perigee_km),
        apogee_km=float(apogee),
        inclination_deg=inclination_deg,
        ltan_h=ltan_h,
        readiness_date=readiness_date,
        latest_date=latest_date,
        service=svc,
        adapter=adapter,
        options=list(dict.fromkeys(options)),
        notes=notes,
        created_by=actor.user_id,
    )
    session.add(req)
    session.flush()
    record(session, actor, "create", req)
    return req


def submit_public_request(
    session: Session,
    *,
    organisation: str,
    country: str,
    contact_email: str,
    **request: Any,
) -> LaunchRequest:
    """The public page's "request a formal quote": registers the organisation as a customer (or
    finds it by name when the contact e-mail matches) and creates its request."""
    found = session.scalars(select(Customer).where(Customer.name == organisation)).first()
    if found is not None and found.contact_email.lower() != contact_email.strip().lower():
        raise InputError(
            "organisation",
            organisation,
            "a new organisation name, or its registered contact e-mail",
        )
    cust = found or _new_customer(session, PUBLIC, organisation, country, contact_email, "")
    return _new_request(session, PUBLIC, customer_id=cust.id, **request)


def get_request(session: Session, actor: Actor, request_id: int) -> LaunchRequest:
    """A request the actor may see (its own for a customer; any for staff)."""
    req = session.get(LaunchRequest, request_id)
    if req is None or not _may_see(actor, req.customer_id):
        raise NotFoundError("request_id", request_id, "launch request")
    return req


def list_requests(session: Session, actor: Actor) -> list[LaunchRequest]:
    """Requests the actor may see, newest first."""
    require(actor, "list launch requests", Role.CUSTOMER, *STAFF)
    q = select(LaunchRequest).order_by(LaunchRequest.id.desc())
    if not actor.is_staff:
        q = q.where(LaunchRequest.customer_id == actor.customer_id)
    return list(session.scalars(q))


def price_request(
    session: Session,
    actor: Actor,
    request_id: int,
    *,
    currency: str | None = None,
    today: dt.date | None = None,
) -> Quote:
    """Price a request from the price model: a new draft quote version with its breakdown."""
    require(actor, "price a request", *STAFF)
    req = get_request(session, actor, request_id)
    if req.status in (RequestStatus.WITHDRAWN, RequestStatus.DECLINED):
        raise InputError(
            "request_id", request_id, f"an open request (this one is {req.status.value})"
        )
    p = pricing.price(
        mass_kg=req.mass_kg,
        orbit_class=req.orbit_class.value,
        service=req.service.value,
        adapter=req.adapter,
        options=list(req.options),
        readiness_date=req.readiness_date,
        currency=currency,
        today=today,
    )
    doc = p.to_json()
    quote = Quote(
        request_id=req.id,
        version=_next_version(session, req.id),
        status=QuoteStatus.DRAFT,
        price_model=p.model_id,
        currency=p.currency,
        exchange_rates=dict(p.exchange_rates),
        exchange_rate_date=p.exchange_rate_date,
        total=p.total,
        deposit=p.deposit,
        breakdown={
            "lines": doc["lines"],
            "terms": doc["terms"],
            "priced_mass_kg": p.priced_mass_kg,
        },
        valid_until=p.valid_until,
        created_by=actor.user_id,
    )
    session.add(quote)
    if req.status is RequestStatus.SUBMITTED:
        before = snapshot(req)
        req.status = RequestStatus.QUOTED
        session.flush()
        record(session, actor, "quoted", req, before)
    session.flush()
    record(session, actor, "create", quote)
    return quote


def approve_quote(
    session: Session, actor: Actor, quote_id: int, *, today: dt.date | None = None
) -> Quote:
    """Approve the latest draft of a request's quotes: writes the approved copy as a new version
    and marks the draft superseded (quote rows are otherwise never changed)."""
    require(actor, "approve a quote", *STAFF)
    draft = get_quote(session, actor, quote_id)
    today = today or utcnow().date()
    latest = _next_version(session, draft.request_id) - 1
    if draft.version != latest:
        raise InputError(
            "quote_id", quote_id, f"the latest version ({latest}) of the request's quote"
        )
    if draft.status is not QuoteStatus.DRAFT:
        raise InputError("quote_id", quote_id, f"a draft quote (this one is {draft.status.value})")
    if draft.valid_until < today:
        raise InputError(
            "quote_id",
            quote_id,
            f"a quote still valid (expired {draft.valid_until}): price the request again",
        )
    before = snapshot(draft)
    draft.status = QuoteStatus.SUPERSEDED
    session.flush()
    record(session, actor, "supersede", draft, before)
    approved = Quote(
        request_id=draft.request_id,
        version=draft.version + 1,
        status=QuoteStatus.APPROVED,
        price_model=draft.price_model,
        currency=draft.currency,
        exchange_rates=dict(draft.exchange_rates),
        exchange_rate_date=draft.exchange_rate_date,
        total=draft.total,
        deposit=draft.deposit,
        breakdown=dict(draft.breakdown),
        valid_until=draft.valid_until,
        created_by=draft.created_by,
        approved_by=actor.user_id,
        approved_at=utcnow(),
    )
    session.add(approved)
    session.flush()
    record(session, actor, "approve", approved)
    return approved


def get_quote(session: Session, actor: Actor, quote_id: int) -> Quote:
    """A quote the actor may see (its own customer's for a customer; any for staff)."""
    quote = session.get(Quote, quote_id)
    if quote is None or not _may_see(actor, quote.request.customer_id):
        raise NotFoundError("quote_id", quote_id, "quote")
    return quote


def list_quotes(session: Session, actor: Actor, request_id: int | None = None) -> list[Quote]:
    """Quotes the actor may see (of one request if given), by request then version."""
    require(actor, "list quotes", Role.CUSTOMER, *STAFF)
    q = select(Quote).join(LaunchRequest).order_by(Quote.request_id, Quote.version)
    if request_id is not None:
        get_request(session, actor, request_id)
        q = q.where(Quote.request_id == request_id)
    if not actor.is_staff:
        q = q.where(LaunchRequest.customer_id == actor.customer_id)
    return list(session.scalars(q))


def _new_customer(
    session: Session, actor: Actor, name: str, country: str, contact_email: str, export_status: str
) -> Customer:
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("name", name, "an organisation name of 1 to 200 characters")
    if session.scalars(select(Customer).where(Customer.name == name)).first() is not None:
        raise InputError("name", name, "an organisation not yet registered")
    if len(country) != 2 or not country.isalpha():
        raise InputError("country", country, "an ISO 3166-1 two-letter code such as KZ")
    email = contact_email.strip()
    if "@" not in email or len(email) > 254 or " " in email:
        raise InputError("contact_email", contact_email, "an e-mail address")
    cust = Customer(
        name=name, country=country.upper(), contact_email=email, export_status=export_status
    )
    session.add(cust)
    session.flush()
    record(session, actor, "create", cust)
    return cust


def _own_customer(session: Session, actor: Actor, customer_id: int, action: str) -> None:
    require(actor, action, Role.CUSTOMER, *STAFF)
    if session.get(Customer, customer_id) is None or not _may_see(actor, customer_id):
        raise NotFoundError("customer_id", customer_id, "customer")


def _may_see(actor: Actor, customer_id: int) -> bool:
    return actor.is_staff or (actor.role is Role.CUSTOMER and actor.customer_id == customer_id)


def _check_mass(mass_kg: float, env: EnvelopeClass) -> None:
    if not (isinstance(mass_kg, int | float) and mass_kg > 0.0 and mass_kg < 1e6):
        raise InputError("mass_kg", mass_kg, "a mass > 0 kg")
    lo, hi = ENVELOPE_KG[env]
    if not lo < mass_kg <= hi:
        raise InputError("mass_kg", mass_kg, f"{lo:g} to {hi:g} kg for the {env.value} class")


def _next_version(session: Session, request_id: int) -> int:
    n = session.scalar(select(func.max(Quote.version)).where(Quote.request_id == request_id))
    return int(n or 0) + 1


def _enum(cls: Any, value: Any, field: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        raise InputError(field, value, f"one of {', '.join(m.value for m in cls)}") from None
