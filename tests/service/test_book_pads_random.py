"""A seeded random sequence of pad bookings and cancellations (both databases): every booking
accepted keeps the pad's rules with every other one, and every refusal is justified, both
judged by an independent pairwise check written from the rule's statement in pads.py."""

from __future__ import annotations

import datetime as dt

import numpy as np
from _book_fixtures import seed
from sqlalchemy.orm import Session

from baiterek.errors import InputError
from baiterek.service import book
from baiterek.service.db import Mission, Pad

T0 = dt.datetime(2029, 1, 1, tzinfo=dt.UTC)
ACTIVITIES = ("campaign", "launch", "refurbishment", "maintenance")
WORK = {"campaign", "launch"}
Booking = tuple[dt.datetime, dt.datetime, str, int | None]


def _violates(a: Booking, b: Booking, gap: dt.timedelta) -> bool:
    """Whether two bookings of one pad break the rule (the order of a and b does not matter)."""
    (s1, e1, _, m1), (s2, e2, _, m2) = a, b
    if s1 < e2 and s2 < e1:
        return True
    if m1 is not None and m1 == m2:
        return False
    for (_, ea, ka, _), (sb, _, kb, _) in ((a, b), (b, a)):
        if ka == "launch" and kb in WORK and ea <= sb < ea + gap:
            return True
    return False


def test_random_bookings_keep_the_turnaround_rule(session: Session) -> None:
    people = seed(session)
    pad = session.get(Pad, "baikonur-45-1")
    assert pad is not None
    gap = dt.timedelta(days=pad.turnaround_days)
    missions = []
    for k in range(4):
        missions.append(
            book.create_mission(
                session,
                people.analyst,
                name=f"m{k}",
                vehicle="sunkar",
                pad_id=pad.id,
                launch_time=T0 + dt.timedelta(days=60 * k),
                window_s=0.0,
                orbit_class="leo",
                perigee_km=400.0,
                apogee_km=400.0,
                inclination_deg=51.6,
                capacity_kg=1000.0,
                capacity_ports=4,
            )
        )
    rng = np.random.default_rng(20261201)
    accepted: dict[int, Booking] = {}
    refused = 0
    for _ in range(70):
        if accepted and rng.random() < 0.15:
            victim = int(rng.choice(sorted(accepted)))
            book.cancel_booking(session, people.analyst, victim)
            del accepted[victim]
            continue
        start = T0 + dt.timedelta(hours=float(rng.integers(0, 24 * 240)))
        end = start + dt.timedelta(hours=float(rng.integers(1, 24 * 6)))
        kind = str(rng.choice(ACTIVITIES))
        mission: Mission | None = missions[int(rng.integers(0, 4))] if kind in WORK else None
        new: Booking = (start, end, kind, None if mission is None else mission.id)
        justified = any(_violates(new, old, gap) for old in accepted.values())
        try:
            b = book.book_pad(
                session,
                people.analyst,
                pad_id=pad.id,
                starts_at=start,
                ends_at=end,
                activity=kind,
                mission_id=new[3],
            )
        except InputError as err:
            assert justified, f"refused without cause: {new}: {err}"
            refused += 1
            continue
        assert not justified, f"accepted against the rule: {new}"
        accepted[b.id] = new
    session.commit()
    items = list(accepted.values())
    for i, a in enumerate(items):
        for b2 in items[i + 1 :]:
            assert not _violates(a, b2, gap), (a, b2)
    print(f"accepted {len(accepted)}, refused {refused}")
    assert len(accepted) >= 5 and refused >= 5  # the sequence exercised both outcomes
