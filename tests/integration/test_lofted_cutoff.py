"""``cutoff_flight_path_angle_deg`` (flight/configuration.py, guidance.kick_for_cutoff_angle): the
pitch-over kick is solved for a stated flight-path angle at a stage's cutoff, and the flight is
still guided to its orbit.

References: the stated angle itself (the flown trajectory's own ``flight_path_angle`` at the
cutoff must equal it), the mission's target orbit (the guidance tolerance of the other flights),
and the mass-optimal flight of the same mission (a lofted booster reaches orbit with less mass:
the loft costs gravity losses).
"""

import math

import numpy as np
import pytest

from baiterek.errors import InputError
from baiterek.flight.simulate import fly
from baiterek.mission import mission_from_dict

BASE = {
    "mission": {"name": "lofted", "vehicle": "falcon-9", "site": "ccsfs-slc-40",
                "payload_kg": 8000.0, "launch_time_utc": "2018-12-05T18:16:00Z"},
    "target": {"kind": "elliptical", "perigee_km": 200.0, "apogee_km": 360.0,
               "inclination_deg": 51.6},
}  # fmt: skip


def _mission(cfg):
    return mission_from_dict({**BASE, "configuration": cfg})


def _at_cutoff(tr, name="stage1_cutoff"):
    t = tr.event(name).time
    i = int(np.searchsorted(tr.time, t, side="right")) - 1  # the sample at the cutoff
    return math.degrees(float(tr.flight_path_angle[i])), tr


@pytest.fixture(scope="module")
def flights():
    plain = fly(_mission({"cutoff_s": {"stage1": 145.0}}))
    lofted = fly(_mission({"cutoff_s": {"stage1": 145.0},
                           "cutoff_flight_path_angle_deg": {"stage1": 45.0}}))  # fmt: skip
    return plain, lofted


def test_the_stated_angle_is_flown_and_the_orbit_reached(flights):
    plain, lofted = flights
    angle_plain, _ = _at_cutoff(plain)
    angle, _ = _at_cutoff(lofted)
    print(f"\nflight-path angle at MECO: mass-optimal {angle_plain:.2f} deg, lofted {angle:.2f} "
          f"deg (stated 45.00); kick {plain.guidance['pitch_over_kick_deg']:.3f} -> "
          f"{lofted.guidance['pitch_over_kick_deg']:.3f} deg")  # fmt: skip
    assert abs(angle - 45.0) < 0.01
    assert angle_plain < 40.0  # the mass-optimal ascent is flatter: the loft changed something
    ins = lofted.insertion
    assert lofted.status == "inserted"
    assert abs(ins.perigee_altitude / 1e3 - 200.0) < 1.0
    assert abs(ins.apogee_altitude / 1e3 - 360.0) < 1.0
    assert abs(math.degrees(ins.inclination) - 51.6) < 0.01
    assert ins.mass < plain.insertion.mass  # lofting costs mass at cutoff


@pytest.mark.parametrize(
    ("cfg", "needle"),
    [
        ({"cutoff_flight_path_angle_deg": {"stage2": 20.0}}, "before closed-loop guidance"),
        ({"cutoff_flight_path_angle_deg": {"stage1": 89.0}}, "deg: what pitch-over kicks of"),
        ({"cutoff_flight_path_angle_deg": {"stage3": 20.0}}, "a stage of falcon-9"),
        ({"cutoff_flight_path_angle_deg": {"stage1": 95.0}}, "cutoff_flight_path_angle_deg"),
    ],
)
def test_mistakes_name_the_key(cfg, needle):
    with pytest.raises(InputError) as e:
        fly(_mission({"cutoff_s": {"stage1": 145.0}, **cfg}))
    assert "configuration.cutoff_flight_path_angle_deg" in str(e.value)
    assert needle in str(e.value)
