"""Missions, the manifest (capacity checks), pad bookings (turnaround conflicts), the campaign.

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
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service import pricing
from baiterek.service.book.access import STAFF, Actor, NotFoundError, require
from baiterek.service.book.audit import record, snapshot
from baiterek.service.book.sales import get_request
from baiterek.service.db import (
    ManifestSlot,
    Milestone,
    Mission,
    MissionStatus,
    OrbitClass,
    Pad,
    PadActivity,
    PadBooking,
    RequestStatus,
    SlotStatus,
)

DATA = Path(__file__).resolve().parent.parent / "data"
ACTIVE_SLOT = (SlotStatus.RESERVED, SlotStatus.CONFIRMED, SlotStatus.DEPLOYED)
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


def sync_pads(session: Session, path: str | Path = DATA / "pads.toml") -> list[Pad]:
    """Insert or update the pads and their rules from the data file (idempotent)."""
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    pads = []
    for p in doc["pad"]:
        source = f"turnaround: {p['turnaround_source']}; occupancy: {p['occupancy_source']}"
        pad = session.get(Pad, p["id"]) or Pad(id=p["id"])
        pad.name = p["name"]
        pad.turnaround_days = float(p["turnaround_days"])
        pad.occupancy_days = float(p["occupancy_days"])
        pad.source = source
        session.add(pad)
        pads.append(pad)
    session.flush()
    return pads


def create_mission(
    session: Session,
    actor: Actor,
    *,
    name: str,
    vehicle: str,
    pad_id: str,
    launch_time: dt.datetime,
    window_s: float,
    orbit_class: str,
    perigee_km: float,
    apogee_km: float,
    inclination_deg: float,
    capacity_kg: float,
    capacity_ports: int,
    public: bool = True,
    status: str = MissionStatus.MANIFEST_OPEN.value,
) -> Mission:
    """Plan a mission (staff)."""
    require(actor, "create a mission", *STAFF)
    if session.get(Pad, pad_id) is None:
        raise InputError(
            "pad_id", pad_id, f"one of {', '.join(_pad_ids(session)) or 'the synced pads'}"
        )
    if not name.strip() or session.scalars(select(Mission).where(Mission.name == name)).first():
        raise InputError("name", name, "a mission name not yet taken")
    if launch_time.tzinfo is None:
        raise InputError("launch_time", launch_time.isoformat(), "a UTC time with its zone (Z)")
    if not 0.0 <= window_s <= 7 * DAY_S:
        raise InputError("window_s", window_s, "0 to 7 days in s")
    if not capacity_kg > 0.0:
        raise InputError("capacity_kg", capacity_kg, "a mass > 0 kg")
    if not 1 <= capacity_ports <= 200:
        raise InputError("capacity_ports", capacity_ports, "1 to 200 ports")
    if not 100.0 <= perigee_km <= apogee_km:
        raise InputError("perigee_km", perigee_km, f"100 km up to the apogee ({apogee_km:g} km)")
    if not 0.0 <= inclination_deg <= 180.0:
        raise InputError("inclination_deg", inclination_deg, "from 0 to 180 deg")
    try:
        orbit = OrbitClass(orbit_class)
        mstatus = MissionStatus(status)
    except ValueError as exc:
        raise InputError("orbit_class", orbit_class, "a known orbit class and status") from exc
    mission = Mission(
        name=name,
        vehicle=vehicle,
        pad_id=pad_id,
        launch_time=launch_time,
        window_s=float(window_s),
        orbit_class=orbit,
        perigee_km=float(perigee_km),
        apogee_km=float(apogee_km),
        inclination_deg=float(inclination_deg),
        capacity_kg=float(capacity_kg),
        capacity_ports=int(capacity_ports),
        public=public,
        status=mstatus,
    )
    session.add(mission)
    session.flush()
    record(session, actor, "create", mission)
    return mission


@dataclass(frozen=True, slots=True)
class Capacity:
    """What is left on a mission: mass (kg, adapters included) and ports."""

    capacity_kg: float
    allocated_kg: float
    capacity_ports: int
    used_ports: int

    @property
    def remaining_kg(self) -> float:
        return self.capacity_kg - self.allocated_kg

    @property
    def remaining_ports(self) -> int:
        return self.capacity_ports - self.used_ports


def capacity(session: Session, mission: Mission) -> Capacity:
    """The mission's capacity and what its active slots take."""
    slots = _active_slots(session, mission.id)
    return Capacity(
        mission.capacity_kg,
        sum(s.allocated_kg for s in slots),
        mission.capacity_ports,
        len(slots),
    )


