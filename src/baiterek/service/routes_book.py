"""The provider's book over HTTP: indicative prices and the public schedule (anyone), the
formal-quote hand-off (anyone), requests and quotes (customers: their own; staff: all),
missions, manifest slots and pad bookings (staff). Every rule is the book's (``service.book``):
this module maps JSON to its functions, one transaction per request."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from baiterek.service import book, pricing
from baiterek.service.auth import Customerish, Staff, Who
from baiterek.service.book_schemas import (
    BookingIn,
    BookingList,
    BookingOut,
    FlightList,
    LaunchRequestOut,
    Me,
    MissionIn,
    MissionList,
    MissionOut,
    PadList,
    PriceOut,
    PriceRequest,
    QuoteList,
    QuoteOut,
    QuoteRequestIn,
    QuoteRequestOut,
    RequestList,
    SlotIn,
    SlotOut,
)
from baiterek.service.db import LaunchRequest, Mission, Pad, PadBooking, Quote
from baiterek.service.schemas import ERROR_RESPONSES
from baiterek.service.state import State

router = APIRouter(responses=ERROR_RESPONSES)

RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="a row id")]
PadId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9.-]{0,39}$", description="a pad (site) id")]

LEO_MAX_KM = 2000.0
"""Above this altitude a circular or elliptical orbit is not priced as LEO (the usual bound)."""

ENVELOPES = ((25.0, "cubesat"), (60.0, "nanosat"), (200.0, "microsat"), (400.0, "minisat"))
"""Upper mass (kg) of each envelope class (the book's bands, db.enums.EnvelopeClass)."""


def orbit_class(orbit: str, altitude_km: float | None) -> str:
    """The price/book orbit class of a page orbit (sso, gto; circular/elliptical low: leo)."""
    if orbit in ("sso", "gto"):
        return orbit
    if altitude_km is not None and altitude_km > LEO_MAX_KM:
        return "gto"
    return "leo"


def envelope_of(mass_kg: float) -> str:
    for top, name in ENVELOPES:
        if mass_kg <= top:
            return name
    return "full-fairing"


def _iso(t: dt.datetime | dt.date | None) -> str | None:
    if t is None:
        return None
    if isinstance(t, dt.datetime):
        return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.isoformat()


def _request_out(r: LaunchRequest) -> dict[str, Any]:
    return {
        "id": r.id, "customer_id": r.customer_id, "customer": r.customer.name,
        "mass_kg": r.mass_kg, "envelope_class": r.envelope_class.value,
        "orbit_class": r.orbit_class.value, "perigee_km": r.perigee_km,
        "apogee_km": r.apogee_km, "inclination_deg": r.inclination_deg,
        "readiness_date": _iso(r.readiness_date), "latest_date": _iso(r.latest_date),
        "service": r.service.value, "status": r.status.value, "notes": r.notes,
    }  # fmt: skip


def _quote_out(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id, "request_id": q.request_id, "version": q.version, "status": q.status.value,
        "currency": q.currency, "total": str(q.total), "deposit": str(q.deposit),
        "valid_until": _iso(q.valid_until), "breakdown": q.breakdown,
        "exchange_rate_date": _iso(q.exchange_rate_date),
    }  # fmt: skip


def _mission_out(s: Any, m: Mission) -> dict[str, Any]:
    cap = book.capacity(s, m)
    return {
        "id": m.id, "name": m.name, "vehicle": m.vehicle, "pad": m.pad_id,
        "launch_time_utc": _iso(m.launch_time),
        "orbit": f"{m.orbit_class.value} {m.perigee_km:g} x {m.apogee_km:g} km, {m.inclination_deg:g} deg",
        "capacity_kg": m.capacity_kg, "used_kg": cap.allocated_kg,
        "capacity_ports": m.capacity_ports, "used_ports": cap.used_ports, "status": m.status.value,
    }  # fmt: skip


def _booking_out(b: PadBooking) -> dict[str, Any]:
    return {
        "id": b.id, "pad_id": b.pad_id, "mission_id": b.mission_id,
        "mission": b.mission.name if b.mission is not None else None,
        "activity": b.activity.value, "starts_utc": _iso(b.starts_at),
        "ends_utc": _iso(b.ends_at), "note": b.note,
    }  # fmt: skip


def _flight_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["mission"], "vehicle": row["vehicle"], "pad": row["pad"],
        "launch_time_utc": row["launch_time_utc"],
        "orbit": f"{row['orbit_class']} {row['perigee_km']:g} x {row['apogee_km']:g} km, "
        f"{row['inclination_deg']:g} deg",
        "free_kg": row["remaining_kg"], "free_ports": row["remaining_ports"],
        "status": row["status"],
    }  # fmt: skip


