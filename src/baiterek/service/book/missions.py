"""Missions and their manifest: capacity checks, the public schedule, the flights that fit.

Operations flush and audit, the caller commits (as in ``sales``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service import pricing
from baiterek.service.book.access import STAFF, Actor, NotFoundError, require
from baiterek.service.book.audit import record, snapshot
from baiterek.service.book.pads import DAY_S, OPEN_MISSION, _iso, _pad_ids
from baiterek.service.book.sales import get_request
from baiterek.service.db import (
    LaunchRequest,
    ManifestSlot,
    Mission,
    MissionStatus,
    OrbitClass,
    Pad,
    RequestStatus,
    Role,
    Service,
    SlotStatus,
)

ACTIVE_SLOT = (SlotStatus.RESERVED, SlotStatus.CONFIRMED, SlotStatus.DEPLOYED)


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
    known = vehicle_ids()
    if vehicle not in known:
        raise InputError("vehicle", vehicle, f"one of {', '.join(known)}")
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
        launch_time=launch_time.astimezone(dt.UTC),
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
    manifested, a dedicated request alone on its mission, its mass (adapter included) within
    the remaining mass, a free port."""
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
    if req.service is Service.DEDICATED and active:
        raise InputError(
            "request_id",
            request_id,
            f"a rideshare request: a dedicated launch flies alone, and mission {mission.name} "
            f"has {len(active)} payload(s)",
        )
    if any(s.request.service is Service.DEDICATED for s in active):
        raise InputError("mission_id", mission_id, "a mission not dedicated to another payload")
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


@cache
def vehicle_ids() -> tuple[str, ...]:
    """The catalog's vehicle ids (through ``baiterek.api``)."""
    from baiterek import api

    return tuple(api.vehicles().ids)


def _active_slots(session: Session, mission_id: int) -> list[ManifestSlot]:
    return list(
        session.scalars(
            select(ManifestSlot).where(
                ManifestSlot.mission_id == mission_id, ManifestSlot.status.in_(ACTIVE_SLOT)
            )
        )
    )


def withdraw_request(
    session: Session, actor: Actor, request_id: int, *, decline: bool = False
) -> LaunchRequest:
    """Close a request: withdrawn (by its customer or staff) or declined (staff only). Its
    active manifest slot, if any, is cancelled; its quotes stay as they were."""
    require(actor, "close a launch request", Role.CUSTOMER, *STAFF)
    if decline:
        require(actor, "decline a launch request", *STAFF)
    req = get_request(session, actor, request_id)
    if req.status in (RequestStatus.WITHDRAWN, RequestStatus.DECLINED):
        raise InputError(
            "request_id", request_id, f"an open request (this one is {req.status.value})"
        )
    for slot in session.scalars(
        select(ManifestSlot).where(
            ManifestSlot.request_id == req.id, ManifestSlot.status.in_(ACTIVE_SLOT)
        )
    ):
        before = snapshot(slot)
        slot.status = SlotStatus.CANCELLED
        slot.port = None
        session.flush()
        record(session, actor, "cancel", slot, before)
    before = snapshot(req)
    req.status = RequestStatus.DECLINED if decline else RequestStatus.WITHDRAWN
    session.flush()
    record(session, actor, "decline" if decline else "withdraw", req, before)
    return req
