"""Two processes filling one mission at the same moment never overbook it (both databases):
the mission row is locked (PostgreSQL ``FOR UPDATE``) or the write lock taken first (SQLite
``BEGIN IMMEDIATE``) before the capacity is read."""

from __future__ import annotations

import datetime as dt
import json

from _book_fixtures import request_fields, seed
from _procs import BARRIER, run_together
from sqlalchemy import select
from sqlalchemy.orm import Session

from baiterek.service import book
from baiterek.service.db import ManifestSlot, SlotStatus

N_REQUESTS = 60

_FILLER = (
    """
import json, sys
from sqlalchemy import text
from baiterek.errors import InputError
from baiterek.service import book
from baiterek.service.book import Actor
from baiterek.service.db import Role, session_factory, write_transaction
url, mission_id, ids = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
factory = session_factory(url)
with factory() as s:
    s.execute(text("SELECT 1"))  # connected before the barrier
analyst = Actor(2, Role.ANALYST, name="ana")
"""
    + BARRIER
    + """
added = refused = 0
for rid in ids:
    try:
        with write_transaction(factory) as s:
            book.add_slot(s, analyst, mission_id=mission_id, request_id=rid)
        added += 1
    except InputError:
        refused += 1
print(json.dumps({"added": added, "refused": refused}))
"""
)


def test_two_processes_never_overbook_a_mission(db_url: str, session: Session) -> None:
    people = seed(session)
    mission = book.create_mission(
        session,
        people.analyst,
        name="crowded",
        vehicle="sunkar",
        pad_id="baikonur-45-1",
        launch_time=dt.datetime(2028, 6, 1, 6, tzinfo=dt.UTC),
        window_s=600.0,
        orbit_class="sso",
        perigee_km=500.0,
        apogee_km=500.0,
        inclination_deg=97.4,
        capacity_kg=90.0,
        capacity_ports=200,
    )
    fields = request_fields(mass_kg=2.5, envelope_class="cubesat", adapter=None)
    ids = [
        book.create_request(session, people.analyst, customer_id=people.alpha_id, **fields).id
        for _ in range(N_REQUESTS)
    ]  # 60 x 2.5 kg = 150 kg for 90 kg: exactly 36 fit
    session.commit()
    assert people.analyst.user_id == 2  # the id the filler script acts as
    halves = [ids[0::2], ids[1::2]]
    counts = run_together([(_FILLER, [db_url, str(mission.id), json.dumps(h)]) for h in halves])
    print(f"added/refused per process: {counts}")
    session.expire_all()
    slots = session.scalars(
        select(ManifestSlot).where(
            ManifestSlot.mission_id == mission.id, ManifestSlot.status != SlotStatus.CANCELLED
        )
    ).all()
    assert sum(s.allocated_kg for s in slots) == 90.0
    assert len(slots) == 36 == sum(c["added"] for c in counts)
    assert len({s.port for s in slots}) == 36
