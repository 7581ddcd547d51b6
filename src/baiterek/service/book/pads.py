"""Pads and their rules, pad bookings with turnaround conflicts, the launch campaign.

Pads and their rules come from ``service/data/pads.toml`` (``sync_pads``), the campaign template
from ``service/data/campaign.toml`` (Starsem's Soyuz/Fregat L-minus milestones). A booking
conflicts with another of the same pad when they overlap, or when a campaign or launch booking
starts less than the pad's ``turnaround_days`` after a launch booking of another mission ends
(refurbishment and maintenance may be booked inside a turnaround, never over another booking).
The InputError of a conflict names the conflicting booking and the earliest allowed time.
Operations flush and audit, the caller commits (as in ``sales``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service.book.access import STAFF, SYSTEM, Actor, NotFoundError, require
from baiterek.service.book.audit import record, snapshot
from baiterek.service.db import (
    Milestone,
    Mission,
    MissionStatus,
    Pad,
    PadActivity,
    PadBooking,
)

DATA = Path(__file__).resolve().parent.parent / "data"
OPEN_MISSION = (MissionStatus.PLANNED, MissionStatus.MANIFEST_OPEN)
LAUNCH_WORK = (PadActivity.CAMPAIGN, PadActivity.LAUNCH)
DAY_S = 86400.0


@dataclass(frozen=True, slots=True)
class MilestoneTemplate:
    name: str
    owner: str
    offset_s: float  # before launch, s


@cache
def campaign_template(path: str | Path = DATA / "campaign.toml") -> tuple[MilestoneTemplate, ...]:
    """The L-minus milestones of the campaign template, earliest first."""
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    out = []
    for m in doc["milestone"]:
        offset = (
            float(m.get("days_before", 0.0)) * DAY_S + float(m.get("hours_before", 0.0)) * 3600.0
        )
        out.append(MilestoneTemplate(m["name"], m["owner"], offset))
    return tuple(sorted(out, key=lambda t: -t.offset_s))


def sync_pads(
    session: Session, path: str | Path = DATA / "pads.toml", actor: Actor = SYSTEM
) -> list[Pad]:
    """Insert or update the pads and their rules from the data file (idempotent; each change
    audited; safe when several processes start at once)."""
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    pads = []
    for p in doc["pad"]:
        values = {
            "name": p["name"],
            "turnaround_days": float(p["turnaround_days"]),
            "occupancy_days": float(p["occupancy_days"]),
            "source": f"turnaround: {p['turnaround_source']}; occupancy: {p['occupancy_source']}",
        }
        pad = session.get(Pad, p["id"])
        if pad is None:
            try:
                with session.begin_nested():
                    pad = Pad(id=p["id"], **values)
                    session.add(pad)
                record(session, actor, "create", pad)
                pads.append(pad)
                continue
            except IntegrityError:  # another process inserted it first
                pad = session.get(Pad, p["id"], populate_existing=True)
                assert pad is not None
        if any(getattr(pad, k) != v for k, v in values.items()):
            before = snapshot(pad)
            for k, v in values.items():
                setattr(pad, k, v)
            session.flush()
            record(session, actor, "update", pad, before)
        pads.append(pad)
    session.flush()
    return pads


def book_pad(
    session: Session,
    actor: Actor,
    *,
    pad_id: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    activity: str,
    mission_id: int | None = None,
    note: str = "",
) -> PadBooking:
    """Book a pad (staff), refused with the conflicting booking named (see module docstring)."""
    require(actor, "book a pad", *STAFF)
    pad = session.get(Pad, pad_id, with_for_update=True)
    if pad is None:
        raise InputError("pad_id", pad_id, f"one of {', '.join(_pad_ids(session))}")
    try:
        act = PadActivity(activity)
    except ValueError:
        raise InputError(
            "activity", activity, f"one of {', '.join(a.value for a in PadActivity)}"
        ) from None
    for field, t in (("starts_at", starts_at), ("ends_at", ends_at)):
        if t.tzinfo is None:
            raise InputError(field, t.isoformat(), "a UTC time with its zone (Z)")
    if ends_at <= starts_at:
        raise InputError("ends_at", ends_at.isoformat(), f"after starts_at ({_iso(starts_at)})")
    if mission_id is not None:
        mission = session.get(Mission, mission_id)
        if mission is None:
            raise NotFoundError("mission_id", mission_id, "mission")
        if mission.pad_id != pad_id:
            raise InputError(
                "pad_id", pad_id, f"the pad of mission {mission.name} ({mission.pad_id})"
            )
    conflict = find_conflict(session, pad, starts_at, ends_at, act, mission_id)
    if conflict is not None:
        other, earliest, why = conflict
        raise InputError(
            "starts_at",
            _iso(starts_at),
            f"a time free on pad {pad_id}: {why} booking {other.id} ({other.activity.value}"
            f"{'' if other.mission_id is None else f', mission {other.mission_id}'}, "
            f"{_iso(other.starts_at)} to {_iso(other.ends_at)}); earliest start {_iso(earliest)}",
        )
    booking = PadBooking(
        pad_id=pad_id,
        mission_id=mission_id,
        activity=act,
        starts_at=starts_at.astimezone(dt.UTC),
        ends_at=ends_at.astimezone(dt.UTC),
        note=note,
        created_by=actor.user_id,
    )
    session.add(booking)
    session.flush()
    record(session, actor, "create", booking)
    return booking


def find_conflict(
    session: Session,
    pad: Pad,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    activity: PadActivity,
    mission_id: int | None = None,
) -> tuple[PadBooking, dt.datetime, str] | None:
    """The first booking of the pad that the proposed one would violate, the earliest start
    clear of it, and why (``overlaps`` or ``is within the turnaround after/before``)."""
    gap = dt.timedelta(days=pad.turnaround_days)
    others = session.scalars(
        select(PadBooking)
        .where(PadBooking.pad_id == pad.id, PadBooking.cancelled.is_(False))
        .order_by(PadBooking.starts_at)
    )
    for other in others:
        same = mission_id is not None and other.mission_id == mission_id
        if starts_at < other.ends_at and other.starts_at < ends_at:
            return other, other.ends_at, "overlaps"
        if same:
            continue
        if (
            other.activity is PadActivity.LAUNCH
            and activity in LAUNCH_WORK
            and other.ends_at <= starts_at < other.ends_at + gap
        ):
            return (
                other,
                other.ends_at + gap,
                f"is within the {pad.turnaround_days:g}-day turnaround after",
            )
        if (
            activity is PadActivity.LAUNCH
            and other.activity in LAUNCH_WORK
            and ends_at <= other.starts_at < ends_at + gap
        ):
            return (
                other,
                other.ends_at + gap,
                f"leaves less than the {pad.turnaround_days:g}-day turnaround before",
            )
    return None


def cancel_booking(session: Session, actor: Actor, booking_id: int) -> PadBooking:
    """Cancel a pad booking (staff)."""
    require(actor, "cancel a pad booking", *STAFF)
    b = session.get(PadBooking, booking_id)
    if b is None:
        raise NotFoundError("booking_id", booking_id, "pad booking")
    before = snapshot(b)
    b.cancelled = True
    session.flush()
    record(session, actor, "cancel", b, before)
    return b


def book_campaign(session: Session, actor: Actor, mission_id: int) -> PadBooking:
    """Book a mission's pad from L-``occupancy_days`` to the window's close (activity launch) and
    write its milestones from the campaign template (staff)."""
    require(actor, "book a launch campaign", *STAFF)
    mission = session.get(Mission, mission_id)
    if mission is None:
        raise NotFoundError("mission_id", mission_id, "mission")
    pad = mission.pad
    booking = book_pad(
        session,
        actor,
        pad_id=pad.id,
        starts_at=mission.launch_time - dt.timedelta(days=pad.occupancy_days),
        ends_at=mission.launch_time + dt.timedelta(seconds=max(mission.window_s, 1.0)),
        activity=PadActivity.LAUNCH.value,
        mission_id=mission.id,
        note=f"launch campaign of {mission.name}",
    )
    for t in campaign_template():
        ms = Milestone(
            mission_id=mission.id,
            name=t.name,
            owner=t.owner,
            offset_s=t.offset_s,
            due=mission.launch_time - dt.timedelta(seconds=t.offset_s),
        )
        session.add(ms)
        session.flush()
        record(session, actor, "create", ms)
    before = snapshot(mission)
    mission.status = MissionStatus.CAMPAIGN if mission.status in OPEN_MISSION else mission.status
    session.flush()
    record(session, actor, "campaign", mission, before)
    return booking


def pad_schedule(
    session: Session, pad_id: str | None = None, *, include_cancelled: bool = False
) -> list[PadBooking]:
    """Bookings by start time (of one pad if given): the analyst's timeline."""
    q = select(PadBooking).order_by(PadBooking.pad_id, PadBooking.starts_at)
    if pad_id is not None:
        q = q.where(PadBooking.pad_id == pad_id)
    if not include_cancelled:
        q = q.where(PadBooking.cancelled.is_(False))
    return list(session.scalars(q))


def _pad_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Pad.id).order_by(Pad.id)))


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def milestones(session: Session, actor: Actor, mission_id: int) -> list[Milestone]:
    """A mission's campaign milestones by due time (staff)."""
    require(actor, "list milestones", *STAFF)
    return list(
        session.scalars(
            select(Milestone).where(Milestone.mission_id == mission_id).order_by(Milestone.due)
        )
    )


def complete_milestone(session: Session, actor: Actor, milestone_id: int) -> Milestone:
    """Mark a milestone done (staff)."""
    require(actor, "complete a milestone", *STAFF)
    ms = session.get(Milestone, milestone_id)
    if ms is None:
        raise NotFoundError("milestone_id", milestone_id, "milestone")
    before = snapshot(ms)
    ms.done = True
    session.flush()
    record(session, actor, "done", ms, before)
    return ms
