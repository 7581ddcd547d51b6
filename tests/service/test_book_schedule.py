"""Missions, manifest capacity, pad bookings and the turnaround rule, campaign milestones."""

from __future__ import annotations

import datetime as dt

import pytest
from _book_fixtures import People, request_fields, seed
from sqlalchemy import select
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service import book
from baiterek.service.book import AccessDeniedError
from baiterek.service.db import (
    AuditEntry,
    Milestone,
    Mission,
    MissionStatus,
    Pad,
    RequestStatus,
    SlotStatus,
)

PAD = "baikonur-45-1"
T0 = dt.datetime(2028, 6, 1, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def people(session: Session) -> People:
    return seed(session)


def _mission(
    session: Session, who: book.Actor, name: str, t: dt.datetime, **over: object
) -> Mission:
    fields: dict[str, object] = {
        "name": name,
        "vehicle": "sunkar",
        "pad_id": PAD,
        "launch_time": t,
        "window_s": 600.0,
        "orbit_class": "sso",
        "perigee_km": 500.0,
        "apogee_km": 500.0,
        "inclination_deg": 97.4,
        "capacity_kg": 300.0,
        "capacity_ports": 2,
    }
    fields.update(over)
    return book.create_mission(session, who, **fields)  # type: ignore[arg-type]


def test_pads_carry_their_sourced_rules(session: Session, people: People) -> None:
    pad = session.get(Pad, PAD)
    assert pad is not None
    # pads.toml: 365 / 8 launches a year (design capacity, kt.kz 2024-06-27) -> 45 days;
    # pad occupied from L-3 days (Starsem campaign, starsem.com/services/campaign.htm).
    assert (pad.turnaround_days, pad.occupancy_days) == (45.0, 3.0)
    assert "kt.kz" in pad.source and "starsem" in pad.source
    book.sync_pads(session)  # idempotent
    assert len(session.scalars(select(Pad)).all()) == 2
    pad.turnaround_days = 10.0  # drifted from the data file: put back, and audited
    book.sync_pads(session)
    assert pad.turnaround_days == 45.0
    trail = book.audit_trail(session, people.admin, entity="pads", entity_id=PAD)
    assert [e.action for e in trail] == ["update", "create"]
    assert trail[0].before is not None and trail[0].before["turnaround_days"] == 10.0


def test_manifest_capacity_is_checked(session: Session, people: People) -> None:
    m = _mission(session, people.analyst, "sso-rideshare-1", T0)
    r1 = book.create_request(session, people.alpha, customer_id=people.alpha_id, **request_fields())
    r2 = book.create_request(
        session, people.beta, customer_id=people.beta_id, **request_fields(mass_kg=190.0)
    )
    r3 = book.create_request(
        session,
        people.beta,
        customer_id=people.beta_id,
        **request_fields(mass_kg=20.0, envelope_class="cubesat", adapter=None),
    )
    s1 = book.add_slot(session, people.analyst, mission_id=m.id, request_id=r1.id)
    assert (s1.port, s1.allocated_kg, s1.deploy_order) == (1, 122.0, 1)  # Lightband 2 kg
    assert r1.status is RequestStatus.MANIFESTED
    with pytest.raises(InputError) as err:  # 192 kg > 300 - 122 = 178 kg left
        book.add_slot(session, people.analyst, mission_id=m.id, request_id=r2.id)
    assert err.value.field == "mass_kg" and "178 kg" in err.value.allowed
    with pytest.raises(InputError) as err:
        book.add_slot(session, people.analyst, mission_id=m.id, request_id=r1.id)
    assert err.value.field == "request_id"  # already manifested
    with pytest.raises(InputError) as err:
        book.add_slot(session, people.analyst, mission_id=m.id, request_id=r3.id, port=1)
    assert err.value.field == "port"
    s3 = book.add_slot(session, people.analyst, mission_id=m.id, request_id=r3.id)
    assert s3.port == 2
    cap = book.capacity(session, m)
    assert (cap.remaining_kg, cap.remaining_ports) == (158.0, 0)
    r4 = book.create_request(
        session,
        people.alpha,
        customer_id=people.alpha_id,
        **request_fields(mass_kg=10.0, envelope_class="cubesat", adapter=None),
    )
    with pytest.raises(InputError) as err:  # mass would fit, but both ports are taken
        book.add_slot(session, people.analyst, mission_id=m.id, request_id=r4.id)
    assert err.value.field == "port"
    book.cancel_slot(session, people.analyst, s3.id)
    assert s3.status is SlotStatus.CANCELLED and r3.status is RequestStatus.SUBMITTED
    assert book.add_slot(session, people.analyst, mission_id=m.id, request_id=r4.id).port == 2
    session.commit()


def test_manifest_refuses_the_wrong_orbit_or_dates(session: Session, people: People) -> None:
    m = _mission(session, people.analyst, "sso-1", T0)
    leo = book.create_request(
        session,
        people.alpha,
        customer_id=people.alpha_id,
        **request_fields(orbit_class="leo", perigee_km=400.0),
    )
    late = book.create_request(
        session,
        people.alpha,
        customer_id=people.alpha_id,
        **request_fields(readiness_date=dt.date(2028, 7, 1), latest_date=dt.date(2028, 12, 1)),
    )
    with pytest.raises(InputError, match="sso") as err:
        book.add_slot(session, people.analyst, mission_id=m.id, request_id=leo.id)
    assert err.value.field == "request_id"
    with pytest.raises(InputError, match="2028-06-01") as err:
        book.add_slot(session, people.analyst, mission_id=m.id, request_id=late.id)
    assert err.value.field == "mission_id"
    with pytest.raises(AccessDeniedError):
        book.add_slot(session, people.alpha, mission_id=m.id, request_id=leo.id)


def test_pad_turnaround_conflict_names_the_booking(session: Session, people: People) -> None:
    a = _mission(session, people.analyst, "flight-a", T0)
    b = _mission(session, people.analyst, "flight-b", T0 + dt.timedelta(days=20))
    c = _mission(session, people.analyst, "flight-c", T0 + dt.timedelta(days=50))
    first = book.book_campaign(session, people.analyst, a.id)
    assert first.starts_at == T0 - dt.timedelta(days=3)
    assert first.ends_at == T0 + dt.timedelta(seconds=600)
    with pytest.raises(InputError) as err:
        book.book_campaign(session, people.analyst, b.id)
    msg = err.value.allowed
    assert err.value.field == "starts_at"
    assert f"booking {first.id}" in msg and f"mission {a.id}" in msg and "45-day turnaround" in msg
    assert "earliest start 2028-07-16T06:10:00Z" in msg  # T0 + 600 s + 45 days
    # maintenance may sit inside the turnaround, never over a booking
    book.book_pad(
        session,
        people.analyst,
        pad_id=PAD,
        starts_at=T0 + dt.timedelta(days=2),
        ends_at=T0 + dt.timedelta(days=9),
        activity="refurbishment",
    )
    with pytest.raises(InputError, match="overlaps"):
        book.book_pad(
            session,
            people.analyst,
            pad_id=PAD,
            starts_at=T0 - dt.timedelta(hours=1),
            ends_at=T0 + dt.timedelta(days=1),
            activity="maintenance",
        )
    cb = book.book_campaign(session, people.analyst, c.id)  # 47 days after a's launch: clear
    assert cb.starts_at == c.launch_time - dt.timedelta(days=3)
    other_pad = book.book_pad(  # the turnaround is per pad
        session,
        people.analyst,
        pad_id="baikonur-31-6",
        starts_at=T0 + dt.timedelta(days=20),
        ends_at=T0 + dt.timedelta(days=21),
        activity="launch",
    )
    assert other_pad.id is not None
    book.cancel_booking(session, people.analyst, first.id)
    with pytest.raises(InputError, match="turnaround before") as err:  # b + 45 days runs into c
        book.book_campaign(session, people.analyst, b.id)
    assert f"booking {cb.id}" in err.value.allowed
    session.commit()
    assert [x.mission_id for x in book.pad_schedule(session, PAD) if x.mission_id] == [c.id]


def test_campaign_milestones_follow_the_starsem_template(session: Session, people: People) -> None:
    m = _mission(session, people.analyst, "flight-m", T0)
    book.book_campaign(session, people.analyst, m.id)
    session.commit()
    ms = session.scalars(
        select(Milestone).where(Milestone.mission_id == m.id).order_by(Milestone.due)
    ).all()
    # starsem.com/services/campaign.htm: L-5 weeks arrival ... L-30 min service platform removed
    assert len(ms) == 11
    assert ms[0].name.startswith("spacecraft arrives") and ms[0].due == T0 - dt.timedelta(weeks=5)
    assert ms[0].owner == "customer"
    assert ms[-1].name == "service platform removed" and ms[-1].due == T0 - dt.timedelta(minutes=30)
    assert m.status is MissionStatus.CAMPAIGN


def test_public_schedule_and_fitting_flights(session: Session, people: People) -> None:
    m = _mission(session, people.analyst, "sso-open", T0)
    _mission(
        session,
        people.analyst,
        "leo-open",
        T0,
        orbit_class="leo",
        perigee_km=400.0,
        apogee_km=400.0,
        inclination_deg=51.6,
    )
    _mission(session, people.analyst, "secret", T0, public=False)
    r = book.create_request(
        session, people.alpha, customer_id=people.alpha_id, **request_fields(mass_kg=150.0)
    )
    book.add_slot(session, people.analyst, mission_id=m.id, request_id=r.id)
    session.commit()
    rows = book.public_schedule(session)
    assert [x["mission"] for x in rows] == ["sso-open", "leo-open"]
    assert rows[0]["remaining_kg"] == 148.0 and rows[0]["remaining_ports"] == 1
    assert rows[0]["launch_time_utc"] == "2028-06-01T06:00:00Z"
    assert "Alpha" not in repr(rows)
    fit = book.missions_that_fit(
        session, mass_kg=100.0, orbit_class="sso", readiness_date=dt.date(2028, 1, 1)
    )
    assert [x["mission"] for x in fit] == ["sso-open"]
    assert (
        book.missions_that_fit(
            session, mass_kg=160.0, orbit_class="sso", readiness_date=dt.date(2028, 1, 1)
        )
        == []
    )
    assert (
        book.missions_that_fit(
            session, mass_kg=10.0, orbit_class="sso", readiness_date=dt.date(2028, 7, 1)
        )
        == []
    )


def test_times_come_back_as_utc(session: Session, people: People) -> None:
    almaty = dt.timezone(dt.timedelta(hours=5))
    m = _mission(session, people.analyst, "tz", dt.datetime(2028, 6, 1, 11, 0, tzinfo=almaty))
    session.commit()
    session.expire_all()
    back = session.get(Mission, m.id)
    assert (
        back is not None
        and back.launch_time == T0
        and back.launch_time.utcoffset() == dt.timedelta(0)
    )
    with pytest.raises(InputError):
        _mission(session, people.analyst, "naive", dt.datetime(2028, 6, 1))
    with pytest.raises(InputError) as err:  # the catalog's vehicles only
        _mission(session, people.analyst, "nope", T0, vehicle="saturn-v")
    assert err.value.field == "vehicle" and "sunkar" in err.value.allowed
    n = session.scalars(select(AuditEntry).where(AuditEntry.entity == "missions")).all()
    assert (
        len(n) == 1
        and n[0].after is not None
        and n[0].after["launch_time"] == "2028-06-01T06:00:00+00:00"
    )


def test_withdraw_and_decline_free_the_slot(session: Session, people: People) -> None:
    m = _mission(session, people.analyst, "w-1", T0)
    r = book.create_request(session, people.alpha, customer_id=people.alpha_id, **request_fields())
    slot = book.add_slot(session, people.analyst, mission_id=m.id, request_id=r.id)
    with pytest.raises(AccessDeniedError):  # only staff decline
        book.withdraw_request(session, people.alpha, r.id, decline=True)
    with pytest.raises(InputError):  # another customer's request looks missing
        book.withdraw_request(session, people.beta, r.id)
    book.withdraw_request(session, people.alpha, r.id)
    assert r.status is RequestStatus.WITHDRAWN and slot.status is SlotStatus.CANCELLED
    assert book.capacity(session, m).remaining_kg == 300.0
    with pytest.raises(InputError, match="withdrawn"):
        book.withdraw_request(session, people.analyst, r.id, decline=True)
    r2 = book.create_request(session, people.beta, customer_id=people.beta_id, **request_fields())
    assert (
        book.withdraw_request(session, people.analyst, r2.id, decline=True).status
        is RequestStatus.DECLINED
    )
    session.commit()
    trail = book.audit_trail(session, people.analyst, entity="launch_requests", entity_id=r.id)
    assert [e.action for e in trail] == ["withdraw", "manifested", "create"]
    assert trail[0].role.value == "customer" and trail[0].after is not None
    assert trail[0].after["status"] == "withdrawn"
    with pytest.raises(AccessDeniedError):
        book.audit_trail(session, people.alpha)


def test_milestones_are_listed_and_completed(session: Session, people: People) -> None:
    m = _mission(session, people.analyst, "ms-1", T0)
    book.book_campaign(session, people.analyst, m.id)
    first = book.milestones(session, people.analyst, m.id)[0]
    assert book.complete_milestone(session, people.analyst, first.id).done
    session.commit()
    assert [x.done for x in book.milestones(session, people.analyst, m.id)][:2] == [True, False]
    with pytest.raises(AccessDeniedError):
        book.milestones(session, people.alpha, m.id)


def test_a_dedicated_launch_flies_alone(session: Session, people: People) -> None:
    m = _mission(session, people.analyst, "d-1", T0, capacity_kg=5000.0, capacity_ports=4)
    ded = book.create_request(
        session,
        people.alpha,
        customer_id=people.alpha_id,
        **request_fields(mass_kg=3000.0, envelope_class="full-fairing", service="dedicated"),
    )
    ride = book.create_request(session, people.beta, customer_id=people.beta_id, **request_fields())
    book.add_slot(session, people.analyst, mission_id=m.id, request_id=ded.id)
    with pytest.raises(InputError, match="dedicated") as err:
        book.add_slot(session, people.analyst, mission_id=m.id, request_id=ride.id)
    assert err.value.field == "mission_id"
    m2 = _mission(session, people.analyst, "d-2", T0, capacity_kg=5000.0, capacity_ports=4)
    ded2 = book.create_request(
        session,
        people.alpha,
        customer_id=people.alpha_id,
        **request_fields(mass_kg=2000.0, envelope_class="full-fairing", service="dedicated"),
    )
    book.add_slot(session, people.analyst, mission_id=m2.id, request_id=ride.id)
    with pytest.raises(InputError, match="flies alone") as err:
        book.add_slot(session, people.analyst, mission_id=m2.id, request_id=ded2.id)
    assert err.value.field == "request_id"