def add_slot(
    session: Session,
    actor: Actor,
    *,
    mission_id: int,
    request_id: int,
    port: int | None = None,
    deploy_order: int | None = None,
) -> ManifestSlot:
    """Put a request on a mission (staff). Checks: the mission open, the orbit class the same,
    the launch date within the request's readiness and latest dates, the request not already
    manifested, its mass (adapter included) within the remaining mass, a free port."""
    require(actor, "add a manifest slot", *STAFF)
    mission = session.get(Mission, mission_id, with_for_update=True)
    if mission is None:
        raise NotFoundError("mission_id", mission_id, "mission")
    req = get_request(session, actor, request_id)
    if mission.status not in OPEN_MISSION:
        raise InputError(
            "mission_id",
            mission_id,
            f"a mission open for manifest (this one is {mission.status.value})",
        )
    if req.orbit_class is not mission.orbit_class:
        raise InputError(
            "request_id",
            request_id,
            f"a request to {mission.orbit_class.value} (it asks for {req.orbit_class.value})",
        )
    day = mission.launch_time.date()
    if not req.readiness_date <= day <= req.latest_date:
        raise InputError(
            "mission_id",
            mission_id,
            f"a mission launching from {req.readiness_date} to {req.latest_date} (this one launches {day})",
        )
    if req.status in (RequestStatus.WITHDRAWN, RequestStatus.DECLINED):
        raise InputError(
            "request_id", request_id, f"an open request (this one is {req.status.value})"
        )
    active = _active_slots(session, mission.id)
    taken = session.scalars(
        select(ManifestSlot).where(
            ManifestSlot.request_id == req.id, ManifestSlot.status.in_(ACTIVE_SLOT)
        )
    ).first()
    if taken is not None:
        raise InputError(
            "request_id",
            request_id,
            f"a request not yet manifested (slot {taken.id} on mission {taken.mission_id})",
        )
    allocated = req.mass_kg + pricing.adapter_mass_kg(req.adapter)
    cap = capacity(session, mission)
    if allocated > cap.remaining_kg + 1e-9:
        raise InputError(
            "mass_kg",
            allocated,
            f"at most {cap.remaining_kg:g} kg on mission {mission.name} "
            f"({cap.capacity_kg:g} kg capacity, {cap.allocated_kg:g} kg allocated; adapter included)",
        )
    used = {s.port for s in active if s.port is not None}
    if cap.remaining_ports <= 0:
        raise InputError(
            "port",
            port,
            f"a free port: all {mission.capacity_ports} ports of mission {mission.name} are taken",
        )
    if port is None:
        port = min(p for p in range(1, mission.capacity_ports + 1) if p not in used)
    elif not 1 <= port <= mission.capacity_ports or port in used:
        free = [p for p in range(1, mission.capacity_ports + 1) if p not in used]
        raise InputError(
            "port", port, f"a free port of mission {mission.name}: {', '.join(map(str, free))}"
        )
    slot = ManifestSlot(
        mission_id=mission.id,
        request_id=req.id,
        port=port,
        allocated_kg=allocated,
        deploy_order=deploy_order if deploy_order is not None else len(active) + 1,
        status=SlotStatus.RESERVED,
    )
    session.add(slot)
    before_req = snapshot(req)
    req.status = RequestStatus.MANIFESTED
    session.flush()
    record(session, actor, "create", slot)
    record(session, actor, "manifested", req, before_req)
    return slot


def cancel_slot(session: Session, actor: Actor, slot_id: int) -> ManifestSlot:
    """Cancel a slot (staff): its mass and port are free again; the request is open again."""
    require(actor, "cancel a manifest slot", *STAFF)
    slot = session.get(ManifestSlot, slot_id)
    if slot is None:
        raise NotFoundError("slot_id", slot_id, "manifest slot")
    if slot.status is SlotStatus.CANCELLED:
        return slot
    before = snapshot(slot)
    slot.status = SlotStatus.CANCELLED
    slot.port = None
    req_before = snapshot(slot.request)
    slot.request.status = RequestStatus.QUOTED if slot.request.quotes else RequestStatus.SUBMITTED
    session.flush()
    record(session, actor, "cancel", slot, before)
    record(session, actor, "unmanifested", slot.request, req_before)
    return slot


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
        starts_at=starts_at,
        ends_at=ends_at,
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


def public_schedule(session: Session, *, after: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Public missions from ``after`` on, with remaining mass and ports (no customer names)."""
    q = select(Mission).where(Mission.public.is_(True)).order_by(Mission.launch_time)
    if after is not None:
        q = q.where(Mission.launch_time >= after)
    out = []
    for m in session.scalars(q):
        cap = capacity(session, m)
        out.append(
            {
                "mission": m.name,
                "vehicle": m.vehicle,
                "pad": m.pad_id,
                "launch_time_utc": _iso(m.launch_time),
                "window_s": m.window_s,
                "orbit_class": m.orbit_class.value,
                "perigee_km": m.perigee_km,
                "apogee_km": m.apogee_km,
                "inclination_deg": m.inclination_deg,
                "status": m.status.value,
                "remaining_kg": cap.remaining_kg,
                "remaining_ports": cap.remaining_ports,
            }
        )
    return out


def missions_that_fit(
    session: Session,
    *,
    mass_kg: float,
    orbit_class: str,
    readiness_date: dt.date,
    latest_date: dt.date | None = None,
    adapter: str | None = None,
) -> list[dict[str, Any]]:
    """Public missions open for manifest that a payload fits: orbit class, dates, mass, a port."""
    need = mass_kg + pricing.adapter_mass_kg(adapter)
    start = dt.datetime.combine(readiness_date, dt.time(), dt.UTC)
    out = []
    for row in public_schedule(session, after=start):
        day = dt.date.fromisoformat(row["launch_time_utc"][:10])
        if (
            row["orbit_class"] == orbit_class
            and row["status"] in {s.value for s in OPEN_MISSION}
            and (latest_date is None or day <= latest_date)
            and row["remaining_kg"] >= need
            and row["remaining_ports"] > 0
        ):
            out.append(row)
    return out


def _active_slots(session: Session, mission_id: int) -> list[ManifestSlot]:
    return list(
        session.scalars(
            select(ManifestSlot).where(
                ManifestSlot.mission_id == mission_id, ManifestSlot.status.in_(ACTIVE_SLOT)
            )
        )
    )


def _pad_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Pad.id).order_by(Pad.id)))


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
