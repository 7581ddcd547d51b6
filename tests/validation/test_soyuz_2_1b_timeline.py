"""Validation: Soyuz-2.1b simulated events against the published timeline (printed, with misses).

Flight: 7,000 kg Progress-class payload to 200 x 240 km at 51.67 deg from Site 31/6.
Inputs (not validation): booster and core cutoff/separation times are catalog data taken from
the same sources (SpaceBallistics Consts.h), so they are printed as consistency checks.
Predictions: max-Q, fairing jettison by the 1,135 W/m2 rule, payload separation.

Error budget for max-Q (+/-10 s): the drag table is a generic assumption [U] and the pitch
program is baiterek's (kick optimised for mass), not Soyuz's flight program.
"""

import pytest

from baiterek.flight.simulate import fly
from baiterek.mission import mission_from_dict

pytestmark = pytest.mark.validation

MISSION = {
    "mission": {"vehicle": "soyuz-2.1b", "site": "baikonur-31-6", "payload_kg": 7000},
    "target": {"kind": "elliptical", "perigee_km": 200, "apogee_km": 240, "inclination_deg": 51.67},
}

# (event, published value or range (s), tolerance (s), source, kind)
PUBLISHED = [
    (
        "max_q",
        72.0,
        10.0,
        "SpaceBallistics Consts.h 'MaxQ occurs at approx 72.0 sec' [C]",
        "prediction",
    ),
    ("boosters_separation", 118.9, 0.5, "SpaceBallistics Consts.h; NASA T+1:58 [C/P]", "input"),
    ("core_separation", 287.7, 0.5, "SpaceBallistics Consts.h [C]", "input"),
    (
        "fairing_jettison",
        (157.0, 228.0),
        0.0,
        "SpaceBallistics Consts.h: 157-228 s by mission [C]",
        "prediction",
    ),
    (
        "payload_separation",
        (530.0, 560.0),
        0.0,
        "issue 2: about 530-560 s; Starsem 561.9 s [C]",
        "prediction",
    ),
]


@pytest.fixture(scope="module")
def trajectory():
    return fly(mission_from_dict(MISSION))


@pytest.mark.parametrize(
    "name, published, tol, source, kind", PUBLISHED, ids=[p[0] for p in PUBLISHED]
)
def test_event_against_published(trajectory, name, published, tol, source, kind):
    ev = trajectory.event(name)
    assert ev is not None, f"no {name} event"
    if isinstance(published, tuple):
        lo, hi = published
        miss = 0.0 if lo <= ev.time <= hi else min(abs(ev.time - lo), abs(ev.time - hi))
        print(
            f"\n{name} ({kind}): simulated {ev.time:.1f} s, published {lo:g}-{hi:g} s, miss {miss:.1f} s [{source}]"
        )
        assert miss == 0.0, f"{name}: {ev.time:.1f} s outside {lo:g}-{hi:g} s"
    else:
        miss = ev.time - published
        print(
            f"\n{name} ({kind}): simulated {ev.time:.1f} s, published {published:g} s, miss {miss:+.1f} s (limit {tol:g} s) [{source}]"
        )
        assert abs(miss) <= tol, f"{name}: miss {miss:+.1f} s exceeds {tol:g} s"


MAX_Q_ISSUE_14_S = 5.0
"""Issue 14 ("Done means"): Soyuz-2.1b max-Q within 5 s of the published 72 s, or the reason."""


@pytest.mark.xfail(
    strict=True,
    reason="known miss -7.5 s (64.5 s against 72 s): the dynamic pressure is flat near its "
    "maximum (41.8 kPa at 64.5 s, 39.0 kPa at 72 s, 7 % lower), so its time follows the pitch "
    "program, which baiterek optimises for mass (kick 2.1 deg at 40 m/s, a gravity turn at zero "
    "angle of attack) where Soyuz flies its own, unpublished program, and the generic Cd(Mach) "
    "table [U]; nothing is fitted to the 72 s",
)
def test_max_q_within_5_s_issue_14(trajectory):
    ev = trajectory.event("max_q")
    q_72 = float(trajectory.dynamic_pressure[abs(trajectory.time - 72.0).argmin()])
    miss = ev.time - 72.0
    print(
        f"\nmax_q: simulated {ev.time:.1f} s ({ev.dynamic_pressure / 1e3:.1f} kPa; "
        f"{q_72 / 1e3:.1f} kPa at 72 s), published 72 s, miss {miss:+.1f} s "
        f"(limit {MAX_Q_ISSUE_14_S:g} s) [SpaceBallistics Consts.h, vehicles.md sec. 3.1]"
    )
    assert abs(miss) <= MAX_Q_ISSUE_14_S