# --- public -----------------------------------------------------------------------------------


@router.get("/me", response_model=Me, tags=["book"])
def me(who: Who) -> dict[str, Any]:
    """Who the token stands for (the public without one)."""
    a = who.actor
    return {"name": a.name, "role": a.role.value, "customer_id": a.customer_id}


@router.post("/price", response_model=PriceOut, tags=["public"])
def indicative_price(req: PriceRequest) -> dict[str, Any]:
    """An indicative price with its breakdown, from the price model (``prices.toml``)."""
    cls = orbit_class(req.orbit, req.altitude_km)
    p = pricing.price(mass_kg=req.payload_kg, orbit_class=cls, service=req.service,
                      adapter=req.adapter, options=list(req.options), currency=req.currency,
                      readiness_date=req.readiness_date)  # fmt: skip
    return {**p.to_json(), "orbit_class": cls}


@router.get("/schedule/public", response_model=FlightList, tags=["public"])
def schedule_public(st: State) -> dict[str, Any]:
    """Public flights from today on, with free mass and ports (no customer names)."""
    now = dt.datetime.now(dt.UTC)
    with st.sessions.begin() as s:
        return {"flights": [_flight_out(r) for r in book.public_schedule(s, after=now)]}


@router.get("/schedule/fits", response_model=FlightList, tags=["public"])
def schedule_fits(
    st: State,
    payload_kg: float = Query(gt=0.0, le=100_000.0),
    orbit: str = Query("sso", pattern="^(sso|circular|elliptical|gto)$"),
    altitude_km: float | None = Query(None, gt=80.0, le=40_000.0),
    after: dt.date | None = None,
) -> dict[str, Any]:
    """Public flights open for manifest that a payload fits (orbit class, date, mass, a port)."""
    day = after or dt.datetime.now(dt.UTC).date()
    with st.sessions.begin() as s:
        rows = book.missions_that_fit(s, mass_kg=payload_kg, readiness_date=day,
                                      orbit_class=orbit_class(orbit, altitude_km))  # fmt: skip
        return {"flights": [_flight_out(r) for r in rows]}


@router.post("/quote-requests", response_model=QuoteRequestOut, status_code=201, tags=["public"])
def quote_request(req: QuoteRequestIn, st: State) -> dict[str, Any]:
    """ "Request a formal quote": registers the organisation and creates its launch request."""
    ltan = None
    if (
        req.orbit == "sso" and req.local_time is not None
    ):  # the page's time is the descending node's
        h, m = (int(x) for x in req.local_time.split(":"))
        ltan = (h + m / 60.0 + 12.0) % 24.0
    with st.writes.begin() as s:
        r = book.submit_public_request(
            s, organisation=req.organisation, country=req.country,
            contact_email=req.contact_email, mass_kg=req.mass_kg,
            envelope_class=envelope_of(req.mass_kg),
            orbit_class=orbit_class(req.orbit, req.altitude_km), perigee_km=req.altitude_km,
            inclination_deg=req.inclination_deg, ltan_h=ltan, readiness_date=req.readiness_date,
            latest_date=req.latest_date, service=req.service,
            notes=f"spacecraft: {req.spacecraft_name}" + (f"; {req.notes}" if req.notes else ""),
        )  # fmt: skip
        return {"request_id": r.id, "reference": f"REQ-{r.id:05d}", "status": r.status.value}


# --- customers and staff ----------------------------------------------------------------------


@router.get("/requests", response_model=RequestList, tags=["book"])
def requests(who: Customerish, st: State) -> dict[str, Any]:
    """Launch requests (a customer's own; all for staff), newest first."""
    with st.sessions.begin() as s:
        return {"requests": [_request_out(r) for r in book.list_requests(s, who.actor)]}


@router.get("/requests/{request_id}", response_model=LaunchRequestOut, tags=["book"])
def request_one(request_id: RowId, who: Customerish, st: State) -> dict[str, Any]:
    with st.sessions.begin() as s:
        return _request_out(book.get_request(s, who.actor, request_id))


