"""Customers, requests, quotes, roles and tokens on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from _book_fixtures import TODAY, People, request_fields, seed
from sqlalchemy import select
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service import book, pricing
from baiterek.service.book import PUBLIC, AccessDeniedError, NotFoundError
from baiterek.service.db import ApiToken, AuditEntry, QuoteStatus, RequestStatus


@pytest.fixture
def people(session: Session) -> People:
    return seed(session)


def test_price_breakdown_follows_the_price_model(session: Session, people: People) -> None:
    req = book.create_request(
        session, people.alpha, customer_id=people.alpha_id, **request_fields()
    )
    quote = book.price_request(session, people.analyst, req.id, today=TODAY)
    session.commit()
    lines = quote.breakdown["lines"]
    # prices.toml: SSO block 350,000 USD for 50 kg + 7,000 USD/kg (newspaceeconomy.ca 2026-02-27,
    # citing spacex.com/rideshare); 8-inch Lightband 100,000 USD and 2 kg (spaceflight.com).
    assert [line["amount"] for line in lines] == ["350000.00", "504000.00", "100000.00"]
    assert lines[1]["quantity"] == "72.0"  # 120 kg + 2 kg adapter - 50 kg block
    assert quote.total == Decimal("954000.00") == sum(Decimal(x["amount"]) for x in lines)
    assert quote.deposit == Decimal("5000.00")  # SpaceX deposit (techable.jp, 2020)
    assert quote.version == 1 and quote.status is QuoteStatus.DRAFT
    assert quote.currency == "USD" and quote.exchange_rate_date == dt.date(2026, 12, 1)
    assert quote.valid_until == TODAY + dt.timedelta(days=30)
    assert all(line["source"] for line in lines)
    assert req.status is RequestStatus.QUOTED


def test_price_in_roubles_and_the_late_booking_option() -> None:
    # LEO rideshare 300,000 RUB/kg (Roscosmos, www1.ru 2025-06-17), block of 50 kg.
    p = pricing.price(
        mass_kg=80.0,
        orbit_class="leo",
        service="rideshare",
        currency="RUB",
        readiness_date=TODAY + dt.timedelta(days=200),
        today=TODAY,
    )
    launch = Decimal(15_000_000 + 30 * 300_000)
    assert p.lines[0].amount + p.lines[1].amount == launch
    # late purchase +1/3 (SpaceX 2019 terms, teslarati.com), priced as 0.3333 of the launch lines
    assert p.lines[2].item == "option late-booking"
    assert p.lines[2].amount == (launch * Decimal("0.3333")).quantize(Decimal("0.01"))
    assert p.deposit == Decimal("450000.00")  # 5,000 USD at 90 RUB/USD
    with pytest.raises(InputError) as err:
        pricing.price(mass_kg=500.0, orbit_class="gto", service="rideshare")
    assert err.value.field == "orbit_class"
    with pytest.raises(InputError) as err:
        pricing.price(mass_kg=5.0, orbit_class="sso", service="rideshare", currency="EUR")
    assert err.value.field == "currency"


def test_approval_writes_a_new_version(session: Session, people: People) -> None:
    req = book.create_request(
        session, people.analyst, customer_id=people.beta_id, **request_fields()
    )
    draft = book.price_request(session, people.analyst, req.id, today=TODAY)
    approved = book.approve_quote(session, people.admin, draft.id, today=TODAY)
    session.commit()
    assert (draft.version, draft.status) == (1, QuoteStatus.SUPERSEDED)
    assert (approved.version, approved.status) == (2, QuoteStatus.APPROVED)
    assert approved.total == draft.total and approved.approved_by == people.admin.user_id
    assert approved.approved_at is not None and approved.approved_at.utcoffset() == dt.timedelta(0)
    with pytest.raises(InputError) as err:  # the approved copy is not a draft
        book.approve_quote(session, people.admin, approved.id, today=TODAY)
    assert err.value.field == "quote_id"
    with pytest.raises(InputError, match="latest version"):
        book.approve_quote(session, people.admin, draft.id, today=TODAY)
    stale = book.price_request(session, people.analyst, req.id, today=TODAY)
    with pytest.raises(InputError, match="expired"):
        book.approve_quote(session, people.admin, stale.id, today=TODAY + dt.timedelta(days=31))
    assert [q.version for q in book.list_quotes(session, people.analyst, req.id)] == [1, 2, 3]


def test_every_change_is_audited_with_before_and_after(session: Session, people: People) -> None:
    req = book.create_request(
        session, people.alpha, customer_id=people.alpha_id, **request_fields()
    )
    draft = book.price_request(session, people.analyst, req.id, today=TODAY)
    book.approve_quote(session, people.analyst, draft.id, today=TODAY)
    session.commit()
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    mine = [(r.action, r.entity) for r in rows if r.entity in ("launch_requests", "quotes")]
    assert mine == [
        ("create", "launch_requests"),
        ("quoted", "launch_requests"),
        ("create", "quotes"),
        ("supersede", "quotes"),
        ("approve", "quotes"),
    ]
    quoted = next(r for r in rows if r.action == "quoted")
    assert quoted.before is not None and quoted.after is not None
    assert (quoted.before["status"], quoted.after["status"]) == ("submitted", "quoted")
    assert quoted.user_id == people.analyst.user_id and quoted.role.value == "analyst"
    created = next(r for r in rows if r.entity == "launch_requests")
    assert created.before is None and created.after is not None
    assert created.after["mass_kg"] == 120.0 and created.role.value == "customer"
    assert all(r.at.utcoffset() == dt.timedelta(0) for r in rows)
    assert not any("token_sha256" in (r.after or {}) for r in rows)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"mass_kg": 0.0}, "mass_kg"),
        ({"mass_kg": 30.0, "envelope_class": "cubesat"}, "mass_kg"),  # CubeSat class is 1-25 kg
        ({"envelope_class": "banana"}, "envelope_class"),
        ({"orbit_class": "gto"}, "orbit_class"),  # no rideshare to GTO in the price model
        ({"latest_date": dt.date(2027, 1, 1)}, "latest_date"),
        ({"perigee_km": 50.0}, "perigee_km"),
        ({"ltan_h": 25.0}, "ltan_h"),
        ({"adapter": "duct-tape"}, "adapter"),
        ({"options": ["champagne"]}, "options"),
        ({"service": "shuttle"}, "service"),
    ],
)
def test_request_rules_name_the_field(
    session: Session, people: People, over: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError) as err:
        book.create_request(
            session, people.alpha, customer_id=people.alpha_id, **request_fields(**over)
        )
    assert err.value.field == field


def test_a_customer_sees_only_its_own_requests_and_quotes(session: Session, people: People) -> None:
    ra = book.create_request(session, people.alpha, customer_id=people.alpha_id, **request_fields())
    rb = book.create_request(session, people.beta, customer_id=people.beta_id, **request_fields())
    qa = book.price_request(session, people.analyst, ra.id, today=TODAY)
    qb = book.price_request(session, people.analyst, rb.id, today=TODAY)
    session.commit()
    assert [r.id for r in book.list_requests(session, people.alpha)] == [ra.id]
    assert [q.id for q in book.list_quotes(session, people.alpha)] == [qa.id]
    assert {r.id for r in book.list_requests(session, people.analyst)} == {ra.id, rb.id}
    assert book.get_quote(session, people.alpha, qa.id).id == qa.id
    for probe in (qb.id, 10_000):  # another customer's quote looks exactly like a missing one
        with pytest.raises(NotFoundError) as err:
            book.get_quote(session, people.alpha, probe)
        assert err.value.field == "quote_id"
    with pytest.raises(NotFoundError):
        book.get_request(session, people.alpha, rb.id)
    with pytest.raises(NotFoundError):  # nor may it file a request for another customer
        book.create_request(session, people.alpha, customer_id=people.beta_id, **request_fields())
    with pytest.raises(AccessDeniedError):
        book.approve_quote(session, people.alpha, qa.id, today=TODAY)
    with pytest.raises(AccessDeniedError):
        book.price_request(session, people.alpha, ra.id, today=TODAY)
    with pytest.raises(AccessDeniedError):
        book.list_quotes(session, PUBLIC)
    with pytest.raises(AccessDeniedError):
        book.create_user(session, people.analyst, name="eve", role="admin")


def test_tokens_are_stored_hashed_and_checked(session: Session, people: People) -> None:
    assert people.alpha.user_id is not None
    token = book.issue_token(session, people.admin, people.alpha.user_id, label="ci")
    session.commit()
    stored = session.scalars(select(ApiToken.token_sha256)).all()
    assert token not in stored and book.access.token_digest(token) in stored
    who = book.authenticate(session, token)
    assert (who.user_id, who.role.value, who.customer_id) == (
        people.alpha.user_id,
        "customer",
        people.alpha_id,
    )
    assert book.authenticate(session, None) is PUBLIC
    session.commit()
    used = session.scalars(select(ApiToken.last_used_at).where(ApiToken.label == "ci")).one()
    assert used is not None and used.utcoffset() == dt.timedelta(0)
    with pytest.raises(AccessDeniedError):
        book.authenticate(session, token + "x")
    row = session.scalars(
        select(ApiToken).where(ApiToken.token_sha256 == book.access.token_digest(token))
    ).one()
    book.revoke_token(session, people.alpha, row.id)
    session.commit()
    with pytest.raises(AccessDeniedError):
        book.authenticate(session, token)
    expired = book.issue_token(
        session,
        people.alpha,
        people.alpha.user_id,
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1),
    )
    with pytest.raises(AccessDeniedError):
        book.authenticate(session, expired)
    with pytest.raises(AccessDeniedError):  # a customer may not mint tokens for others
        assert people.beta.user_id is not None
        book.issue_token(session, people.alpha, people.beta.user_id)
    with pytest.raises(InputError):
        book.bootstrap_admin(session, "second-root")


def test_public_request_and_sql_metacharacters_are_plain_text(
    session: Session, people: People
) -> None:
    nasty = "Robert'); DROP TABLE customers;-- \" % _ \\ ;"
    req = book.submit_public_request(
        session,
        organisation=nasty,
        country="KZ",
        contact_email="a@b.kz",
        notes=nasty,
        **request_fields(),
    )
    session.commit()
    assert req.customer.name == nasty and req.notes == nasty
    again = book.submit_public_request(
        session, organisation=nasty, country="KZ", contact_email="A@b.kz", **request_fields()
    )
    assert again.customer_id == req.customer_id
    with pytest.raises(InputError) as err:  # a known organisation with another e-mail
        book.submit_public_request(
            session, organisation=nasty, country="KZ", contact_email="x@y.z", **request_fields()
        )
    assert err.value.field == "organisation"
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "launch_requests")
    ).first()
    assert audit is not None and audit.role.value == "public" and audit.user_id is None


def test_every_price_and_pad_rule_names_its_source_or_says_assumption() -> None:
    pm = pricing.load_price_model()
    sources = [pm.model.validity_source, pm.model.deposit_source, pm.model.rebooking_source]
    sources += [str(pm.exchange_rates["source"]), pm.dedicated.source]
    sources += [b.source for b in pm.rideshare.values()]
    sources += [a.source for a in pm.adapters.values()] + [o.source for o in pm.options.values()]
    for s in sources:  # a publisher with its date or section, or the word "assumption"
        assert "assumption" in s or ("(" in s and any(c.isdigit() for c in s)), s
    assert "assumption" in str(pm.exchange_rates["source"])  # the rates are not sourced
    assert [t.offset_s for t in book.campaign_template()] == sorted(
        (t.offset_s for t in book.campaign_template()), reverse=True
    )
