"""Two processes filling one mission at the same moment never overbook it (both databases):
the mission row is locked (PostgreSQL ``FOR UPDATE``) or the write lock taken first (SQLite
``BEGIN IMMEDIATE``) before the capacity is read."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

from _book_fixtures import request_fields, seed
from sqlalchemy import select
from sqlalchemy.orm import Session

from baiterek.service import book
from baiterek.service.db import ManifestSlot, SlotStatus

N_REQUESTS = 100

_FILLER = """
import json, sys, time
from baiterek.errors import InputError
from baiterek.service import book
from baiterek.service.book import Actor
from baiterek.service.db import Role, session_factory, write_transaction
url, mission_id, ids, start = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), float(sys.argv[4])
factory = session_factory(url)
analyst = Actor(2, Role.ANALYST, name="ana")
time.sleep(max(0.0, start - time.time()))
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
        capacity_kg=150.0,
        capacity_ports=200,
    )
    fields = request_fields(mass_kg=2.5, envelope_class="cubesat", adapter=None)
    ids = [
        book.create_request(session, people.analyst, customer_id=people.alpha_id, **fields).id
        for _ in range(N_REQUESTS)
    ]  # 100 x 2.5 kg = 250 kg for 150 kg: exactly 60 fit
    session.commit()
    assert people.analyst.user_id == 2  # the id the filler script acts as
    start = time.time() + 2.0  # both processes started before they fill
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    halves = [ids[0::2], ids[1::2]]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _FILLER, db_url, str(mission.id), json.dumps(h), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for h in halves
    ]
    results = []
    try:
        for p in procs:
            out, err = p.communicate(timeout=120)
            results.append((p.returncode, out, err))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    for code, _, err in results:
        assert code == 0, err
    counts = [json.loads(out) for _, out, _ in results]
    print(f"added/refused per process: {counts}")
    session.expire_all()
    slots = session.scalars(
        select(ManifestSlot).where(
            ManifestSlot.mission_id == mission.id, ManifestSlot.status != SlotStatus.CANCELLED
        )
    ).all()
    assert sum(s.allocated_kg for s in slots) == 150.0
    assert len(slots) == 60 == sum(c["added"] for c in counts)
    assert len({s.port for s in slots}) == 60