@router.post("/requests/{request_id}/quotes", response_model=QuoteOut, status_code=201,
             tags=["book"])  # fmt: skip
def price_request(request_id: RowId, who: Staff, st: State) -> dict[str, Any]:
    """Price a request: a new draft quote version with its breakdown (staff)."""
    with st.writes.begin() as s:
        return _quote_out(book.price_request(s, who.actor, request_id))


@router.get("/quotes", response_model=QuoteList, tags=["book"])
def quotes(who: Customerish, st: State) -> dict[str, Any]:
    with st.sessions.begin() as s:
        return {"quotes": [_quote_out(q) for q in book.list_quotes(s, who.actor)]}


@router.get("/quotes/{quote_id}", response_model=QuoteOut, tags=["book"])
def quote_one(quote_id: RowId, who: Customerish, st: State) -> dict[str, Any]:
    """A quote (a customer sees only its own: another's is 404, as a missing one)."""
    with st.sessions.begin() as s:
        return _quote_out(book.get_quote(s, who.actor, quote_id))


@router.post("/quotes/{quote_id}/approve", response_model=QuoteOut, tags=["book"])
def approve(quote_id: RowId, who: Staff, st: State) -> dict[str, Any]:
    """Approve the latest draft: the approved copy is a new version (staff)."""
    with st.writes.begin() as s:
        return _quote_out(book.approve_quote(s, who.actor, quote_id))


@router.get("/missions", response_model=MissionList, tags=["book"])
def missions(who: Staff, st: State) -> dict[str, Any]:
    from sqlalchemy import select

    with st.sessions.begin() as s:
        rows = s.scalars(select(Mission).order_by(Mission.launch_time)).all()
        return {"missions": [_mission_out(s, m) for m in rows]}


@router.post("/missions", response_model=MissionOut, status_code=201, tags=["book"])
def create_mission(req: MissionIn, who: Staff, st: State) -> dict[str, Any]:
    kw = req.model_dump(exclude={"launch_time_utc"})
    with st.writes.begin() as s:
        m = book.create_mission(s, who.actor, launch_time=req.launch_time_utc, **kw)
        return _mission_out(s, m)


@router.post("/missions/{mission_id}/slots", response_model=SlotOut, status_code=201,
             tags=["book"])  # fmt: skip
def add_slot(mission_id: RowId, req: SlotIn, who: Staff, st: State) -> dict[str, Any]:
    """Put a request on a mission (capacity, orbit, dates and port checked by the book)."""
    with st.writes.begin() as s:
        slot = book.add_slot(s, who.actor, mission_id=mission_id, **req.model_dump())
        return {"id": slot.id, "mission_id": slot.mission_id, "request_id": slot.request_id,
                "port": slot.port, "allocated_kg": slot.allocated_kg,
                "deploy_order": slot.deploy_order, "status": slot.status.value}  # fmt: skip


@router.get("/pads", response_model=PadList, tags=["book"])
def pads(who: Staff, st: State) -> dict[str, Any]:
    """The pads and their rules (turnaround and occupancy, with sources)."""
    from sqlalchemy import select

    with st.sessions.begin() as s:
        rows = s.scalars(select(Pad).order_by(Pad.id)).all()
        return {"pads": [{"id": p.id, "name": p.name, "turnaround_days": p.turnaround_days,
                          "occupancy_days": p.occupancy_days, "source": p.source}
                         for p in rows]}  # fmt: skip


@router.get("/pads/{pad_id}/bookings", response_model=BookingList, tags=["book"])
def bookings(pad_id: PadId, who: Staff, st: State) -> dict[str, Any]:
    with st.sessions.begin() as s:
        return {"bookings": [_booking_out(b) for b in book.pad_schedule(s, pad_id)]}


@router.post("/pads/{pad_id}/bookings", response_model=BookingOut, status_code=201,
             tags=["book"])  # fmt: skip
def book_pad(pad_id: PadId, req: BookingIn, who: Staff, st: State) -> dict[str, Any]:
    """Book the pad; a booking that overlaps another or breaks the pad's turnaround is refused
    (422) naming the conflicting booking and the earliest start clear of it."""
    with st.writes.begin() as s:
        b = book.book_pad(s, who.actor, pad_id=pad_id, starts_at=req.starts_utc,
                          ends_at=req.ends_utc, activity=req.activity,
                          mission_id=req.mission_id, note=req.note)  # fmt: skip
        return _booking_out(b)
